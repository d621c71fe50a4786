import type {
  ClientEvents,
  GuildChannel,
  GuildEmoji,
  GuildMember,
  Interaction,
  Message,
  MessageReaction,
  PartialGuildMember,
  PartialMessage,
  PartialMessageReaction,
  ReactionEmoji,
  Role,
  VoiceState,
  ApplicationEmoji,
  NonThreadGuildBasedChannel,
  DMChannel,
} from 'discord.js';
import type { EventName, EventPayloads } from '@maidkit/rpc-protocol';
import { interactionKind, modalValues } from './mapInteraction.js';

/** discord.js client event → the plugin event it becomes (seed 001's sixteen). */
export const GATEWAY_EVENTS = {
  messageCreate: 'message_create',
  messageUpdate: 'message_edit',
  messageDelete: 'message_delete',
  guildMemberAdd: 'member_join',
  guildMemberRemove: 'member_leave',
  guildMemberUpdate: 'member_update',
  messageReactionAdd: 'reaction_add',
  messageReactionRemove: 'reaction_remove',
  voiceStateUpdate: 'voice_state_update',
  interactionCreate: 'interaction_create',
  channelCreate: 'channel_create',
  channelDelete: 'channel_delete',
  channelUpdate: 'channel_update',
  roleCreate: 'role_create',
  roleDelete: 'role_delete',
  roleUpdate: 'role_update',
} as const satisfies Partial<Record<keyof ClientEvents, EventName>>;

export type GatewayEventName = keyof typeof GATEWAY_EVENTS;

/** A plugin event ready for `PluginHost.dispatch(name, payload, { serverId: guildId })`. */
export interface MappedEvent<K extends EventName = EventName> {
  name: K;
  payload: EventPayloads[K] & Record<string, unknown>;
  /** The server the event belongs to: plugins are installed per server, so this routes it. */
  guildId: string;
}

type AnyMapped = { [K in EventName]: MappedEvent<K> }[EventName];

/**
 * Maps one discord.js client event to the plugin event of PROTOCOL.md §6, with the seed's payload
 * fields (snowflakes as strings, `emoji` as the unicode character or `name:id`, `timestamp` ISO 8601 UTC)
 * plus a few useful extras (`guild_id` everywhere, `username` on member events). Returns `null` for what
 * plugins do not receive: DMs and anything without a server.
 */
export function mapGatewayEvent<E extends GatewayEventName>(event: E, ...args: ClientEvents[E]): AnyMapped | null {
  const mapper = MAPPERS[event] as (...a: unknown[]) => AnyMapped | null;
  return mapper(...args);
}

function ev<K extends EventName>(name: K, guildId: string | null | undefined, payload: EventPayloads[K] & Record<string, unknown>): AnyMapped | null {
  if (!guildId) return null;
  return { name, payload, guildId } as AnyMapped;
}

/** `🎉` for a unicode emoji, `name:id` for a custom one (PROTOCOL.md §6). */
export function emojiString(emoji: GuildEmoji | ReactionEmoji | ApplicationEmoji): string {
  if (emoji.id) return `${emoji.name ?? '_'}:${emoji.id}`;
  return emoji.name ?? '';
}

function messageCreate(message: Message): AnyMapped | null {
  return ev('message_create', message.guildId, {
    message_id: message.id,
    channel_id: message.channelId,
    author_id: message.author.id,
    author_bot: message.author.bot,
    content: message.content,
    timestamp: new Date(message.createdTimestamp).toISOString(),
    guild_id: message.guildId ?? '',
    username: message.author.username,
  });
}

function messageUpdate(_old: Message | PartialMessage, message: Message | PartialMessage): AnyMapped | null {
  return ev('message_edit', message.guildId, {
    message_id: message.id,
    channel_id: message.channelId,
    // A partial (uncached) edit may lack content; plugins get a string either way.
    content: message.content ?? '',
    guild_id: message.guildId ?? '',
    ...(message.author ? { author_id: message.author.id } : {}),
    ...(message.editedTimestamp ? { edited_timestamp: new Date(message.editedTimestamp).toISOString() } : {}),
  });
}

function messageDelete(message: Message | PartialMessage): AnyMapped | null {
  return ev('message_delete', message.guildId, { message_id: message.id, channel_id: message.channelId, guild_id: message.guildId ?? '' });
}

function member(name: 'member_join' | 'member_leave', m: GuildMember | PartialGuildMember): AnyMapped | null {
  return ev(name, m.guild.id, { user_id: m.id, username: m.user?.username ?? '', guild_id: m.guild.id });
}

function memberUpdate(_old: GuildMember | PartialGuildMember, m: GuildMember): AnyMapped | null {
  // discord.js keeps @everyone (id = guild id) in the role cache; Discord's member.roles never lists it.
  const roles = [...m.roles.cache.keys()].filter((id) => id !== m.guild.id);
  return ev('member_update', m.guild.id, { user_id: m.id, roles, guild_id: m.guild.id, username: m.user.username, nick: m.nickname });
}

function reaction(name: 'reaction_add' | 'reaction_remove', r: MessageReaction | PartialMessageReaction, user: { id: string }): AnyMapped | null {
  return ev(name, r.message.guildId, { message_id: r.message.id, channel_id: r.message.channelId, user_id: user.id, emoji: emojiString(r.emoji), guild_id: r.message.guildId ?? '' });
}

function voiceStateUpdate(_old: VoiceState, state: VoiceState): AnyMapped | null {
  return ev('voice_state_update', state.guild.id, { user_id: state.id, channel_id: state.channelId, self_mute: state.selfMute ?? false, self_deaf: state.selfDeaf ?? false, guild_id: state.guild.id });
}

function interactionCreate(interaction: Interaction): AnyMapped | null {
  const kind = interactionKind(interaction);
  if (!kind) return null; // autocomplete and pings are not plugin events
  const payload: EventPayloads['interaction_create'] & Record<string, unknown> = {
    interaction_id: interaction.id,
    interaction_type: kind,
    command_name: interaction.isChatInputCommand() ? interaction.commandName : null,
    custom_id: interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId : null,
    modal_values: interaction.isModalSubmit() ? modalValues(interaction) : null,
    user_id: interaction.user.id,
    channel_id: interaction.channelId,
    guild_id: interaction.guildId,
  };
  return ev('interaction_create', interaction.guildId, payload);
}

type AnyChannel = DMChannel | NonThreadGuildBasedChannel | GuildChannel;

function channel(name: 'channel_create' | 'channel_delete' | 'channel_update', c: AnyChannel): AnyMapped | null {
  if (!('guild' in c) || !c.guild) return null;
  const base = { id: c.id, name: c.name, type: c.type, guild_id: c.guild.id };
  return ev(name, c.guild.id, base);
}

function role(name: 'role_create' | 'role_delete' | 'role_update', r: Role): AnyMapped | null {
  return ev(name, r.guild.id, { id: r.id, name: r.name, guild_id: r.guild.id });
}

const MAPPERS: { [E in GatewayEventName]: (...args: ClientEvents[E]) => AnyMapped | null } = {
  messageCreate,
  messageUpdate,
  messageDelete,
  guildMemberAdd: (m) => member('member_join', m),
  guildMemberRemove: (m) => member('member_leave', m),
  guildMemberUpdate: memberUpdate,
  messageReactionAdd: (r, u) => reaction('reaction_add', r, u),
  messageReactionRemove: (r, u) => reaction('reaction_remove', r, u),
  voiceStateUpdate,
  interactionCreate,
  channelCreate: (c) => channel('channel_create', c),
  channelDelete: (c) => channel('channel_delete', c),
  channelUpdate: (_old, c) => channel('channel_update', c),
  roleCreate: (r) => role('role_create', r),
  roleDelete: (r) => role('role_delete', r),
  roleUpdate: (_old, r) => role('role_update', r),
};
