/**
 * What a plugin may ask of Discord, implemented by the host author (with discord.js, a REST client,
 * or a test double). The host has already checked the capability and validated the params when one
 * of these is called; params are the wire's (PROTOCOL.md §5, snake_case, snowflakes as strings).
 */
export interface ActionContext {
  pluginId: string;
  installId: string;
  serverId: string;
}

export type DiscordComponent = Record<string, unknown>;
export type DiscordEmbed = Record<string, unknown>;

export interface MessageBody {
  content?: string;
  components?: DiscordComponent[];
  embeds?: DiscordEmbed[];
}

/** Interaction callback types the host sends (research/components.md §3). */
export type InteractionCallbackType = 4 | 5 | 6 | 7 | 9;

export interface InteractionCallbackParams {
  interaction_id: string;
  /** The interaction token the host was given with the interaction; never shown to the plugin. */
  token: string;
  type: InteractionCallbackType;
  /** Message (4, 7), `{flags}` (5), modal `{title, custom_id, components}` (9); absent for 6. */
  data?: Record<string, unknown>;
}

export interface InteractionWebhookParams {
  interaction_id: string;
  token: string;
  /** `{content?, components?, embeds?, flags?}`, validated. */
  data: Record<string, unknown>;
}

export interface DiscordActions {
  sendMessage(ctx: ActionContext, params: MessageBody & { channel_id: string }): Promise<{ message_id: string }>;
  editMessage(ctx: ActionContext, params: MessageBody & { channel_id: string; message_id: string }): Promise<void>;
  deleteMessage(ctx: ActionContext, params: { channel_id: string; message_id: string }): Promise<void>;
  addReaction(ctx: ActionContext, params: { channel_id: string; message_id: string; emoji: string }): Promise<void>;
  removeReaction(ctx: ActionContext, params: { channel_id: string; message_id: string; emoji: string; user_id?: string }): Promise<void>;
  addRole(ctx: ActionContext, params: { user_id: string; role_id: string; reason?: string }): Promise<void>;
  removeRole(ctx: ActionContext, params: { user_id: string; role_id: string; reason?: string }): Promise<void>;
  sendDm(ctx: ActionContext, params: MessageBody & { user_id: string }): Promise<{ message_id: string }>;
  timeoutMember(ctx: ActionContext, params: { user_id: string; seconds: number; reason?: string }): Promise<void>;
  kickMember(ctx: ActionContext, params: { user_id: string; reason?: string }): Promise<void>;
  banMember(ctx: ActionContext, params: { user_id: string; reason?: string; delete_message_seconds?: number }): Promise<void>;
  getMember(ctx: ActionContext, params: { user_id: string }): Promise<{ user_id: string; username: string; roles: string[]; [extra: string]: unknown }>;
  getChannel(ctx: ActionContext, params: { channel_id: string }): Promise<{ id: string; name: string; type: number; [extra: string]: unknown }>;
  /**
   * The initial response to an interaction (POST /interactions/{id}/{token}/callback): `type` 4 (message),
   * 5 (deferred message, "thinking…"), 6 (deferred update), 7 (update the component's message) or
   * 9 (modal); `data` is already validated by the host (ephemeral = `flags` 64). Called at most once per
   * interaction, within Discord's 3 seconds (the host auto-defers a slow handler).
   */
  interactionCallback(ctx: ActionContext, params: InteractionCallbackParams): Promise<void>;
  /** A follow-up message (POST /webhooks/{application}/{token}), allowed while the token lives (15 min). */
  interactionFollowup(ctx: ActionContext, params: InteractionWebhookParams): Promise<{ message_id: string }>;
  /** Edits the original response (PATCH /webhooks/{application}/{token}/messages/@original). */
  interactionEditOriginal(ctx: ActionContext, params: InteractionWebhookParams): Promise<void>;
}

/** Wire method → `DiscordActions` method, the one place the two spellings meet (interactions: below). */
export const DISCORD_ACTION_METHODS = {
  'discord.send_message': 'sendMessage',
  'discord.edit_message': 'editMessage',
  'discord.delete_message': 'deleteMessage',
  'discord.add_reaction': 'addReaction',
  'discord.remove_reaction': 'removeReaction',
  'discord.add_role': 'addRole',
  'discord.remove_role': 'removeRole',
  'discord.send_dm': 'sendDm',
  'discord.timeout_member': 'timeoutMember',
  'discord.kick_member': 'kickMember',
  'discord.ban_member': 'banMember',
  'discord.get_member': 'getMember',
  'discord.get_channel': 'getChannel',
} as const satisfies Record<string, keyof DiscordActions>;

export type DiscordActionMethod = keyof typeof DISCORD_ACTION_METHODS;

/**
 * The interaction calls, as recorded and reported in `action` host events (the token left out). The
 * plugin's `interaction.respond/defer/send_modal/followup/edit_original` become these (src/interactions).
 */
export const INTERACTION_ACTION_METHODS = {
  'interaction.callback': 'interactionCallback',
  'interaction.followup': 'interactionFollowup',
  'interaction.edit_original': 'interactionEditOriginal',
} as const satisfies Record<string, keyof DiscordActions>;

export type InteractionActionMethod = keyof typeof INTERACTION_ACTION_METHODS;
