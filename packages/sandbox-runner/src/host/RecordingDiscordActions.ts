import type { ActionContext, DiscordActions, InteractionActionMethod, InteractionCallbackParams, InteractionWebhookParams, MessageBody } from './DiscordActions.js';
import type { DiscordActionMethod } from './DiscordActions.js';

/** One action a plugin performed, as recorded. */
export interface RecordedAction {
  method: DiscordActionMethod | InteractionActionMethod;
  pluginId: string;
  installId: string;
  serverId: string;
  params: Record<string, unknown>;
  /** What the recording answered (e.g. the made-up `message_id`). */
  result: Record<string, unknown>;
}

/**
 * A `DiscordActions` that talks to no Discord: it records every call (for examples, tests and
 * `maidkit run`) and answers with made-up, increasing snowflakes. `members`/`channels` seed the
 * read calls.
 */
export class RecordingDiscordActions implements DiscordActions {
  readonly actions: RecordedAction[] = [];
  readonly #listeners = new Set<(action: RecordedAction) => void>();
  readonly #members: Map<string, { username: string; roles: string[] }>;
  readonly #channels: Map<string, { name: string; type: number }>;
  #nextId = 1_000_000_000_000_000_000n;

  constructor(seed: { members?: Record<string, { username: string; roles: string[] }>; channels?: Record<string, { name: string; type: number }> } = {}) {
    this.#members = new Map(Object.entries(seed.members ?? {}));
    this.#channels = new Map(Object.entries(seed.channels ?? {}));
  }

  /** Calls `listener` for each action from now on; returns an unsubscribe function. */
  onAction(listener: (action: RecordedAction) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.actions.length = 0;
  }

  #record<R extends Record<string, unknown>>(method: DiscordActionMethod | InteractionActionMethod, ctx: ActionContext, params: object, result: R): R {
    const action: RecordedAction = { method, pluginId: ctx.pluginId, installId: ctx.installId, serverId: ctx.serverId, params: { ...params }, result };
    this.actions.push(action);
    for (const listener of this.#listeners) listener(action);
    return result;
  }

  #id(): string {
    return String(this.#nextId++);
  }

  async sendMessage(ctx: ActionContext, params: MessageBody & { channel_id: string }) {
    return this.#record('discord.send_message', ctx, params, { message_id: this.#id() });
  }
  async editMessage(ctx: ActionContext, params: MessageBody & { channel_id: string; message_id: string }) {
    this.#record('discord.edit_message', ctx, params, {});
  }
  async deleteMessage(ctx: ActionContext, params: { channel_id: string; message_id: string }) {
    this.#record('discord.delete_message', ctx, params, {});
  }
  async addReaction(ctx: ActionContext, params: { channel_id: string; message_id: string; emoji: string }) {
    this.#record('discord.add_reaction', ctx, params, {});
  }
  async removeReaction(ctx: ActionContext, params: { channel_id: string; message_id: string; emoji: string; user_id?: string }) {
    this.#record('discord.remove_reaction', ctx, params, {});
  }
  async addRole(ctx: ActionContext, params: { user_id: string; role_id: string; reason?: string }) {
    this.#record('discord.add_role', ctx, params, {});
  }
  async removeRole(ctx: ActionContext, params: { user_id: string; role_id: string; reason?: string }) {
    this.#record('discord.remove_role', ctx, params, {});
  }
  async sendDm(ctx: ActionContext, params: MessageBody & { user_id: string }) {
    return this.#record('discord.send_dm', ctx, params, { message_id: this.#id() });
  }
  async timeoutMember(ctx: ActionContext, params: { user_id: string; seconds: number; reason?: string }) {
    this.#record('discord.timeout_member', ctx, params, {});
  }
  async kickMember(ctx: ActionContext, params: { user_id: string; reason?: string }) {
    this.#record('discord.kick_member', ctx, params, {});
  }
  async banMember(ctx: ActionContext, params: { user_id: string; reason?: string; delete_message_seconds?: number }) {
    this.#record('discord.ban_member', ctx, params, {});
  }
  async getMember(ctx: ActionContext, params: { user_id: string }) {
    const member = this.#members.get(params.user_id) ?? { username: `user_${params.user_id}`, roles: [] };
    return this.#record('discord.get_member', ctx, params, { user_id: params.user_id, username: member.username, roles: [...member.roles] });
  }
  async getChannel(ctx: ActionContext, params: { channel_id: string }) {
    const channel = this.#channels.get(params.channel_id) ?? { name: `channel_${params.channel_id}`, type: 0 };
    return this.#record('discord.get_channel', ctx, params, { id: params.channel_id, name: channel.name, type: channel.type });
  }
  // Interaction calls are recorded as sent, token included (a test double talks to no Discord).
  async interactionCallback(ctx: ActionContext, params: InteractionCallbackParams) {
    this.#record('interaction.callback', ctx, params, {});
  }
  async interactionFollowup(ctx: ActionContext, params: InteractionWebhookParams) {
    return this.#record('interaction.followup', ctx, params, { message_id: this.#id() });
  }
  async interactionEditOriginal(ctx: ActionContext, params: InteractionWebhookParams) {
    this.#record('interaction.edit_original', ctx, params, {});
  }
}
