import { notification, request } from './descriptor.js';
import { s, type Infer } from './schema.js';

const { object, string, integer, array, optional, nullable, enum: oneOf, boolean, union } = s;

export const LimitsSchema = object({
  max_message_bytes: integer({ minimum: 1024 }),
  request_timeout_ms: integer({ minimum: 1 }),
  max_concurrency: integer({ minimum: 1 }),
  flow_window: integer({ minimum: 1 }),
});
export type Limits = Infer<typeof LimitsSchema>;

const nameVersion = object({ name: string(), version: string() });

export const InitializeParamsSchema = object({
  protocol_versions: array(string({ minLength: 1 }), { minItems: 1, description: 'what the host speaks, newest first' }),
  host: nameVersion,
  plugin: object({ id: string({ minLength: 1 }), version: string() }),
  mode: oneOf(['single', 'pool'] as const),
  install: nullable(object({ install_id: string({ minLength: 1 }), server_id: s.snowflake() })),
  capabilities: array(string()),
  limits: LimitsSchema,
});
export type InitializeParams = Infer<typeof InitializeParamsSchema>;

export const HANDLER_KINDS = ['lifecycle', 'events', 'slash_commands', 'components', 'modals', 'dashboard', 'schedules', 'crons'] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

export const RegisteredHandlersSchema = object({
  lifecycle: optional(array(string())),
  events: optional(array(string())),
  slash_commands: optional(array(string())),
  components: optional(array(string())),
  modals: optional(array(string())),
  dashboard: optional(array(string())),
  schedules: optional(array(object({ name: string(), seconds: s.number({ minimum: 0 }) }))),
  crons: optional(array(object({ name: string(), spec: string() }))),
});
export type RegisteredHandlers = Infer<typeof RegisteredHandlersSchema>;

export const InitializeResultSchema = object({
  protocol_version: string({ minLength: 1 }),
  sdk: object({ name: string(), version: string(), language: string() }),
  handlers: RegisteredHandlersSchema,
});
export type InitializeResult = Infer<typeof InitializeResultSchema>;

export const initialize = request({
  method: 'initialize',
  direction: 'host_to_guest',
  description: 'The first message: the host offers protocol versions and limits; the guest picks a version and lists its handlers.',
  params: InitializeParamsSchema,
  result: InitializeResultSchema,
});

export const initialized = notification({
  method: 'initialized',
  direction: 'host_to_guest',
  description: 'The handshake is complete; the guest may now send requests.',
  params: s.empty(),
});

export const healthPing = request({
  method: 'health.ping',
  direction: 'host_to_guest',
  description: 'Liveness probe; answered even while handlers are busy.',
  params: s.empty(),
  result: object({ ok: boolean(), pending: integer({ minimum: 0 }) }),
});

export const shutdown = request({
  method: 'shutdown',
  direction: 'host_to_guest',
  description: 'Finish or abandon running handlers within deadline_ms, answer null, then exit 0.',
  params: object({ reason: string(), deadline_ms: integer({ minimum: 0 }) }),
  result: s.null(),
});

export const cancelRequest = notification({
  method: '$/cancelRequest',
  direction: 'both',
  description: 'The caller no longer waits for request `id`; the receiver answers -32006 if still running.',
  params: object({ id: union(integer(), string()) }),
});

export const LOG_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ErrorInfoSchema = object({ type: string(), message: string(), traceback: optional(string()) });
export type ErrorInfo = Infer<typeof ErrorInfoSchema>;

export const log = notification({
  method: 'log',
  direction: 'guest_to_host',
  description: 'A log line from the plugin (ctx.log, print(), an exception in an event handler).',
  params: object({
    install_id: optional(string({ minLength: 1 })),
    level: oneOf(LOG_LEVELS),
    message: string(),
    error: optional(ErrorInfoSchema),
  }),
});

export const flowAck = notification({
  method: 'flow.ack',
  direction: 'guest_to_host',
  description: 'The guest finished handling `count` events; the host may send that many more.',
  params: object({ count: integer({ minimum: 1 }) }),
});
