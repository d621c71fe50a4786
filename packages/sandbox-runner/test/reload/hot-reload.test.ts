/**
 * Hot reload of directory and linked-directory plugins with real files and real workers: a change is
 * picked up, the new worker completes its handshake before the old one stops, and any failure (invalid
 * bundle, crash at boot, handshake timeout) keeps the old version serving, with the reason reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HotReloader, loadHostedPlugin, type ReloadReport } from '../../src/index.js';
import { makeHost, message, waitFor, type TestHost } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'maidkit-reload-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const code = (reply: string) => `from mmo_maid_sdk import Plugin, Context
from .reply import REPLY

plugin = Plugin()

@plugin.on_ready
def ready(ctx: Context):
    ctx.log("ready ${reply}")

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    if "!ping" in event.get("content", ""):
        ctx.discord.send_message(channel_id=event["channel_id"], content=REPLY)
`;

function directoryPlugin(version = '1.0.0'): string {
  const dir = join(root, `plugin-${++n}`);
  mkdirSync(join(dir, 'echo_dev'), { recursive: true });
  writeFileSync(join(dir, 'mcdreforged.plugin.json'), JSON.stringify({ id: 'echo_dev', version, capabilities_required: ['discord:send_message'] }));
  writeFileSync(join(dir, 'echo_dev', '__init__.py'), code('v1'));
  writeFileSync(join(dir, 'echo_dev', 'reply.py'), 'REPLY = "v1"\n');
  return dir;
}

async function replyNow(t: TestHost): Promise<unknown> {
  const before = t.discord.actions.length;
  t.host.dispatch('message_create', message('!ping', { channel_id: '42' }));
  await waitFor(() => t.discord.actions.length > before, 10_000, 'a reply');
  return t.discord.actions.at(-1)!.params['content'];
}

async function start(source: string, options: { poll?: boolean; timeouts?: { handshakeMs: number } } = {}) {
  const t = makeHost(options.timeouts ? { timeouts: options.timeouts } : {});
  const loaded = await loadHostedPlugin(source);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const info = await t.host.install(loaded.plugin, { serverId: '1' });
  const reports: ReloadReport[] = [];
  const reloader = new HotReloader(t.host, source, { installIds: () => [info.installId], initial: loaded, debounceMs: 150, pollMs: 100, ...(options.poll ? { poll: true } : {}), onReload: (r) => reports.push(r) });
  const mode = reloader.start();
  return {
    t,
    info,
    reports,
    reloader,
    mode,
    async close() {
      reloader.close();
      await t.close();
      if (reloader.current?.ok) reloader.current.dispose();
    },
  };
}

describe('hot reload of directory and linked directory plugins', () => {
  it('GIVEN a directory plugin edited on disk THEN it is reloaded: the new worker is running before the old one stops', async () => {
    const dir = directoryPlugin();
    const s = await start(dir);
    try {
      expect(s.mode).toBe('watch');
      expect(await replyNow(s.t)).toBe('v1');
      writeFileSync(join(dir, 'echo_dev', 'reply.py'), 'REPLY = "v2"\n');
      writeFileSync(join(dir, 'mcdreforged.plugin.json'), JSON.stringify({ id: 'echo_dev', version: '1.0.1', capabilities_required: ['discord:send_message'] }));
      await waitFor(() => s.reports.length === 1, 15_000, 'a reload');
      expect(s.reports[0]).toMatchObject({ ok: true, version: '1.0.1', reloaded: [s.info.installId], failures: [] });
      expect(await replyNow(s.t)).toBe('v2');
      expect(s.t.host.get(s.info.installId)).toMatchObject({ pluginVersion: '1.0.1', status: 'running' });
      // Order of this install's statuses: the new worker reached running, then the old one stopped.
      const statuses = s.t.events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? `${e.status}${e.reason?.startsWith('replaced by') ? ':replaced' : ''}` : ''));
      const replaced = statuses.indexOf('stopping:replaced');
      expect(replaced).toBeGreaterThan(0);
      expect(statuses.slice(0, replaced).filter((x) => x === 'running')).toHaveLength(2); // the old one's, then the new one's
    } finally {
      await s.close();
    }
  });

  it('GIVEN a broken edit (invalid metadata, then a crash at import) THEN the old version keeps serving and each report says why', async () => {
    const dir = directoryPlugin();
    const s = await start(dir, { poll: true });
    try {
      expect(s.mode).toBe('poll');
      writeFileSync(join(dir, 'mcdreforged.plugin.json'), '{"id": "echo_dev", "version": ');
      await waitFor(() => s.reports.length === 1, 15_000, 'the first report');
      expect(s.reports[0]).toMatchObject({ ok: false, version: '1.0.0', reloaded: [] });
      expect(s.reports[0]!.failures.map((f) => f.code)).toContain('json.syntax');
      expect(await replyNow(s.t)).toBe('v1');

      writeFileSync(join(dir, 'mcdreforged.plugin.json'), JSON.stringify({ id: 'echo_dev', version: '1.0.2', capabilities_required: ['discord:send_message'] }));
      writeFileSync(join(dir, 'echo_dev', 'reply.py'), 'raise RuntimeError("broken on purpose")\n');
      await waitFor(() => s.reports.length === 2, 15_000, 'the second report');
      expect(s.reports[1]).toMatchObject({ ok: false, reloaded: [], failures: [{ installId: s.info.installId, code: 'handshake_failed' }] });
      expect(s.reports[1]!.failures[0]!.message).toMatch(/RuntimeError: broken on purpose/);
      expect(await replyNow(s.t)).toBe('v1');
      expect(s.t.host.get(s.info.installId)).toMatchObject({ pluginVersion: '1.0.0', status: 'running' });
    } finally {
      await s.close();
    }
  });

  it('GIVEN a new version that never completes its handshake THEN the reload times out and the old worker stays', async () => {
    const dir = directoryPlugin();
    const s = await start(dir, { timeouts: { handshakeMs: 1_500 } });
    try {
      writeFileSync(join(dir, 'echo_dev', 'reply.py'), 'import time\ntime.sleep(30)\nREPLY = "never"\n');
      await waitFor(() => s.reports.length === 1, 15_000, 'a report');
      expect(s.reports[0]).toMatchObject({ ok: false, failures: [{ code: 'handshake_failed' }] });
      expect(await replyNow(s.t)).toBe('v1');
    } finally {
      await s.close();
    }
  });

  it('GIVEN a linked directory plugin THEN an edit in its target reloads it', async () => {
    const target = directoryPlugin();
    const link = join(root, `link-${++n}`);
    mkdirSync(link);
    writeFileSync(join(link, 'mcdreforged.linked_directory_plugin.json'), JSON.stringify({ target }));
    const s = await start(link);
    try {
      expect(await replyNow(s.t)).toBe('v1');
      writeFileSync(join(target, 'echo_dev', 'reply.py'), 'REPLY = "linked v2"\n');
      await waitFor(() => s.reports.length >= 1, 15_000, 'a reload');
      expect(s.reports.at(-1)).toMatchObject({ ok: true });
      expect(await replyNow(s.t)).toBe('linked v2');
    } finally {
      await s.close();
    }
  });

  it('GIVEN two pooled installs THEN a reload moves both to a new pooled worker and the old pool worker stops', async () => {
    const dir = directoryPlugin();
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 1 } });
    const loaded = await loadHostedPlugin(dir);
    if (!loaded.ok) throw new Error('expected a valid bundle');
    try {
      const a = await t.host.install(loaded.plugin, { serverId: '1' });
      const b = await t.host.install(loaded.plugin, { serverId: '2' });
      const [before] = t.host.pools();
      expect(before!.installs.sort()).toEqual([a.installId, b.installId].sort());
      writeFileSync(join(dir, 'echo_dev', 'reply.py'), 'REPLY = "pooled v2"\n');
      const reloader = new HotReloader(t.host, dir, { installIds: () => [a.installId, b.installId], initial: loaded });
      const report = await reloader.reloadNow();
      expect(report).toMatchObject({ ok: true, reloaded: [a.installId, b.installId] });
      const after = t.host.pools();
      expect(after).toHaveLength(1);
      expect(after[0]!.id).not.toBe(before!.id);
      expect(after[0]!.installs.sort()).toEqual([a.installId, b.installId].sort());
      t.host.dispatch('message_create', message('!ping', { channel_id: '42' }));
      await waitFor(() => t.discord.actions.length === 2, 10_000, 'two replies');
      expect(t.discord.actions.map((x) => [x.installId, x.params['content']]).sort()).toEqual([[a.installId, 'pooled v2'], [b.installId, 'pooled v2']].sort());
      expect(t.events.filter((e) => e.type === 'log' && e.message === 'ready v1').map((e) => e.installId).sort()).toEqual([a.installId, a.installId, b.installId, b.installId].sort());
      reloader.close();
      await t.close();
      if (reloader.current?.ok) reloader.current.dispose();
    } finally {
      await t.close();
    }
  });

  it('GIVEN the folder deleted, or a link whose target vanished THEN the report says so and the old version keeps serving', async () => {
    const target = directoryPlugin();
    const link = join(root, `link-${++n}`);
    mkdirSync(link);
    writeFileSync(join(link, 'mcdreforged.linked_directory_plugin.json'), JSON.stringify({ target }));
    const s = await start(link, { poll: true });
    try {
      rmSync(target, { recursive: true, force: true });
      const gone = await s.reloader.reloadNow();
      expect(gone).toMatchObject({ ok: false, version: '1.0.0', reloaded: [] });
      expect(gone.failures.map((f) => f.code)).toContain('mcdr.link_target_not_found');
      rmSync(link, { recursive: true, force: true });
      const deleted = await s.reloader.reloadNow();
      expect(deleted.failures.map((f) => f.code)).toContain('source.not_found');
      expect(await replyNow(s.t)).toBe('v1');
    } finally {
      await s.close();
    }
  });

  it('GIVEN a solo .py plugin THEN a change to the file reloads it too (MCDR reloads files whose mtime changed)', async () => {
    const file = join(root, `Solo${++n}.py`);
    const solo = (reply: string) => `PLUGIN_METADATA = {'id': 'solo_dev', 'version': '1.0.0', 'capabilities_required': ['discord:send_message']}
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    ctx.discord.send_message(channel_id=event["channel_id"], content="${reply}")

plugin.run()
`;
    writeFileSync(file, solo('solo v1'));
    const s = await start(file);
    try {
      expect(await replyNow(s.t)).toBe('solo v1');
      writeFileSync(file, solo('solo v2'));
      await waitFor(() => s.reports.some((r) => r.ok), 15_000, 'a reload');
      expect(await replyNow(s.t)).toBe('solo v2');
    } finally {
      await s.close();
    }
  });
});
