import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryKvProvider, dispatchClone, loadHostedPlugin, notifyCasaError, type HostEvent, type HostedPlugin, type KvValue } from '../../src/index.js';
import { EXAMPLES, makeHost, message, waitFor, type TestHost } from '../helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'maidkit-casa-test-'));
const disposers: Array<() => void> = [];
afterAll(() => {
  for (const d of disposers) d();
  rmSync(scratch, { recursive: true, force: true });
});

let n = 0;
/** A Casa bundle (plugin.py + manifest.json) read and checked by the same loader `maidkit run` uses. */
async function casa(code: string, manifest: { permissions: string[]; hooks: string[]; id?: string }): Promise<HostedPlugin> {
  const dir = join(scratch, `casa-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'plugin.py'), code);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: `casa-test-${n}`, name: 'Casa test', version: '1.0.0', description: 'test', author: 'tester', category: 'utility', ...manifest }));
  return load(dir);
}

async function load(dir: string): Promise<HostedPlugin> {
  const loaded = await loadHostedPlugin(dir);
  if (!loaded.ok) throw new Error(`not loadable: ${JSON.stringify(loaded.diagnostics)}`);
  disposers.push(loaded.dispose);
  return loaded.plugin;
}

const logs = (t: TestHost) => t.events.filter((e): e is Extract<HostEvent, { type: 'log' }> => e.type === 'log').map((e) => e.message);
const errorLogs = (t: TestHost) => t.events.filter((e): e is Extract<HostEvent, { type: 'log' }> => e.type === 'log' && e.level === 'error');

/** Records the reads a plugin makes, to see on_message's storage_get reach the install's KV. */
class RecordingKv extends MemoryKvProvider {
  reads: Array<[string, string]> = [];
  override async get(installId: string, key: string): Promise<KvValue | undefined> {
    this.reads.push([installId, key]);
    return super.get(installId, key);
  }
}

describe('Casa Cloner plugins (seed 003) through the real host, in bwrap sandboxes', () => {
  it('GIVEN the seed quick-start hello (examples/casa-hello) THEN on_load logs its slug and "!ping" logs pong, other messages nothing', async () => {
    const plugin = await load(join(EXAMPLES, 'casa-hello'));
    expect(plugin).toMatchObject({ id: 'hello-world', entry: 'plugin.py', capabilities: ['casa:message_events'] });
    const t = makeHost();
    try {
      const info = await t.host.install(plugin, { serverId: '1' });
      expect(info.status).toBe('running');
      expect(info.handlers.events).toEqual(['message_create']);
      await waitFor(() => logs(t).includes("hello from plugin 'hello-world'"), 10_000, 'on_load');
      t.host.dispatch('message_create', message('hello everyone'));
      expect(t.host.dispatch('message_create', message('!ping')).delivered).toEqual([info.installId]);
      expect(await t.host.settled()).toBe(true);
      expect(logs(t)).toEqual(["hello from plugin 'hello-world'", 'pong']);
      expect(t.events.filter((e) => e.type === 'error' || e.type === 'denied')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN the seed header sample ("hello from %s") THEN it runs unmodified too', async () => {
    const code = 'def on_load(api):\n    api.log("hello from %s" % api.slug)\n\ndef on_message(api, message):\n    if message.content == "!ping":\n        api.log("pong")\n';
    const plugin = await casa(code, { id: 'hello-world', permissions: [], hooks: ['on_load', 'on_message'] });
    const t = makeHost();
    try {
      await t.host.install(plugin, { serverId: '1' });
      t.host.dispatch('message_create', message('!ping'));
      expect(await t.host.settled()).toBe(true);
      expect(logs(t)).toEqual(['hello from hello-world', 'pong']);
    } finally {
      await t.close();
    }
  });

  it('GIVEN auto-react (examples/casa-auto-react) THEN on_load logs, on_message reads "emoji" from its own KV, uninstall runs on_unload and wipes it', async () => {
    const plugin = await load(join(EXAMPLES, 'casa-auto-react'));
    expect(plugin.capabilities).toEqual(['casa:message_events', 'storage:kv']);
    const kv = new RecordingKv();
    const t = makeHost({ kv });
    try {
      const { installId } = await t.host.install(plugin, { serverId: '1' });
      await kv.set(installId, 'emoji', '🎉');
      t.host.dispatch('message_create', message('nice work'));
      expect(await t.host.settled()).toBe(true);
      expect(kv.reads).toEqual([[installId, 'emoji']]);
      expect(logs(t)).toEqual(['auto-react loaded']);
      await t.host.uninstall(installId);
      expect(logs(t)).toEqual(['auto-react loaded', 'auto-react unloaded']);
      expect(await kv.get(installId, 'emoji')).toBeUndefined();
      expect(t.host.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN auto-react THEN disabling runs on_unload once, and a host shutdown runs it for a running install', async () => {
    const plugin = await load(join(EXAMPLES, 'casa-auto-react'));
    const t = makeHost();
    let closed = false;
    try {
      const first = await t.host.install(plugin, { serverId: '1' });
      await t.host.disable(first.installId);
      expect(logs(t)).toEqual(['auto-react loaded', 'auto-react unloaded']);
      await t.host.install(plugin, { serverId: '2' });
      await t.close();
      closed = true;
      expect(logs(t)).toEqual(['auto-react loaded', 'auto-react unloaded', 'auto-react loaded', 'auto-react unloaded']);
    } finally {
      if (!closed) await t.close();
    }
  });

  it('GIVEN storage.local THEN api.storage_set values land in the install KV; WITHOUT it the same call fails at runtime and the worker goes on', async () => {
    const code = 'def on_message(api, message):\n    n = api.storage_get("count", 0)\n    api.storage_set("count", n + 1)\n    api.storage_set("last", {"content": message.content, "author": message.author.id})\n    api.log("stored %d" % (n + 1))\n';
    const kv = new MemoryKvProvider();
    const t = makeHost({ kv });
    try {
      const granted = await t.host.install(await casa(code, { permissions: ['storage.local', 'events.message'], hooks: ['on_message'] }), { serverId: '1' });
      const denied = await t.host.install(await casa(code, { permissions: ['events.message'], hooks: ['on_message'] }), { serverId: '1' });
      t.host.dispatch('message_create', message('one', { author_id: '77' }));
      t.host.dispatch('message_create', message('two', { author_id: '77' }));
      expect(await t.host.settled()).toBe(true);
      expect(await kv.get(granted.installId, 'count')).toBe(2);
      expect(await kv.get(granted.installId, 'last')).toEqual({ content: 'two', author: '77' });
      expect(await kv.count(denied.installId)).toBe(0);
      const failures = errorLogs(t).filter((e) => e.installId === denied.installId);
      expect(failures).toHaveLength(2);
      expect(failures[0]!.message).toMatch(/PermissionError: api\.storage_get needs the storage\.local permission, which manifest\.json does not declare/);
      expect(t.host.get(denied.installId)!.status).toBe('running');
    } finally {
      await t.close();
    }
  });

  it('GIVEN events.clone but not events.message THEN on_message is never sent, clone hooks are; WITHOUT events.clone clone jobs are not even sent', async () => {
    const code = 'def on_message(api, message):\n    api.log("message " + message.content)\n\ndef on_clone_start(api, ctx):\n    api.log("clone start %s %s->%s" % (ctx.job_id, ctx.source, ctx.target))\n\ndef on_clone_finish(api, ctx):\n    api.log("clone finish %s %s" % (ctx.job_id, ctx.status))\n';
    const hooks = ['on_message', 'on_clone_start', 'on_clone_finish'];
    const t = makeHost();
    try {
      const cloner = await t.host.install(await casa(code, { permissions: ['events.clone'], hooks }), { serverId: '1' });
      const messenger = await t.host.install(await casa(code, { permissions: ['events.message'], hooks }), { serverId: '1' });
      expect(cloner.handlers.events).toEqual([]);
      expect(cloner.capabilities).toContain('casa:clone_events');
      expect(t.host.dispatch('message_create', message('hi')).delivered).toEqual([messenger.installId]);
      const start = await dispatchClone(t.host, 'start', { job_id: 'job_1', source: '111', target: '222' });
      const finish = await dispatchClone(t.host, 'finish', { job_id: 'job_1', status: 'error', error: 'target gone' });
      expect(start).toEqual({ delivered: [cloner.installId], failed: [] });
      expect(finish.delivered).toEqual([cloner.installId]);
      expect(await t.host.settled()).toBe(true);
      const by = (id: string) => t.events.filter((e) => e.type === 'log' && e.installId === id).map((e) => (e as { message: string }).message);
      expect(by(cloner.installId)).toEqual(['clone start job_1 111->222', 'clone finish job_1 error']);
      expect(by(messenger.installId)).toEqual(['message hi']);
      await expect(dispatchClone(t.host, 'start', { job_id: '' })).rejects.toThrow(/job_id/);
      await expect(dispatchClone(t.host, 'middle' as 'start', { job_id: 'x' })).rejects.toThrow(/phase/);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a plugin that defeats the guest-side gate THEN the host still sends it no messages without events.message', async () => {
    // The guard rails are plugin-reachable code: patch casa_runtime so on_message registers anyway.
    const code = 'import casa_runtime.runtime as rt\nrt.CasaPlugin.granted = lambda self, capability: True\n\ndef on_message(api, message):\n    api.log("GOT " + message.content)\n\ndef on_clone_start(api, ctx):\n    pass\n';
    const t = makeHost();
    try {
      const info = await t.host.install(await casa(code, { permissions: ['events.clone'], hooks: ['on_message', 'on_clone_start'] }), { serverId: '1' });
      expect(info.handlers.events).toEqual([]);
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'casa_ungranted_event' }));
      expect(t.host.dispatch('message_create', message('secret')).delivered).toEqual([]);
      expect(await t.host.settled()).toBe(true);
      expect(logs(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a plugin that calls the host directly, around the api checks THEN the host refuses KV without storage.local, and metrics always', async () => {
    const code = 'def on_message(api, message):\n    for method, params in (("kv.set", {"key": "k", "value": 1}), ("ephemeral.get", {"key": "k"}), ("metrics.record", {"name": "m"})):\n        try:\n            api._link.call(method, params)\n            api.log("DID " + method)\n        except PermissionError as e:\n            api.log("refused " + method)\n';
    const kv = new MemoryKvProvider();
    const t = makeHost({ kv });
    try {
      const bare = await t.host.install(await casa(code, { permissions: ['events.message'], hooks: ['on_message'] }), { serverId: '1' });
      expect(bare.capabilities).toContain('storage:kv'); // the host baseline: the Casa gate must not rely on it
      t.host.dispatch('message_create', message('x'));
      expect(await t.host.settled()).toBe(true);
      expect(logs(t)).toEqual(['refused kv.set', 'refused ephemeral.get', 'refused metrics.record']);
      expect(await kv.count(bare.installId)).toBe(0);
      expect(t.events.filter((e) => e.type === 'denied').map((e) => (e as { method: string }).method)).toEqual(['kv.set', 'ephemeral.get', 'metrics.record']);
      await t.host.uninstall(bare.installId);
      const declared = await t.host.install(await casa(code, { permissions: ['events.message', 'storage.local'], hooks: ['on_message'] }), { serverId: '1' });
      t.host.dispatch('message_create', message('y'));
      expect(await t.host.settled()).toBe(true);
      expect(logs(t).slice(3)).toEqual(['DID kv.set', 'DID ephemeral.get', 'refused metrics.record']);
      expect(await kv.get(declared.installId, 'k')).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('GIVEN discord.token THEN get_discord_token is denied by default, and returns the token once the host author provides one', async () => {
    const code = 'def on_message(api, message):\n    try:\n        api.log("token " + api.get_discord_token())\n    except PermissionError as e:\n        api.log("refused: %s" % e)\n';
    const manifest = { permissions: ['discord.token', 'events.message'], hooks: ['on_message'] };
    const closed = makeHost();
    try {
      const { installId } = await closed.host.install(await casa(code, manifest), { serverId: '1' });
      closed.host.dispatch('message_create', message('token please'));
      expect(await closed.host.settled()).toBe(true);
      expect(logs(closed)).toEqual([expect.stringMatching(/^refused: \[-32001\] casa\.get_discord_token: this host does not hand Discord tokens to plugins/)]);
      expect(closed.events).toContainEqual(expect.objectContaining({ type: 'denied', installId, method: 'casa.get_discord_token', capability: 'casa:discord_token' }));
    } finally {
      await closed.close();
    }
    const seen: unknown[] = [];
    const open = makeHost({ casa: { discordToken: (install) => (seen.push(install), 'mfa.test-token') } });
    try {
      const { installId } = await open.host.install(await casa(code, manifest), { serverId: '9' });
      open.host.dispatch('message_create', message('token please'));
      expect(await open.host.settled()).toBe(true);
      expect(logs(open)).toEqual(['token mfa.test-token']);
      expect(seen).toEqual([expect.objectContaining({ installId, serverId: '9' })]);
      // Without the permission the call fails in the guest, and the host would refuse it anyway.
      const undeclared = await open.host.install(await casa(code, { permissions: ['events.message'], hooks: ['on_message'] }), { serverId: '9' });
      open.host.dispatch('message_create', message('again'), { serverId: '9' });
      expect(await open.host.settled()).toBe(true);
      expect(open.events.filter((e) => e.type === 'log' && e.installId === undeclared.installId).map((e) => (e as { message: string }).message)).toEqual([
        'refused: api.get_discord_token needs the discord.token permission, which manifest.json does not declare',
      ]);
      expect(seen).toHaveLength(2);
    } finally {
      await open.close();
    }
  });

  it('GIVEN a hook that raises THEN it is logged with its traceback, handed to on_error, and the worker keeps serving; host errors reach on_error too', async () => {
    const code = 'def on_message(api, message):\n    if message.content == "boom":\n        raise ValueError("exploded on " + message.id)\n    api.log("ok " + message.content)\n\ndef on_error(api, error):\n    api.log("on_error %s %s %s: %s" % (error.source, error.hook, error.type, error.message))\n';
    const t = makeHost();
    try {
      const { installId } = await t.host.install(await casa(code, { permissions: ['events.message'], hooks: ['on_message', 'on_error'] }), { serverId: '1' });
      t.host.dispatch('message_create', message('boom', { message_id: '42' }));
      t.host.dispatch('message_create', message('after'));
      expect(await t.host.settled()).toBe(true);
      const [failure] = errorLogs(t);
      expect(failure!.message).toBe('hook on_message raised ValueError: exploded on 42');
      expect(failure!.error?.traceback).toMatch(/plugin\.py", line 3, in on_message/);
      expect(logs(t).filter((m) => !m.startsWith('hook '))).toEqual(['on_error hook on_message ValueError: exploded on 42', 'ok after']);
      await notifyCasaError(t.host, installId, { code: 'clone_failed', message: 'target guild is gone' });
      expect(logs(t).at(-1)).toBe('on_error host None None: target guild is gone');
      expect(t.host.get(installId)!.status).toBe('running');
    } finally {
      await t.close();
    }
  });

  it('GIVEN http.request THEN urllib imports inside the sandbox but reaches no network; WITHOUT it the import fails the plugin\'s load', async () => {
    const code = 'import urllib.request\n\ndef on_load(api):\n    try:\n        urllib.request.urlopen("http://1.1.1.1/", timeout=2)\n        api.log("REACHED")\n    except OSError as e:\n        api.log("no network: %s" % type(e).__name__)\n';
    const t = makeHost();
    try {
      const granted = await casa(code, { permissions: ['http.request'], hooks: ['on_load'] });
      expect(granted.capabilities).toEqual(['proxy:http']);
      await t.host.install(granted, { serverId: '1' });
      await waitFor(() => logs(t).length > 0, 10_000, 'on_load');
      expect(logs(t)).toEqual(['no network: URLError']);
      await expect(t.host.install(await casa(code, { permissions: [], hooks: ['on_load'] }), { serverId: '1' })).rejects.toThrow(/import of 'urllib' needs the http\.request permission/);
    } finally {
      await t.close();
    }
  });

  it('GIVEN Casa\'s blocked imports THEN a plugin importing one does not start; escaping the guard rails still meets the OS sandbox', async () => {
    const t = makeHost();
    try {
      const blocked = await casa('import subprocess\n\ndef on_load(api):\n    pass\n', { permissions: [], hooks: ['on_load'] });
      await expect(t.host.install(blocked, { serverId: '1' })).rejects.toThrow(/import of 'subprocess' is blocked/);
      // Research §3.2 escape 1: the real builtins are one import away. The OS sandbox is the boundary.
      const probe = `def on_load(api):\n    real = __import__("builtins")\n    for path in (${JSON.stringify(__filename)}, "/etc/shadow"):\n        try:\n            real.open(path).read()\n            api.log("READ " + path)\n        except OSError as e:\n            api.log("blocked %s" % type(e).__name__)\n    try:\n        __import__("_socket").socket().connect(("1.1.1.1", 53))\n        api.log("CONNECTED")\n    except OSError as e:\n        api.log("no network %s" % type(e).__name__)\n`;
      await t.host.install(await casa(probe, { permissions: [], hooks: ['on_load'] }), { serverId: '1' });
      await waitFor(() => logs(t).some((m) => m.startsWith('no network')), 10_000, 'the probe');
      expect(logs(t).filter((m) => m.startsWith('READ') || m === 'CONNECTED')).toEqual([]);
      expect(logs(t).filter((m) => m.startsWith('blocked'))).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
