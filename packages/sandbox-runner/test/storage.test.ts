import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryKvProvider, SqliteKvProvider, type KvProvider } from '../src/index.js';
import { cleanupScratch, helloPlugin, makeHost, message, pluginDir, waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'maidkit-storage-test-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanupScratch();
});

const providers: Array<[string, () => KvProvider]> = [
  ['SqliteKvProvider', () => new SqliteKvProvider(join(dir, `kv-${Math.random()}.db`))],
  ['MemoryKvProvider', () => new MemoryKvProvider()],
];

describe.each(providers)('%s', (_name, make) => {
  it('GIVEN two installs THEN their keys never mix, and wipe removes only one', async () => {
    const kv = make();
    await kv.set('a', 'k', { n: 1 });
    await kv.set('b', 'k', [1, 'two', null]);
    expect(await kv.get('a', 'k')).toEqual({ n: 1 });
    expect(await kv.get('b', 'k')).toEqual([1, 'two', null]);
    expect(await kv.get('c', 'k')).toBeUndefined();
    await kv.wipe('a');
    expect(await kv.get('a', 'k')).toBeUndefined();
    expect(await kv.count('b')).toBe(1);
    await kv.close();
  });

  it('GIVEN many keys THEN list pages in key order by cursor, filters by prefix (with % and _ taken literally) and count agrees', async () => {
    const kv = make();
    await kv.setMany('i', Array.from({ length: 25 }, (_, i) => [`user:${String(i).padStart(2, '0')}`, i] as const));
    await kv.set('i', 'other', 1);
    await kv.set('i', 'us%r', 1);
    await kv.set('i', 'usXr', 1);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await kv.list('i', { prefix: 'user:', limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...r.keys);
      if (!r.cursor) break;
      cursor = r.cursor;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `user:${String(i).padStart(2, '0')}`));
    expect(await kv.count('i', 'user:')).toBe(25);
    expect(await kv.count('i', 'us%')).toBe(1);
    expect(await kv.count('i')).toBe(28);
    expect(await kv.delete('i', 'other')).toBe(true);
    expect(await kv.delete('i', 'other')).toBe(false);
    const many = await kv.getMany('i', ['user:00', 'missing']);
    expect([...many]).toEqual([['user:00', 0]]);
    await kv.close();
  });
});

describe('durability', () => {
  it('GIVEN values a plugin set through the SDK THEN they are on disk when acknowledged and survive reopening the database', async () => {
    const db = join(dir, 'host.db');
    const t = makeHost({ database: db });
    const code = `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def remember(ctx: Context, event: dict):
    ctx.kv.set("last", event["content"])
    ctx.kv.set("count", (ctx.kv.get("count") or 0) + 1)
    ctx.log("stored " + event["content"])
plugin.run()
`;
    const { installId } = await t.host.install({ id: 'memo', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '9' });
    t.host.dispatch('message_create', message('first'));
    await waitFor(() => t.events.some((e) => e.type === 'log' && e.message === 'stored first'));
    t.host.dispatch('message_create', message('second'));
    await waitFor(() => t.events.some((e) => e.type === 'log' && e.message === 'stored second'));
    // A second connection sees the committed rows while the host still runs: acknowledged means durable.
    const reader = new SqliteKvProvider(db);
    expect(await reader.get(installId, 'last')).toBe('second');
    await reader.close();
    await t.close();

    const reopened = new SqliteKvProvider(db);
    expect(await reopened.get(installId, 'last')).toBe('second');
    expect(await reopened.get(installId, 'count')).toBe(2);
    await reopened.close();
  });

  it('GIVEN a host restarted on the same database THEN installs are remembered and resume() starts the enabled ones', async () => {
    const db = join(dir, 'resume.db');
    const first = makeHost({ database: db });
    const { installId } = await first.host.install(helloPlugin, { serverId: '42' });
    await first.close();

    const second = makeHost({ database: db });
    try {
      expect(second.host.get(installId)).toMatchObject({ pluginId: 'my_plugin', state: 'enabled', status: 'stopped', serverId: '42' });
      const resumed = await second.host.resume();
      expect(resumed.map((i) => [i.installId, i.status])).toEqual([[installId, 'running']]);
      second.host.dispatch('message_create', message('!ping'));
      await waitFor(() => second.discord.actions.length === 1);
      await expect(second.host.install(helloPlugin, { serverId: '42' })).rejects.toMatchObject({ code: 'already_installed' });
    } finally {
      await second.close();
    }
  });

  it('GIVEN grants that miss a required capability THEN install is refused and nothing is left behind', async () => {
    const t = makeHost();
    try {
      await expect(t.host.install(helloPlugin, { serverId: '1', grant: [] })).rejects.toMatchObject({ code: 'capability_denied', data: { missing: ['discord:send_message'] } });
      expect(t.host.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
