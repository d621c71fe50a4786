import { afterAll, describe, expect, it } from 'vitest';
import { cleanupScratch, makeHost, message, pluginDir, waitFor } from './helpers.js';

afterAll(cleanupScratch);

describe('supervision', () => {
  it('GIVEN a cooperative plugin THEN close() shuts it down with the shutdown request alone', async () => {
    const t = makeHost();
    const { installId } = await t.host.install({ id: 'calm', version: '1.0.0', dir: pluginDir('from mmo_maid_sdk import Plugin\nPlugin().run()\n'), capabilities: [] }, { serverId: '1' });
    await t.close();
    expect(t.events.filter((e) => e.installId === installId && e.type === 'status').at(-1)).toMatchObject({ status: 'stopped', reason: 'host closing; exited after the shutdown request' });
  });

  it('GIVEN a guest that speaks no offered protocol version THEN install fails naming both lists, and nothing is left', async () => {
    const t = makeHost();
    try {
      const code = `import raw_guest as g
msg = g._read_exact()
g.send({"jsonrpc": "2.0", "id": msg["id"], "error": {"code": -32010, "message": "unsupported", "data": {"supported": ["2.0"]}}})
`;
      const error = await t.host.install({ id: 'future', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'handshake_failed' });
      expect((error as Error).message).toMatch(/no common protocol version: the host offered 1\.0, the guest speaks 2\.0/);
      expect(t.host.list()).toEqual([]);
      expect(t.backend.liveCount).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a plugin that crashes while booting THEN install fails with its stderr in the error', async () => {
    const t = makeHost();
    try {
      const error = await t.host.install({ id: 'broken', version: '1.0.0', dir: pluginDir('raise SystemExit("cannot start: missing config")\n'), capabilities: [] }, { serverId: '1' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'handshake_failed' });
      expect((error as Error).message).toMatch(/exited during the handshake \(exit code 1\)/);
      expect((error as Error).message).toMatch(/recent stderr:\ncannot start: missing config/);
    } finally {
      await t.close();
    }
  });

  it('GIVEN close() while a worker is still starting THEN no process is left running', async () => {
    const t = makeHost();
    const install = t.host.install({ id: 'early', version: '1.0.0', dir: pluginDir('import time\ntime.sleep(0.3)\nfrom mmo_maid_sdk import Plugin\nPlugin().run()\n'), capabilities: [] }, { serverId: '1' });
    await waitFor(() => t.events.some((e) => e.type === 'status' && e.status === 'starting'));
    await Promise.all([t.host.close(), install.catch(() => {})]);
    expect(t.backend.liveCount).toBe(0); // before the backend's own cleanup
    await t.close();
    const statuses = t.events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.status : ''));
    expect(statuses.at(-1)).toBe('stopped');
    expect(statuses).not.toContain('running');
  });

  it('GIVEN a guest that ignores the shutdown request THEN it is terminated after the deadline', async () => {
    const t = makeHost({ timeouts: { shutdownMs: 300, termMs: 300 } });
    const code = `import raw_guest as g, time
def on_event(install, params):
    pass
# Never answers shutdown: read and drop it, keep living.
orig = g._answer
def answer(msg):
    if msg.get("method") == "shutdown":
        return
    orig(msg)
g._answer = answer
g.run(on_event)
`;
    const { installId } = await t.host.install({ id: 'stubborn', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' });
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(t.events.filter((e) => e.installId === installId && e.type === 'status').at(-1)).toMatchObject({ status: 'stopped', reason: expect.stringMatching(/terminated with SIGTERM after the 300 ms shutdown deadline/) });
  });

  it('GIVEN a guest that stops answering health.ping THEN it is marked unresponsive and restarted', async () => {
    const t = makeHost({ timeouts: { healthIntervalMs: 100, healthTimeoutMs: 300 }, restart: { backoffBaseMs: 20 } });
    try {
      const code = `import raw_guest as g
orig = g._answer
def answer(msg):
    if msg.get("method") == "health.ping":
        return
    orig(msg)
g._answer = answer
g.run(lambda install, params: None)
`;
      const { installId } = await t.host.install({ id: 'mute', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' });
      await waitFor(() => t.events.some((e) => e.installId === installId && e.type === 'error' && e.code === 'unresponsive' && /health.ping unanswered for 300 ms/.test(e.message)));
      await waitFor(() => t.events.some((e) => e.installId === installId && e.type === 'status' && e.status === 'restarting'));
    } finally {
      await t.close();
    }
  });

  it('GIVEN a slow plugin under steady load THEN a full window with acknowledgements flowing is not mistaken for a stall', async () => {
    const t = makeHost({ protocol: { flow_window: 2 }, timeouts: { healthIntervalMs: 50, stallMs: 1000 } });
    try {
      const code = `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def slow(ctx: Context, event: dict):
    time.sleep(0.03)
plugin.run()
`;
      const { installId } = await t.host.install({ id: 'steady', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' });
      // ~2 s of work through a window of 2: the backlog never shrinks, acknowledgements keep coming.
      for (let i = 0; i < 60; i++) t.host.dispatch('message_create', message(`m${i}`));
      expect(await t.host.settled({ timeoutMs: 20_000 })).toBe(true);
      expect(t.events.filter((e) => e.installId === installId && e.type === 'error')).toEqual([]);
      expect(t.host.get(installId)!.status).toBe('running');
    } finally {
      await t.close();
    }
  });

  it('GIVEN more events than the queue holds THEN the oldest are dropped, every drop is counted in a warning, the newest are delivered', async () => {
    const t = makeHost({ protocol: { flow_window: 1 }, queues: { maxQueuedEvents: 5 } });
    try {
      const code = `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def slow(ctx: Context, event: dict):
    time.sleep(0.05)
    ctx.log("handled " + event["content"])
plugin.run()
`;
      const { installId } = await t.host.install({ id: 'slow', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' });
      for (let i = 0; i < 20; i++) t.host.dispatch('message_create', message(`m${i}`));
      expect(await t.host.settled({ timeoutMs: 10_000 })).toBe(true);
      const handled = t.events.filter((e) => e.installId === installId && e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
      expect(handled).toEqual(['handled m0', 'handled m15', 'handled m16', 'handled m17', 'handled m18', 'handled m19']);
      const dropped = t.events.filter((e) => e.type === 'warning' && e.code === 'events_dropped').reduce((sum, e) => sum + ((e.type === 'warning' ? (e.data as { dropped: number }).dropped : 0)), 0);
      expect(dropped).toBe(14);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a plugin that logs in a tight loop THEN lines beyond the rate are dropped and every drop is counted', async () => {
    const t = makeHost({ logRate: { perSecond: 100, burst: 50 } });
    try {
      const code = `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def chatty(ctx: Context, event: dict):
    for i in range(3000):
        ctx.log("line %d" % i)
    print("and one on stdout")
plugin.run()
`;
      const { installId } = await t.host.install({ id: 'chatty', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' });
      t.host.dispatch('message_create', message('go'));
      expect(await t.host.settled({ timeoutMs: 20_000 })).toBe(true);
      const kept = t.events.filter((e) => e.installId === installId && e.type === 'log').length;
      const dropped = t.events.filter((e) => e.installId === installId && e.type === 'warning' && e.code === 'logs_dropped').reduce((n, e) => n + (e.type === 'warning' ? (e.data as { dropped: number }).dropped : 0), 0);
      expect(kept).toBeGreaterThanOrEqual(50);
      expect(kept).toBeLessThan(1000);
      expect(kept + dropped).toBe(3001);
    } finally {
      await t.close();
    }
  });

  it('GIVEN requests while the worker restarts THEN they wait (bounded) and run once it is back', async () => {
    const t = makeHost({ restart: { backoffBaseMs: 200, backoffMaxMs: 200 }, queues: { maxQueuedRequests: 1 } });
    try {
      const code = `import os
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def die(ctx: Context, event: dict):
    os._exit(5)
@plugin.on_enable
def enabled(ctx: Context):
    ctx.log("enabled again")
plugin.run()
`;
      const { installId } = await t.host.install({ id: 'phoenix', version: '1.0.0', dir: pluginDir(code), capabilities: [] }, { serverId: '1' });
      t.host.dispatch('message_create', message('die'));
      await waitFor(() => t.host.get(installId)!.status === 'restarting');
      const first = t.host.call(installId, 'lifecycle', { hook: 'enable' });
      await expect(t.host.call(installId, 'lifecycle', { hook: 'enable' })).rejects.toMatchObject({ code: 'queue_full' });
      await expect(first).resolves.toBeNull();
      expect(t.events.filter((e) => e.type === 'log' && e.message === 'enabled again')).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
