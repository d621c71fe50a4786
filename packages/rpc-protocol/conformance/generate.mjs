#!/usr/bin/env node
// Writes the conformance vectors (conformance/*.json). The JSON files are the contract that both the
// TypeScript tests and every guest SDK replay; this script only exists so they are edited in one place
// and raw frames get exact byte counts. Run: node packages/rpc-protocol/conformance/generate.mjs

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };
const limits = { max_message_bytes: 1048576, request_timeout_ms: 10000, max_concurrency: 8, flow_window: 1024 };
const initParams = (overrides = {}) => ({
  protocol_versions: ['1.0'],
  host: { name: 'maidkit', version: '0.1.0' },
  plugin: { id: 'conformance_guest', version: '1.0.0' },
  mode: 'single',
  install: { install_id: 'inst_1', server_id: '123456789012345678' },
  capabilities: ['discord:send_message', 'interaction:respond'],
  limits,
  ...overrides,
});

/** The handshake every vector starts with (the guest may log in between; the replayer skips `log`). */
const handshake = (overrides) => [
  { send: { jsonrpc: '2.0', id: 1, method: 'initialize', params: initParams(overrides) } },
  { expect: { jsonrpc: '2.0', id: 1, result: { protocol_version: '1.0' } } },
  { send: { jsonrpc: '2.0', method: 'initialized', params: {} } },
];

const ping = (id) => [
  { send: { jsonrpc: '2.0', id, method: 'health.ping', params: {} } },
  { expect: { jsonrpc: '2.0', id, result: { ok: true, pending: '<any>' } } },
];

const frame = (body) => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
const rawFrame = (buf) => Buffer.concat([Buffer.from(`Content-Length: ${buf.length}\r\n\r\n`, 'latin1'), buf]).toString('base64');

const interaction = (fields) => ({
  interaction_id: '900000000000000001',
  user_id: '200000000000000002',
  channel_id: '300000000000000003',
  guild_id: '123456789012345678',
  ...fields,
});
const slash = (id, command_name, options = [], dispatchCtx = ctx) => ({
  jsonrpc: '2.0', id, method: 'slash_command',
  params: { ctx: dispatchCtx, interaction: interaction({ interaction_type: 'slash_command', command_name, options }) },
});
const respondExpect = (content) => ({
  jsonrpc: '2.0', id: '<id:respond>', method: 'interaction.respond',
  params: { install_id: 'inst_1', interaction_id: '900000000000000001', content },
});

const vectors = [
  {
    name: 'handshake_ok',
    description: 'The host offers 1.0; the guest answers with the version, its SDK and its handlers, then answers a ping.',
    steps: [
      { send: { jsonrpc: '2.0', id: 1, method: 'initialize', params: initParams({ protocol_versions: ['2.0', '1.0'] }) } },
      {
        expect: {
          jsonrpc: '2.0', id: 1,
          result: {
            protocol_version: '1.0',
            sdk: { name: '<any>', version: '<any>', language: '<any>' },
            handlers: {
              lifecycle: ['ready'],
              events: ['message_create'],
              slash_commands: ['kv_get', 'send', 'slow'],
              components: ['boom'],
              modals: ['feedback_form'],
              dashboard: ['echo'],
            },
          },
        },
      },
      { send: { jsonrpc: '2.0', method: 'initialized', params: {} } },
      ...ping(2),
    ],
  },
  {
    name: 'version_mismatch',
    description: 'The host offers only versions the guest does not speak: -32010 naming both lists, then the guest exits.',
    steps: [
      { send: { jsonrpc: '2.0', id: 1, method: 'initialize', params: initParams({ protocol_versions: ['9.0', '8.1'] }) } },
      { expect: { jsonrpc: '2.0', id: 1, error: { code: -32010, message: '<any>', data: { supported: ['1.0'] } } } },
      { expect_close: true },
    ],
  },
  {
    name: 'ping',
    description: 'health.ping answers {ok: true, pending: 0} when idle.',
    steps: [...handshake(), { send: { jsonrpc: '2.0', id: 2, method: 'health.ping', params: {} } }, { expect: { jsonrpc: '2.0', id: 2, result: { ok: true, pending: 0 } } }],
  },
  {
    name: 'lifecycle',
    description: 'A registered hook runs and answers null; an unregistered hook is a no-op that also answers null.',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'lifecycle', params: { ctx, hook: 'ready' } } },
      { expect: { jsonrpc: '2.0', id: 2, result: null } },
      { send: { jsonrpc: '2.0', id: 3, method: 'lifecycle', params: { ctx, hook: 'install' } } },
      { expect: { jsonrpc: '2.0', id: 3, result: null } },
    ],
  },
  {
    name: 'event_stream_flow_ack',
    description: 'Five events (notifications) to a registered no-op handler and one to an unregistered event: the guest acknowledges all six with flow.ack (batched as it likes) and sends nothing else.',
    steps: [
      ...handshake(),
      ...[1, 2, 3, 4, 5].map((n) => ({
        send: {
          jsonrpc: '2.0', method: 'event',
          params: {
            ctx, name: 'message_create',
            payload: { message_id: `50000000000000000${n}`, channel_id: '300000000000000003', author_id: '200000000000000002', author_bot: false, content: `hello ${n}`, timestamp: '2026-04-01T12:00:00.000Z' },
          },
        },
      })),
      { send: { jsonrpc: '2.0', method: 'event', params: { ctx, name: 'role_create', payload: { id: '400000000000000004', name: 'Gamer' } } } },
      { expect_flow_ack: 6 },
      ...ping(2),
    ],
  },
  {
    name: 'request_response',
    description: 'A host→guest request with a result (dashboard echo), then a guest→host request: the slash command calls kv.get and responds with the value.',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'dashboard', params: { ctx, method: 'echo', params: { discord_srv_id: '123456789012345678', page: 2, filter: 'ü✓' } } } },
      { expect: { jsonrpc: '2.0', id: 2, result: { discord_srv_id: '123456789012345678', page: 2, filter: 'ü✓' } } },
      { send: slash(3, 'kv_get', [{ name: 'key', type: 3, value: 'greeting' }]) },
      { expect: { jsonrpc: '2.0', id: '<id:get>', method: 'kv.get', params: { install_id: 'inst_1', key: 'greeting' } } },
      { send: { jsonrpc: '2.0', id: '<id:get>', result: { value: 'hello' } } },
      { expect: respondExpect('hello') },
      { send: { jsonrpc: '2.0', id: '<id:respond>', result: {} } },
      { expect: { jsonrpc: '2.0', id: 3, result: null } },
    ],
  },
  {
    name: 'error_reply',
    description: 'A handler that raises: the request fails with -32000 HandlerError and data {type, message, traceback}; the guest keeps serving.',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'component', params: { ctx, interaction: interaction({ interaction_type: 'component', custom_id: 'boom' }) } } },
      { expect: { jsonrpc: '2.0', id: 2, error: { code: -32000, message: '<any>', data: { type: '<any>', message: 'boom', traceback: '<any>' } } } },
      ...ping(3),
    ],
  },
  {
    name: 'capability_denied',
    description: 'The host refuses a call with -32001 and data {capability}; the SDK raises it as an error carrying the code, the handler reports it.',
    steps: [
      ...handshake(),
      { send: slash(2, 'send') },
      { expect: { jsonrpc: '2.0', id: '<id:send>', method: 'discord.send_message', params: { install_id: 'inst_1', channel_id: '300000000000000003', content: 'hi' } } },
      { send: { jsonrpc: '2.0', id: '<id:send>', error: { code: -32001, message: 'capability "discord:send_message" is not granted', data: { capability: 'discord:send_message' } } } },
      { expect: respondExpect('error:-32001:discord:send_message') },
      { send: { jsonrpc: '2.0', id: '<id:respond>', result: {} } },
      { expect: { jsonrpc: '2.0', id: 2, result: null } },
    ],
  },
  {
    name: 'parse_error',
    description: 'A frame whose body is not JSON gets a -32700 reply (id null, or the id if recoverable); invalid UTF-8 too; the connection survives.',
    steps: [
      ...handshake(),
      { send_raw: frame('{"jsonrpc":"2.0","id":7,"method":"health.ping","params":{') },
      { expect: { jsonrpc: '2.0', id: '<any>', error: { code: -32700, message: '<any>' } } },
      { send_raw_base64: rawFrame(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])) },
      { expect: { jsonrpc: '2.0', id: null, error: { code: -32700, message: '<any>' } } },
      ...ping(8),
    ],
  },
  {
    name: 'invalid_request',
    description: 'Valid JSON that is not a JSON-RPC 2.0 request: a batch array and a missing "jsonrpc" member both get -32600.',
    steps: [
      ...handshake(),
      { send_raw: frame('[{"jsonrpc":"2.0","id":9,"method":"health.ping","params":{}}]') },
      { expect: { jsonrpc: '2.0', id: null, error: { code: -32600, message: '<any>' } } },
      { send: { id: 10, method: 'health.ping', params: {} } },
      { expect: { jsonrpc: '2.0', id: 10, error: { code: -32600, message: '<any>' } } },
      ...ping(11),
    ],
  },
  {
    name: 'invalid_params',
    description: 'A known method with params that fail its schema gets -32602 with data.errors.',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'slash_command', params: { ctx } } },
      { expect: { jsonrpc: '2.0', id: 2, error: { code: -32602, message: '<any>', data: { errors: '<any>' } } } },
      ...ping(3),
    ],
  },
  {
    name: 'stray_output_resync',
    description: 'Bytes that are not a frame (a stray line, a header block without Content-Length, a negative length) are discarded up to the next Content-Length header; the messages after them are not lost.',
    steps: [
      ...handshake(),
      { send_raw: 'this line is not a frame\r\n' },
      ...ping(2),
      { send_raw: `Content-Type: application/json\r\n\r\n{}${frame('{"jsonrpc":"2.0","id":3,"method":"health.ping","params":{}}')}` },
      { expect: { jsonrpc: '2.0', id: 3, result: { ok: true, pending: '<any>' } } },
      { send_raw: `Content-Length: -5\r\n\r\nhello${frame('{"jsonrpc":"2.0","id":4,"method":"health.ping","params":{}}')}` },
      { expect: { jsonrpc: '2.0', id: 4, result: { ok: true, pending: '<any>' } } },
    ],
  },
  {
    name: 'oversized_message',
    description: 'A header announcing more than limits.max_message_bytes: the guest answers -32004 with {limit, actual} (id null) without reading the body, and closes.',
    steps: [
      ...handshake({ limits: { ...limits, max_message_bytes: 65536 } }),
      { send_raw: 'Content-Length: 2000000\r\n\r\n' },
      { expect: { jsonrpc: '2.0', id: null, error: { code: -32004, message: '<any>', data: { limit: 65536, actual: 2000000 } } } },
      { expect_close: true },
    ],
  },
  {
    name: 'unknown_method',
    description: 'An unknown method, and a slash command the plugin did not register, get -32601; an unknown notification and a response to an unknown id are ignored.',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'no.such_method', params: {} } },
      { expect: { jsonrpc: '2.0', id: 2, error: { code: -32601, message: '<any>' } } },
      { send: slash(3, 'not_registered') },
      { expect: { jsonrpc: '2.0', id: 3, error: { code: -32601, message: '<any>' } } },
      { send: { jsonrpc: '2.0', method: 'no.such_notification', params: {} } },
      { send: { jsonrpc: '2.0', id: 999, result: {} } },
      ...ping(4),
    ],
  },
  {
    name: 'cancel',
    description: 'The host cancels a running request with $/cancelRequest: the guest answers -32006 at once; a duplicate id while it runs gets -32600.',
    steps: [
      ...handshake(),
      { send: slash(5, 'slow') },
      { sleep_ms: 50 },
      { send: { jsonrpc: '2.0', id: 5, method: 'health.ping', params: {} } },
      { expect: { jsonrpc: '2.0', id: 5, error: { code: -32600, message: '<any>' } } },
      { send: { jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 5 } } },
      { expect: { jsonrpc: '2.0', id: 5, error: { code: -32006, message: '<any>' } } },
      ...ping(6),
    ],
  },
  {
    name: 'timeout',
    description: 'The host never answers a guest request: after limits.request_timeout_ms the guest sends $/cancelRequest and the call fails with -32002.',
    steps: [
      ...handshake({ limits: { ...limits, request_timeout_ms: 300 } }),
      { send: slash(2, 'kv_get', [{ name: 'key', type: 3, value: 'greeting' }]) },
      { expect: { jsonrpc: '2.0', id: '<id:get>', method: 'kv.get', params: { install_id: 'inst_1', key: 'greeting' } } },
      { expect: { jsonrpc: '2.0', method: '$/cancelRequest', params: { id: '<id:get>' } } },
      { expect: respondExpect('error:-32002') },
      { send: { jsonrpc: '2.0', id: '<id:respond>', result: {} } },
      { expect: { jsonrpc: '2.0', id: 2, result: null } },
      { send: { jsonrpc: '2.0', id: '<id:get>', result: { value: 'too late' } } },
      ...ping(3),
    ],
  },
  {
    name: 'shutdown',
    description: 'shutdown answers null and the guest exits (closing its output).',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'shutdown', params: { reason: 'test', deadline_ms: 2000 } } },
      { expect: { jsonrpc: '2.0', id: 2, result: null } },
      { expect_close: true },
    ],
  },
  {
    name: 'interactions',
    description: 'A modal submit routed by custom_id responds with a submitted value; unregistered dashboard methods and task ticks get -32601.',
    steps: [
      ...handshake(),
      { send: { jsonrpc: '2.0', id: 2, method: 'modal_submit', params: { ctx, interaction: interaction({ interaction_type: 'modal_submit', custom_id: 'feedback_form', modal_values: { subject: 'Great bot', details: '' } }) } } },
      { expect: respondExpect('Great bot') },
      { send: { jsonrpc: '2.0', id: '<id:respond>', result: {} } },
      { expect: { jsonrpc: '2.0', id: 2, result: null } },
      { send: { jsonrpc: '2.0', id: 3, method: 'dashboard', params: { ctx, method: 'no_such_widget', params: { discord_srv_id: '123456789012345678' } } } },
      { expect: { jsonrpc: '2.0', id: 3, error: { code: -32601, message: '<any>' } } },
      { send: { jsonrpc: '2.0', id: 4, method: 'task.tick', params: { ctx, kind: 'cron', name: 'no_such_task' } } },
      { expect: { jsonrpc: '2.0', id: 4, error: { code: -32601, message: '<any>' } } },
    ],
  },
  {
    name: 'pool_mode_context',
    description: 'In pool mode (install null) each dispatch carries its own ctx, and the guest\'s calls carry that install_id.',
    steps: [
      ...handshake({ mode: 'pool', install: null }),
      { send: slash(2, 'kv_get', [{ name: 'key', type: 3, value: 'greeting' }], { install_id: 'inst_7', server_id: '777777777777777777' }) },
      { expect: { jsonrpc: '2.0', id: '<id:get>', method: 'kv.get', params: { install_id: 'inst_7', key: 'greeting' } } },
      { send: { jsonrpc: '2.0', id: '<id:get>', result: { value: 'pooled' } } },
      { expect: { jsonrpc: '2.0', id: '<id:respond>', method: 'interaction.respond', params: { install_id: 'inst_7', interaction_id: '900000000000000001', content: 'pooled' } } },
      { send: { jsonrpc: '2.0', id: '<id:respond>', result: {} } },
      { expect: { jsonrpc: '2.0', id: 2, result: null } },
    ],
  },
  {
    name: 'stdin_eof',
    description: 'When its input ends (the host died), the guest exits promptly.',
    steps: [...handshake(), ...ping(2), { close_input: true }, { expect_close: true }],
  },
];

for (const [i, v] of vectors.entries()) {
  const file = `${String(i + 1).padStart(2, '0')}_${v.name}.json`;
  writeFileSync(join(HERE, file), `${JSON.stringify({ name: v.name, description: v.description, subject: 'guest', steps: v.steps }, null, 2)}\n`);
}
console.log(`wrote ${vectors.length} vectors`);
