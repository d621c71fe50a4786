import { EVENT_NAMES, EventPayloadSchemas, type EventName, type EventPayloads } from './events.js';
import { notification, request } from './descriptor.js';
import { s, type Infer } from './schema.js';
import type { JsonValue } from './json.js';

const { object, snowflake, string, enum: oneOf, optional, array, json, record, integer, nullable } = s;

/** Every host→guest dispatch names the install it is for (PROTOCOL.md §3). */
export const CtxSchema = object({ install_id: string({ minLength: 1 }), server_id: snowflake() });
export type Ctx = Infer<typeof CtxSchema>;

export const LIFECYCLE_HOOKS = ['install', 'enable', 'ready', 'disable', 'uninstall'] as const;
export type LifecycleHook = (typeof LIFECYCLE_HOOKS)[number];

export const INTERACTION_TYPES = ['slash_command', 'component', 'modal_submit'] as const;

/** The interaction object of §7: the same dict the seed's handlers receive as `event`. */
export const InteractionSchema = object({
  interaction_id: snowflake(),
  interaction_type: oneOf(INTERACTION_TYPES),
  command_name: optional(string()),
  custom_id: optional(string()),
  options: optional(array(object({ name: string(), type: integer({ minimum: 1 }), value: optional(json()) }))),
  values: optional(array(string())),
  modal_values: optional(record(string())),
  user_id: snowflake(),
  channel_id: optional(nullable(snowflake())),
  guild_id: optional(nullable(snowflake())),
});
export type Interaction = Infer<typeof InteractionSchema>;

/** `{ctx, name, payload}` with the payload type following the name. */
export type EventParams = { [K in EventName]: { ctx: Ctx; name: K; payload: EventPayloads[K] } }[EventName];

const eventParamsSchema = s.raw<EventParams>({
  type: 'object',
  required: ['ctx', 'name', 'payload'],
  properties: { ctx: CtxSchema.json, name: { type: 'string', enum: [...EVENT_NAMES] }, payload: { type: 'object' } },
  // The payload's schema follows `name`; one branch per event keeps error paths short and exact.
  allOf: EVENT_NAMES.map((name) => ({
    if: { properties: { name: { const: name } }, required: ['name'] },
    then: { properties: { payload: EventPayloadSchemas[name].json } },
  })),
});

export const lifecycle = request({
  method: 'lifecycle',
  direction: 'host_to_guest',
  description: 'Run a lifecycle hook (on_install, on_enable, on_ready, on_disable, on_uninstall).',
  params: object({ ctx: CtxSchema, hook: oneOf(LIFECYCLE_HOOKS) }),
  result: s.null(),
});

export const event = notification({
  method: 'event',
  direction: 'host_to_guest',
  description: 'One Discord event. Counted against the flow window until the guest sends flow.ack.',
  params: eventParamsSchema,
});

const interactionParams = object({ ctx: CtxSchema, interaction: InteractionSchema });

export const slashCommand = request({
  method: 'slash_command',
  direction: 'host_to_guest',
  description: 'A slash command, routed by interaction.command_name.',
  params: interactionParams,
  result: s.null(),
});

export const component = request({
  method: 'component',
  direction: 'host_to_guest',
  description: 'A button click or select-menu choice, routed by exact interaction.custom_id.',
  params: interactionParams,
  result: s.null(),
});

export const modalSubmit = request({
  method: 'modal_submit',
  direction: 'host_to_guest',
  description: 'A modal submission, routed by exact interaction.custom_id; values in interaction.modal_values.',
  params: interactionParams,
  result: s.null(),
});

export const dashboard = request({
  method: 'dashboard',
  direction: 'host_to_guest',
  description: 'A dashboard handler call; params.discord_srv_id is always set by the host.',
  params: object({
    ctx: CtxSchema,
    method: string({ minLength: 1 }),
    params: s.raw<{ discord_srv_id: string; [key: string]: JsonValue }>({
      type: 'object',
      required: ['discord_srv_id'],
      properties: { discord_srv_id: snowflake().json },
    }),
  }),
  result: json('the handler\'s return value'),
});

export const taskTick = request({
  method: 'task.tick',
  direction: 'host_to_guest',
  description: 'A host-driven schedule or cron tick (pool mode: server-side cron).',
  params: object({ ctx: CtxSchema, kind: oneOf(['schedule', 'cron'] as const), name: string({ minLength: 1 }) }),
  result: s.null(),
});
