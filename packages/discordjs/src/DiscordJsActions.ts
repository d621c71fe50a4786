import {
  MessageFlags,
  Routes,
  type Client,
  type Guild,
  type GuildMessageManager,
  type SendableChannels,
} from 'discord.js';
import type { ActionContext, DiscordActions, InteractionCallbackParams, InteractionWebhookParams, MessageBody } from '@maidkit/sandbox-runner';
import { DiscordJsError } from './DiscordJsError.js';

/** Discord's `allowed_mentions` object (API form). */
export interface AllowedMentions {
  parse?: Array<'users' | 'roles' | 'everyone'>;
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface DiscordJsActionsOptions {
  /**
   * Allowed mentions for everything plugins send (default: users and roles named in the content are
   * pinged, `@everyone`/`@here` never are — a plugin should not be able to ping a whole server).
   */
  allowedMentions?: AllowedMentions;
}

/** Top-level components other than action rows mean a Components V2 message, which needs its flag. */
function isComponentsV2(components: MessageBody['components']): boolean {
  return (components ?? []).some((c) => c['type'] !== 1);
}

/**
 * Carries out every plugin action (PROTOCOL.md §5) through discord.js. The host has already checked
 * the capability and validated the params; this layer adds what only it can know — that the channel,
 * member or DM target belongs to the install's server — performs the call, and turns Discord's errors into
 * `DiscordJsError`s the plugin can act on (`NotFound` for a deleted channel, and so on).
 */
export class DiscordJsActions implements DiscordActions {
  readonly client: Client;
  readonly #allowedMentions: AllowedMentions;

  constructor(client: Client, options: DiscordJsActionsOptions = {}) {
    this.client = client;
    this.#allowedMentions = options.allowedMentions ?? { parse: ['users', 'roles'] };
  }

  // ------------------------------------------------------------------ messages

  async sendMessage(ctx: ActionContext, params: MessageBody & { channel_id: string }): Promise<{ message_id: string }> {
    const channel = await this.#channel(ctx, params.channel_id, 'discord.send_message');
    // Straight through discord.js's REST client: the plugin needs only the id, and skipping the
    // MessagePayload/Message round trip is most of the cost of a send at high rates (bench/).
    const message = (await this.#run('discord.send_message', () => this.client.rest.post(Routes.channelMessages(channel.id), { body: this.#body(params) }))) as { id: string };
    return { message_id: message.id };
  }

  async editMessage(ctx: ActionContext, params: MessageBody & { channel_id: string; message_id: string }): Promise<void> {
    const channel = await this.#channel(ctx, params.channel_id, 'discord.edit_message');
    await this.#run('discord.edit_message', () => this.client.rest.patch(Routes.channelMessage(channel.id, params.message_id), { body: this.#body(params) }));
  }

  async deleteMessage(ctx: ActionContext, params: { channel_id: string; message_id: string }): Promise<void> {
    const channel = await this.#channel(ctx, params.channel_id, 'discord.delete_message');
    await this.#run('discord.delete_message', () => channel.messages.delete(params.message_id));
  }

  async addReaction(ctx: ActionContext, params: { channel_id: string; message_id: string; emoji: string }): Promise<void> {
    const channel = await this.#channel(ctx, params.channel_id, 'discord.add_reaction');
    await this.#run('discord.add_reaction', () => channel.messages.react(params.message_id, params.emoji));
  }

  async removeReaction(ctx: ActionContext, params: { channel_id: string; message_id: string; emoji: string; user_id?: string }): Promise<void> {
    const channel = await this.#channel(ctx, params.channel_id, 'discord.remove_reaction');
    const emoji = reactionPath(params.emoji);
    const route = params.user_id === undefined
      ? Routes.channelMessageOwnReaction(channel.id, params.message_id, emoji)
      : Routes.channelMessageUserReaction(channel.id, params.message_id, emoji, params.user_id);
    await this.#run('discord.remove_reaction', () => this.client.rest.delete(route));
  }

  // ------------------------------------------------------------------ members

  async addRole(ctx: ActionContext, params: { user_id: string; role_id: string; reason?: string }): Promise<void> {
    const guild = await this.#guild(ctx, 'discord.add_role');
    await this.#run('discord.add_role', () => guild.members.addRole({ user: params.user_id, role: params.role_id, ...(params.reason === undefined ? {} : { reason: params.reason }) }));
  }

  async removeRole(ctx: ActionContext, params: { user_id: string; role_id: string; reason?: string }): Promise<void> {
    const guild = await this.#guild(ctx, 'discord.remove_role');
    await this.#run('discord.remove_role', () => guild.members.removeRole({ user: params.user_id, role: params.role_id, ...(params.reason === undefined ? {} : { reason: params.reason }) }));
  }

  async sendDm(ctx: ActionContext, params: MessageBody & { user_id: string }): Promise<{ message_id: string }> {
    // "Send direct messages to members of this server": a plugin cannot DM arbitrary users.
    const guild = await this.#guild(ctx, 'discord.send_dm');
    await this.#run('discord.send_dm', () => guild.members.fetch(params.user_id)).catch((error: DiscordJsError) => {
      throw error.reason === 'not_found' ? new DiscordJsError('wrong_server', 'discord.send_dm', `user ${params.user_id} is not a member of server ${ctx.serverId}`) : error;
    });
    const dm = await this.#run('discord.send_dm', () => this.client.users.createDM(params.user_id));
    const message = (await this.#run('discord.send_dm', () => this.client.rest.post(Routes.channelMessages(dm.id), { body: this.#body(params) }))) as { id: string };
    return { message_id: message.id };
  }

  async timeoutMember(ctx: ActionContext, params: { user_id: string; seconds: number; reason?: string }): Promise<void> {
    const guild = await this.#guild(ctx, 'discord.timeout_member');
    const until = params.seconds === 0 ? null : Date.now() + params.seconds * 1000;
    await this.#run('discord.timeout_member', () => guild.members.edit(params.user_id, { communicationDisabledUntil: until, ...(params.reason === undefined ? {} : { reason: params.reason }) }));
  }

  async kickMember(ctx: ActionContext, params: { user_id: string; reason?: string }): Promise<void> {
    const guild = await this.#guild(ctx, 'discord.kick_member');
    await this.#run('discord.kick_member', () => guild.members.kick(params.user_id, params.reason));
  }

  async banMember(ctx: ActionContext, params: { user_id: string; reason?: string; delete_message_seconds?: number }): Promise<void> {
    const guild = await this.#guild(ctx, 'discord.ban_member');
    await this.#run('discord.ban_member', () =>
      guild.bans.create(params.user_id, {
        ...(params.reason === undefined ? {} : { reason: params.reason }),
        ...(params.delete_message_seconds === undefined ? {} : { deleteMessageSeconds: params.delete_message_seconds }),
      }),
    );
  }

  async getMember(ctx: ActionContext, params: { user_id: string }): Promise<{ user_id: string; username: string; roles: string[]; [extra: string]: unknown }> {
    const guild = await this.#guild(ctx, 'discord.get_member');
    const member = await this.#run('discord.get_member', () => guild.members.fetch(params.user_id));
    return {
      user_id: member.id,
      username: member.user.username,
      roles: [...member.roles.cache.keys()].filter((id) => id !== guild.id),
      nick: member.nickname,
      bot: member.user.bot,
      joined_at: member.joinedTimestamp === null ? null : new Date(member.joinedTimestamp).toISOString(),
    };
  }

  async getChannel(ctx: ActionContext, params: { channel_id: string }): Promise<{ id: string; name: string; type: number; [extra: string]: unknown }> {
    const channel = await this.#anyChannel(ctx, params.channel_id, 'discord.get_channel');
    return { id: channel.id, name: 'name' in channel && typeof channel.name === 'string' ? channel.name : '', type: channel.type, parent_id: 'parentId' in channel ? channel.parentId : null };
  }

  // ------------------------------------------------------------------ interactions
  // The host holds each interaction's token and decides what to send (callback type, flags, deadlines,
  // auto-defer); these three only deliver it through discord.js's REST client.

  async interactionCallback(_ctx: ActionContext, params: InteractionCallbackParams): Promise<void> {
    // Only message callbacks (4 reply, 7 update) carry content that can mention anyone.
    const data = params.data === undefined ? undefined : this.#withMentions(params.data, params.type === 4 || params.type === 7);
    await this.#run('interaction.callback', () =>
      this.client.rest.post(Routes.interactionCallback(params.interaction_id, params.token), { body: { type: params.type, ...(data === undefined ? {} : { data }) }, auth: false }),
    );
  }

  async interactionFollowup(_ctx: ActionContext, params: InteractionWebhookParams): Promise<{ message_id: string }> {
    const appId = this.#applicationId('interaction.followup');
    const message = (await this.#run('interaction.followup', () =>
      this.client.rest.post(Routes.webhook(appId, params.token), { body: this.#withMentions(params.data, true), auth: false }),
    )) as { id: string };
    return { message_id: message.id };
  }

  async interactionEditOriginal(_ctx: ActionContext, params: InteractionWebhookParams): Promise<void> {
    const appId = this.#applicationId('interaction.edit_original');
    await this.#run('interaction.edit_original', () =>
      this.client.rest.patch(Routes.webhookMessage(appId, params.token, '@original'), { body: this.#withMentions(params.data, true), auth: false }),
    );
  }

  // ------------------------------------------------------------------ internals

  /** The message as Discord's API takes it: the plugin's (already validated) JSON, untouched, plus policy. */
  #body(body: MessageBody): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (body.content !== undefined) out['content'] = body.content;
    if (body.components !== undefined) out['components'] = body.components;
    if (body.embeds !== undefined) out['embeds'] = body.embeds;
    if (isComponentsV2(body.components)) out['flags'] = MessageFlags.IsComponentsV2;
    return this.#withMentions(out, true);
  }

  /** Adds the host's mention policy to a raw message body that does not set its own. */
  #withMentions(data: Record<string, unknown>, isMessage: boolean): Record<string, unknown> {
    if (!isMessage || data['allowed_mentions'] !== undefined) return data;
    return { ...data, allowed_mentions: this.#allowedMentions };
  }

  #applicationId(action: string): string {
    const id = this.client.application?.id ?? this.client.user?.id;
    if (!id) throw new DiscordJsError('unavailable', action, 'the client is not logged in (no application id)');
    return id;
  }

  async #run<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw DiscordJsError.from(action, error);
    }
  }

  async #guild(ctx: ActionContext, action: string): Promise<Guild> {
    const cached = this.client.guilds.cache.get(ctx.serverId);
    if (cached) return cached;
    return this.#run(action, () => this.client.guilds.fetch(ctx.serverId));
  }

  async #anyChannel(ctx: ActionContext, channelId: string, action: string) {
    const channel = this.client.channels.cache.get(channelId) ?? (await this.#run(action, () => this.client.channels.fetch(channelId)));
    if (!channel) throw new DiscordJsError('not_found', action, `channel ${channelId} does not exist`);
    if (channel.isDMBased() || channel.guildId !== ctx.serverId) {
      throw new DiscordJsError('wrong_server', action, `channel ${channelId} is not in server ${ctx.serverId}`);
    }
    return channel;
  }

  async #channel(ctx: ActionContext, channelId: string, action: string): Promise<SendableChannels & { messages: GuildMessageManager }> {
    const channel = await this.#anyChannel(ctx, channelId, action);
    if (!channel.isSendable() || !('messages' in channel)) throw new DiscordJsError('rejected', action, `channel ${channelId} is not a text channel (type ${channel.type})`);
    return channel as SendableChannels & { messages: GuildMessageManager };
  }

}

/** The reaction path segment Discord expects: the unicode emoji URL-encoded, or `name:id` for a custom one. */
function reactionPath(emoji: string): string {
  const custom = /^<?a?:?(\w{1,32}):(\d{17,20})>?$/.exec(emoji);
  return custom ? `${custom[1]}:${custom[2]}` : encodeURIComponent(emoji);
}
