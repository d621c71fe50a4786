import { request } from './descriptor.js';
import { s } from './schema.js';

const { object, string, snowflake, integer, array, json, optional, boolean } = s;

const installId = string({ minLength: 1, description: 'the install this call acts for (§3)' });
/** Message body fields shared by send/edit/dm/respond/followup; components and embeds are Discord API JSON. */
export const messageBody = {
  content: optional(string({ maxLength: 2000 })),
  components: optional(array(json(), { maxItems: 5 })),
  embeds: optional(array(json(), { maxItems: 10 })),
};
const reason = optional(string({ maxLength: 512 }));
const messageRef = { channel_id: snowflake(), message_id: snowflake() };
const messageIdResult = object({ message_id: snowflake() });

export const discordSendMessage = request({
  method: 'discord.send_message',
  direction: 'guest_to_host',
  capability: 'discord:send_message',
  description: 'ctx.discord.send_message',
  params: object({ install_id: installId, channel_id: snowflake(), ...messageBody }),
  result: messageIdResult,
});

export const discordEditMessage = request({
  method: 'discord.edit_message',
  direction: 'guest_to_host',
  capability: 'discord:send_message',
  description: 'ctx.discord.edit_message',
  params: object({ install_id: installId, ...messageRef, ...messageBody }),
  result: s.empty(),
});

export const discordDeleteMessage = request({
  method: 'discord.delete_message',
  direction: 'guest_to_host',
  capability: 'discord:manage_messages',
  description: 'ctx.discord.delete_message',
  params: object({ install_id: installId, ...messageRef }),
  result: s.empty(),
});

export const discordAddReaction = request({
  method: 'discord.add_reaction',
  direction: 'guest_to_host',
  capability: 'discord:add_reactions',
  description: 'ctx.discord.add_reaction',
  params: object({ install_id: installId, ...messageRef, emoji: string({ minLength: 1 }) }),
  result: s.empty(),
});

export const discordRemoveReaction = request({
  method: 'discord.remove_reaction',
  direction: 'guest_to_host',
  capability: 'discord:add_reactions',
  description: 'ctx.discord.remove_reaction (user_id omitted: the bot\'s own reaction)',
  params: object({ install_id: installId, ...messageRef, emoji: string({ minLength: 1 }), user_id: optional(snowflake()) }),
  result: s.empty(),
});

const roleParams = object({ install_id: installId, user_id: snowflake(), role_id: snowflake(), reason });

export const discordAddRole = request({
  method: 'discord.add_role',
  direction: 'guest_to_host',
  capability: 'discord:manage_roles',
  description: 'ctx.discord.add_role',
  params: roleParams,
  result: s.empty(),
});

export const discordRemoveRole = request({
  method: 'discord.remove_role',
  direction: 'guest_to_host',
  capability: 'discord:manage_roles',
  description: 'ctx.discord.remove_role',
  params: roleParams,
  result: s.empty(),
});

export const discordSendDm = request({
  method: 'discord.send_dm',
  direction: 'guest_to_host',
  capability: 'discord:send_dm',
  description: 'ctx.discord.send_dm',
  params: object({ install_id: installId, user_id: snowflake(), ...messageBody }),
  result: messageIdResult,
});

export const discordTimeoutMember = request({
  method: 'discord.timeout_member',
  direction: 'guest_to_host',
  capability: 'discord:moderate_members',
  description: 'ctx.discord.timeout_member (Discord caps a timeout at 28 days)',
  params: object({ install_id: installId, user_id: snowflake(), seconds: integer({ minimum: 0, maximum: 2_419_200 }), reason }),
  result: s.empty(),
});

export const discordKickMember = request({
  method: 'discord.kick_member',
  direction: 'guest_to_host',
  capability: 'discord:kick_members',
  description: 'ctx.discord.kick_member',
  params: object({ install_id: installId, user_id: snowflake(), reason }),
  result: s.empty(),
});

export const discordBanMember = request({
  method: 'discord.ban_member',
  direction: 'guest_to_host',
  capability: 'discord:ban_members',
  description: 'ctx.discord.ban_member (Discord deletes at most 7 days of messages)',
  params: object({ install_id: installId, user_id: snowflake(), reason, delete_message_seconds: optional(integer({ minimum: 0, maximum: 604_800 })) }),
  result: s.empty(),
});

export const discordGetMember = request({
  method: 'discord.get_member',
  direction: 'guest_to_host',
  capability: 'discord:read',
  description: 'ctx.discord.get_member',
  params: object({ install_id: installId, user_id: snowflake() }),
  result: object({ user_id: snowflake(), username: string(), roles: array(snowflake()), nick: optional(s.nullable(string())), bot: optional(boolean()) }),
});

export const discordGetChannel = request({
  method: 'discord.get_channel',
  direction: 'guest_to_host',
  capability: 'discord:read',
  description: 'ctx.discord.get_channel',
  params: object({ install_id: installId, channel_id: snowflake() }),
  result: object({ id: snowflake(), name: string(), type: integer() }),
});
