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
  interactionRespond(ctx: ActionContext, params: MessageBody & { interaction_id: string; ephemeral?: boolean }): Promise<void>;
  interactionDefer(ctx: ActionContext, params: { interaction_id: string; ephemeral?: boolean }): Promise<void>;
  interactionSendModal(ctx: ActionContext, params: { interaction_id: string; title: string; custom_id: string; components: DiscordComponent[] }): Promise<void>;
  interactionFollowup(ctx: ActionContext, params: MessageBody & { interaction_id: string; ephemeral?: boolean }): Promise<{ message_id: string }>;
  interactionEditOriginal(ctx: ActionContext, params: MessageBody & { interaction_id: string }): Promise<void>;
}

/** Wire method → `DiscordActions` method, the one place the two spellings meet. */
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
  'interaction.respond': 'interactionRespond',
  'interaction.defer': 'interactionDefer',
  'interaction.send_modal': 'interactionSendModal',
  'interaction.followup': 'interactionFollowup',
  'interaction.edit_original': 'interactionEditOriginal',
} as const satisfies Record<string, keyof DiscordActions>;

export type DiscordActionMethod = keyof typeof DISCORD_ACTION_METHODS;
