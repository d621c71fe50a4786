import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVENT_NAMES,
  METHOD_LIST,
  Methods,
  buildSchemaFiles,
  validateParams,
  validateResult,
} from '../src/index.js';

const dir = join(import.meta.dirname, '..', 'schemas');
const protocolMd = readFileSync(join(import.meta.dirname, '..', 'PROTOCOL.md'), 'utf8');

describe('schemas/', () => {
  const files = buildSchemaFiles();

  it('GIVEN the descriptors THEN schemas/ holds exactly the generated files (UPDATE_SCHEMAS=1 rewrites them)', () => {
    if (process.env['UPDATE_SCHEMAS'] === '1') {
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), `${JSON.stringify(content, null, 2)}\n`);
    }
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(onDisk).toEqual(Object.keys(files).sort());
    for (const [name, content] of Object.entries(files)) {
      expect(JSON.parse(readFileSync(join(dir, name), 'utf8')), `${name} is stale: run UPDATE_SCHEMAS=1 npx vitest run --project rpc-protocol`).toEqual(content);
    }
  });

  it('GIVEN PROTOCOL.md THEN every method and event it names has a descriptor, and the reverse', () => {
    for (const d of METHOD_LIST) expect(protocolMd, `PROTOCOL.md does not mention ${d.method}`).toContain(`\`${d.method}\``);
    for (const name of EVENT_NAMES) expect(protocolMd).toContain(`\`${name}\``);
    const tableMethods = [...protocolMd.matchAll(/^\| `([a-z$][\w./]*)`(?: \/ `([\w.]+)` \/ `([\w.]+)`)?/gm)]
      .flatMap((m) => [m[1], m[2], m[3]])
      .filter((m): m is string => m !== undefined && (m.includes('.') || m.includes('/') || !EVENT_NAMES.includes(m as never)));
    const known = new Set(METHOD_LIST.map((d) => d.method));
    const fieldNames = new Set(['protocol_versions', 'host', 'plugin', 'mode', 'install', 'capabilities', 'lifecycle', 'events', 'slash_commands', 'components', 'modals', 'dashboard', 'schedules', 'crons', 'interaction_id', 'interaction_type', 'command_name', 'custom_id', 'options', 'values', 'modal_values', 'user_id', 'channel_id', 'step', 'key', 'limits.max_message_bytes', 'limits.request_timeout_ms', 'limits.max_concurrency', 'limits.flow_window']);
    for (const m of tableMethods) {
      if (fieldNames.has(m) || /^\{/.test(m)) continue;
      expect(known.has(m), `PROTOCOL.md lists "${m}" but no descriptor has that method`).toBe(true);
    }
  });

  it('GIVEN every method THEN capabilities sit on guest→host requests only', () => {
    for (const d of METHOD_LIST) {
      if (d.capability !== undefined) expect([d.method, d.direction, d.kind]).toEqual([d.method, 'guest_to_host', 'request']);
      if (d.direction === 'guest_to_host' && d.kind === 'request') expect(d.capability, d.method).toBeTypeOf('string');
    }
  });
});

describe('validateParams', () => {
  const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };

  it('GIVEN an event whose payload misses fields THEN each missing field is reported with its pointer', () => {
    const issues = validateParams('event', { ctx, name: 'message_create', payload: { message_id: '1', author_bot: 'no' } });
    expect(issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual([
      '/payload/author_bot type',
      '/payload/author_id required',
      '/payload/channel_id required',
      '/payload/content required',
      '/payload/timestamp required',
    ]);
  });

  it('GIVEN each of the sixteen events with its guaranteed payload THEN it validates', () => {
    const samples: Record<string, object> = {
      message_create: { message_id: '1', channel_id: '2', author_id: '3', author_bot: false, content: 'hi', timestamp: '2026-01-01T00:00:00Z' },
      message_edit: { message_id: '1', channel_id: '2', content: 'x' },
      message_delete: { message_id: '1', channel_id: '2' },
      member_join: { user_id: '1', username: 'a', guild_id: '2' },
      member_leave: { user_id: '1', username: 'a', guild_id: '2' },
      member_update: { user_id: '1', roles: ['5', '6'] },
      reaction_add: { message_id: '1', channel_id: '2', user_id: '3', emoji: '🎉' },
      reaction_remove: { message_id: '1', channel_id: '2', user_id: '3', emoji: 'party:123' },
      voice_state_update: { user_id: '1', channel_id: null, self_mute: true, self_deaf: false },
      interaction_create: { interaction_id: '1', interaction_type: 'component', custom_id: 'yes', command_name: null },
      channel_create: { id: '1', name: 'general', type: 0 },
      channel_delete: { id: '1', name: 'general' },
      channel_update: { id: '1', name: 'general' },
      role_create: { id: '1', name: 'Gamer' },
      role_delete: { id: '1', name: 'Gamer' },
      role_update: { id: '1', name: 'Gamer' },
    };
    expect(Object.keys(samples).sort()).toEqual([...EVENT_NAMES].sort());
    for (const name of EVENT_NAMES) expect(validateParams('event', { ctx, name, payload: { ...samples[name], extra: 1 } }), name).toEqual([]);
    expect(validateParams('event', { ctx, name: 'message_sent', payload: {} })[0]).toMatchObject({ path: '/name', code: 'enum' });
  });

  it('GIVEN hostile params THEN every problem comes back at once, never a throw', () => {
    for (const params of [null, 42, 'x', [], { install_id: 7 }, { install_id: 'i', key: '' }, { ['__proto__']: { key: 'x' } }]) {
      const issues = validateParams(Methods.kvGet.method, params);
      expect(issues.length).toBeGreaterThan(0);
      for (const i of issues) expect(i.path).toMatch(/^(\/[^/]*)*$/);
    }
    expect(validateParams('kv.get', { install_id: 'i', key: 'k' })).toEqual([]);
    expect(validateParams('no.such', {})).toEqual([{ path: '', code: 'unknown_method', message: '"no.such" is not a method of the maidkit protocol' }]);
  });

  it('GIVEN results THEN validateResult checks them against the result schema', () => {
    expect(validateResult('health.ping', { ok: true, pending: 0 })).toEqual([]);
    expect(validateResult('health.ping', { ok: 'yes' }).map((i) => i.path).sort()).toEqual(['/ok', '/pending']);
    expect(validateResult('log', {})[0]?.code).toBe('not_a_request');
  });
});

describe('PROTOCOL.md §2.5 transcript', () => {
  it('GIVEN each frame of the byte-for-byte session THEN its length is exact and its params and results pass the schemas', () => {
    const section = protocolMd.slice(protocolMd.indexOf('### 2.5'), protocolMd.indexOf('## 3.'));
    const frames = [...section.matchAll(/^([→←]) Content-Length: (\d+)\\r\\n\\r\\n(.*)$/gm)];
    expect(frames.length).toBeGreaterThanOrEqual(10);
    const methodById = new Map<string, string>();
    for (const [, dir, length, body] of frames) {
      expect(Buffer.byteLength(body!), body).toBe(Number(length));
      const msg = JSON.parse(body!) as { id?: number; method?: string; params?: unknown; result?: unknown };
      // requests from each side have their own id space
      const key = (requester: string) => `${requester}:${msg.id}`;
      if (msg.method) {
        expect(validateParams(msg.method, msg.params), msg.method).toEqual([]);
        if (msg.id !== undefined) methodById.set(key(dir!), msg.method);
      } else {
        const method = methodById.get(key(dir === '→' ? '←' : '→'));
        expect(method, `response ${body} answers no request`).toBeDefined();
        expect(validateResult(method!, msg.result), method).toEqual([]);
      }
    }
  });
});
