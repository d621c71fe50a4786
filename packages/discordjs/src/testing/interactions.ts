import { rawMember, rawMessage, type StandInGuild } from './fixtures.js';

/** A command option as Discord sends it: a value, or (sub-commands) nested options. */
export type RawOption = { name: string; type: number; value?: string | number | boolean; options?: RawOption[] };

export type RawInteractionInput =
  | { kind: 'slash_command'; name: string; options?: RawOption[] }
  | { kind: 'component'; customId: string; componentType?: number; values?: string[]; messageId?: string }
  | { kind: 'modal_submit'; customId: string; values: Record<string, string> };

/**
 * An INTERACTION_CREATE payload as Discord sends it, from `member` in `guild`'s first channel (or
 * `channelId`). `id` and `token` are given so the stand-in can check callbacks against them.
 */
export function rawInteraction(input: RawInteractionInput & { id: string; token: string; applicationId: string; guild: StandInGuild; userId: string; channelId?: string; commandId?: string; permissions?: string; resolved?: Record<string, unknown> }): Record<string, unknown> {
  const member = input.guild.members.find((m) => m.id === input.userId) ?? { id: input.userId, username: `user_${input.userId}` };
  const channelId = input.channelId ?? input.guild.channels[0]?.id ?? input.guild.id;
  const channel = input.guild.channels.find((c) => c.id === channelId);
  const base = {
    id: input.id,
    application_id: input.applicationId,
    token: input.token,
    version: 1,
    guild_id: input.guild.id,
    guild: { id: input.guild.id, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: { id: channelId, type: channel?.type ?? 0, guild_id: input.guild.id, name: channel?.name ?? 'general' },
    // Administrator by default; pass `permissions: '0'` for a member without rights.
    member: { ...rawMember(member), permissions: input.permissions ?? '8' },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': input.guild.id },
    context: 0,
    attachment_size_limit: 8_388_608,
  };
  if (input.kind === 'slash_command') {
    return { ...base, type: 2, data: { id: input.commandId ?? '1', name: input.name, type: 1, guild_id: input.guild.id, options: input.options ?? [], ...(input.resolved ? { resolved: input.resolved } : {}) } };
  }
  if (input.kind === 'component') {
    const message = rawMessage({ id: input.messageId ?? '1', channelId, guildId: input.guild.id, author: { id: input.applicationId, username: 'maidkit-bot', bot: true }, content: '' });
    return { ...base, type: 3, message, data: { custom_id: input.customId, component_type: input.componentType ?? 2, ...(input.values ? { values: input.values } : {}) } };
  }
  const components = Object.entries(input.values).map(([customId, value]) => ({ type: 1, components: [{ type: 4, custom_id: customId, value }] }));
  return { ...base, type: 5, data: { custom_id: input.customId, components } };
}
