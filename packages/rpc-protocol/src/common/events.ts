import { s, type Infer, type Schema } from './schema.js';

/** The sixteen Discord events of seed 001, in the seed's order. */
export const EVENT_NAMES = [
  'message_create',
  'message_edit',
  'message_delete',
  'member_join',
  'member_leave',
  'member_update',
  'reaction_add',
  'reaction_remove',
  'voice_state_update',
  'interaction_create',
  'channel_create',
  'channel_delete',
  'channel_update',
  'role_create',
  'role_delete',
  'role_update',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

const { snowflake, string, boolean, integer, array, object, optional, nullable, record } = s;

const member = { user_id: snowflake(), username: string(), guild_id: snowflake() };
const reaction = { message_id: snowflake(), channel_id: snowflake(), user_id: snowflake(), emoji: string({ description: 'unicode emoji, or `name:id` for a custom one' }) };
const named = { id: snowflake(), name: string() };

/**
 * The payload fields the host guarantees for each event (PROTOCOL.md §6). Payloads are open: a host may
 * add fields, and a guest must ignore the ones it does not know.
 */
export const EventPayloadSchemas = {
  message_create: object({
    message_id: snowflake(),
    channel_id: snowflake(),
    author_id: snowflake(),
    author_bot: boolean(),
    content: string(),
    timestamp: string({ description: 'ISO 8601, UTC' }),
  }),
  message_edit: object({ message_id: snowflake(), channel_id: snowflake(), content: string() }),
  message_delete: object({ message_id: snowflake(), channel_id: snowflake() }),
  member_join: object(member),
  member_leave: object(member),
  member_update: object({ user_id: snowflake(), roles: array(snowflake()) }),
  reaction_add: object(reaction),
  reaction_remove: object(reaction),
  voice_state_update: object({
    user_id: snowflake(),
    channel_id: nullable(snowflake()),
    self_mute: boolean(),
    self_deaf: boolean(),
  }),
  interaction_create: object({
    interaction_id: snowflake(),
    interaction_type: string({ description: '"slash_command", "component" or "modal_submit" (see §7)' }),
    command_name: optional(nullable(string())),
    custom_id: optional(nullable(string())),
    modal_values: optional(nullable(record(string()))),
  }),
  channel_create: object({ ...named, type: integer({ description: 'Discord channel type' }) }),
  channel_delete: object(named),
  channel_update: object(named),
  role_create: object(named),
  role_delete: object(named),
  role_update: object(named),
} as const satisfies Record<EventName, Schema<unknown>>;

/** Typed payload per event name. */
export type EventPayloads = { [K in EventName]: Infer<(typeof EventPayloadSchemas)[K]> };
export type EventPayload<K extends EventName> = EventPayloads[K];

const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES);
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && EVENT_SET.has(name);
}
