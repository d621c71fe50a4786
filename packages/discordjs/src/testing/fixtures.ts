/**
 * Raw Discord API objects (snake_case, as the gateway and REST send them) for the stand-in, built from
 * a small description of a guild. Only the fields discord.js reads are filled in.
 */

export interface StandInUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface StandInGuild {
  id: string;
  name: string;
  ownerId: string;
  channels: Array<{ id: string; name: string; type?: number }>;
  roles: Array<{ id: string; name: string }>;
  members: Array<StandInUser & { roles?: string[]; nick?: string }>;
}

export function rawUser(user: StandInUser): Record<string, unknown> {
  return { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, bot: user.bot ?? false, flags: 0 };
}

export function rawMember(member: StandInGuild['members'][number]): Record<string, unknown> {
  return {
    user: rawUser(member),
    nick: member.nick ?? null,
    roles: member.roles ?? [],
    joined_at: '2026-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export function rawRole(role: { id: string; name: string }, position = 1): Record<string, unknown> {
  return { id: role.id, name: role.name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position, permissions: '0', managed: false, mentionable: false, flags: 0 };
}

export function rawChannel(channel: { id: string; name: string; type?: number }, guildId: string, position = 0): Record<string, unknown> {
  return { id: channel.id, type: channel.type ?? 0, guild_id: guildId, name: channel.name, position, permission_overwrites: [], topic: null, nsfw: false, parent_id: null, last_message_id: null, rate_limit_per_user: 0 };
}

export function guildCreatePayload(guild: StandInGuild): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [rawRole({ id: guild.id, name: '@everyone' }, 0), ...guild.roles.map((r, i) => rawRole(r, i + 1))],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members.map(rawMember),
    channels: guild.channels.map((c, i) => rawChannel(c, guild.id, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function rawMessage(input: { id: string; channelId: string; guildId?: string; author: StandInUser; content: string; timestamp?: string; editedTimestamp?: string | null; components?: unknown[]; embeds?: unknown[]; flags?: number }): Record<string, unknown> {
  return {
    id: input.id,
    channel_id: input.channelId,
    ...(input.guildId === undefined ? {} : { guild_id: input.guildId }),
    author: rawUser(input.author),
    content: input.content,
    timestamp: input.timestamp ?? new Date().toISOString(),
    edited_timestamp: input.editedTimestamp ?? null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    pinned: false,
    type: 0,
    flags: input.flags ?? 0,
  };
}
