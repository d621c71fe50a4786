import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../src/index.js';
import { cleanupScratch, helloPlugin, makeHost, message, pluginDir, waitFor, type TestHost } from './helpers.js';

afterAll(cleanupScratch);

const SERVER = '500000000000000000';
let t: TestHost;
let helloId: string;

/** The healthy neighbour must still answer after whatever the hostile plugin did. */
async function helloStillAnswers(): Promise<void> {
  const before = t.discord.actions.filter((a) => a.installId === helloId).length;
  t.host.dispatch('message_create', message('!ping'), { serverId: SERVER });
  await waitFor(() => t.discord.actions.filter((a) => a.installId === helloId).length === before + 1, 10_000, 'the healthy plugin to answer Pong!');
}

function eventsOf(installId: string, type?: HostEvent['type']): HostEvent[] {
  return t.events.filter((e) => e.installId === installId && (type === undefined || e.type === type));
}

async function installHostile(code: string, capabilities: string[] = [], id = 'hostile'): Promise<string> {
  const info = await t.host.install({ id, version: '1.0.0', dir: pluginDir(code), capabilities }, { serverId: SERVER });
  return info.installId;
}

beforeEach(async () => {
  t = makeHost({
    restart: { maxCrashes: 3, windowMs: 60_000, backoffBaseMs: 20, backoffMaxMs: 200 },
    timeouts: { requestMs: 2000, healthIntervalMs: 200, healthTimeoutMs: 2000, stallMs: 1500, shutdownMs: 500, termMs: 300 },
    limits: { memoryBytes: 128 * 1024 * 1024, pids: 32 },
  });
  helloId = (await t.host.install(helloPlugin, { serverId: SERVER })).installId;
});

afterEach(async () => {
  await t.close();
});

describe('hostile guests: the host stays up, the neighbour keeps answering, every failure is a clear error or status', () => {
  it('GIVEN garbage, stray lines and frames split across writes on stdout THEN the host reports stray output and keeps every valid frame', async () => {
    const id = await installHostile(
      `import raw_guest as g, time
def on_event(install, params):
    g.write(b"hello from a stray print\\n\\x00\\xff garbage")
    f = g.frame({"jsonrpc": "2.0", "method": "log", "params": {"level": "info", "message": "after garbage"}})
    g.write(f[:7]); time.sleep(0.05); g.write(f[7:30]); time.sleep(0.05); g.write(f[30:])
    g.write(b"Content-Length: 12\\r\\n\\r\\n{not json!!}")
    r = g.call("discord.send_message", {"install_id": install["install_id"], "channel_id": "1", "content": "still here"})
    g.log("send_message answered " + ("ok" if "result" in r else str(r["error"]["code"])))
g.run(on_event)
`,
      ['discord:send_message'],
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    await waitFor(() => eventsOf(id, 'log').some((e) => e.type === 'log' && e.message.startsWith('send_message answered')));
    const logs = eventsOf(id, 'log').map((e) => (e.type === 'log' ? e.message : ''));
    expect(logs).toContain('after garbage');
    expect(logs).toContain('send_message answered ok');
    const errors = eventsOf(id, 'error');
    expect(errors).toContainEqual(expect.objectContaining({ code: 'stray_output', during: 'protocol' }));
    expect(t.discord.actions.filter((a) => a.installId === id).map((a) => a.params['content'])).toEqual(['still here']);
    expect(t.host.get(id)!.status).toBe('running');
    await helloStillAnswers();
  });

  it('GIVEN an oversized message THEN the connection is cut with a clear error, the worker restarts, the neighbour is unaffected', async () => {
    const id = await installHostile(
      `import raw_guest as g
def on_event(install, params):
    g.write(b"Content-Length: 50000000\\r\\n\\r\\n")
g.run(on_event)
`,
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    await waitFor(() => eventsOf(id, 'error').some((e) => e.type === 'error' && e.code === 'oversized'));
    await waitFor(() => eventsOf(id, 'error').some((e) => e.type === 'error' && e.code === 'worker_crashed'));
    await waitFor(() => t.host.get(id)!.status === 'running', 10_000, 'the restart');
    await helloStillAnswers();
  });

  it('GIVEN calls to unknown methods and without a capability THEN they are refused host-side (-32601, -32001) and reported', async () => {
    const id = await installHostile(
      `import raw_guest as g
def on_event(install, params):
    a = g.call("evil.method", {"install_id": install["install_id"]})
    b = g.call("discord.ban_member", {"install_id": install["install_id"], "user_id": "1"})
    c = g.call("discord.send_message", {"install_id": "someone_else", "channel_id": "1", "content": "x"})
    d = g.call("kv.set", {"install_id": install["install_id"], "key": "", "value": 1})
    g.log("codes %s %s %s %s" % (a["error"]["code"], b["error"]["code"], c["error"]["code"], d["error"]["code"]))
g.run(on_event)
`,
      ['discord:send_message'],
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    await waitFor(() => eventsOf(id, 'log').some((e) => e.type === 'log' && e.message.startsWith('codes')));
    const log = eventsOf(id, 'log').find((e) => e.type === 'log' && e.message.startsWith('codes'));
    expect(log).toMatchObject({ message: 'codes -32601 -32001 -32003 -32602' });
    expect(eventsOf(id, 'denied')).toEqual([expect.objectContaining({ method: 'discord.ban_member', capability: 'discord:ban_members' })]);
    expect(t.discord.actions.filter((a) => a.installId === id)).toEqual([]);
    await helloStillAnswers();
  });

  it('GIVEN an SDK plugin calling send_message without declaring it THEN the host denies it and the handler error is reported', async () => {
    const id = await installHostile(
      `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    ctx.discord.send_message(channel_id=event["channel_id"], content="sneaky")
plugin.run()
`,
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    await waitFor(() => eventsOf(id).some((e) => e.type === 'log' && e.level === 'error'));
    expect(eventsOf(id, 'denied')).toEqual([expect.objectContaining({ method: 'discord.send_message', capability: 'discord:send_message' })]);
    expect(t.discord.actions.filter((a) => a.installId === id)).toEqual([]);
    await helloStillAnswers();
  });

  it('GIVEN a lifecycle hook that never returns THEN the request times out with -32002 and the host moves on', async () => {
    const started = Date.now();
    const id = await installHostile(
      `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_install
def stuck(ctx: Context):
    while True:
        time.sleep(1)
plugin.run()
`,
    );
    expect(Date.now() - started).toBeLessThan(8000);
    expect(eventsOf(id, 'error')).toContainEqual(expect.objectContaining({ code: 'timeout', during: 'lifecycle:install' }));
    await helloStillAnswers();
  });

  it('GIVEN event handlers that never return THEN the stalled worker is detected as unresponsive and restarted', async () => {
    const id = await installHostile(
      `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def stuck(ctx: Context, event: dict):
    while True:
        time.sleep(1)
plugin.run()
`,
    );
    for (let i = 0; i < 20; i++) t.host.dispatch('message_create', message(`m${i}`), { serverId: SERVER });
    await waitFor(() => eventsOf(id, 'error').some((e) => e.type === 'error' && e.code === 'unresponsive'), 15_000, 'unresponsive');
    await waitFor(() => eventsOf(id, 'status').some((e) => e.type === 'status' && e.status === 'crashed' && /unresponsive/.test(e.reason ?? '')));
    await helloStillAnswers();
  });

  it('GIVEN a worker that keeps crashing THEN it is restarted with backoff and given up on with status failed', async () => {
    const id = await installHostile(
      `import os, threading
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_ready
def ready(ctx: Context):
    threading.Timer(0.2, lambda: os._exit(3)).start()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    pass
plugin.run()
`,
    );
    await waitFor(() => t.host.get(id)!.status === 'failed', 15_000, 'status failed');
    const info = t.host.get(id)!;
    expect(info.reason).toMatch(/crash loop: 3 crashes within 60 s; last: exit code 3/);
    expect(eventsOf(id, 'error').filter((e) => e.type === 'error' && e.code === 'worker_crashed')).toHaveLength(2);
    expect(eventsOf(id, 'error')).toContainEqual(expect.objectContaining({ code: 'crash_loop' }));
    // Nothing is queued for a failed worker: events go nowhere, requests are refused at once.
    expect(t.host.dispatch('message_create', message('anyone?'), { serverId: SERVER }).delivered).toEqual([helloId]);
    await expect(t.host.call(id, 'lifecycle', { hook: 'enable' })).rejects.toMatchObject({ code: 'worker_unavailable' });
    await helloStillAnswers();
  });

  it('GIVEN a fork bomb THEN the pids limit contains it inside the sandbox', async () => {
    const id = await installHostile(
      `import os, time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def bomb(ctx: Context, event: dict):
    n = 0
    try:
        while n < 10000:
            if os.fork() == 0:
                time.sleep(20)
                os._exit(0)
            n += 1
    except OSError as e:
        ctx.log("fork stopped after %d: errno %d" % (n, e.errno))
plugin.run()
`,
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    const log = await waitFor(() => eventsOf(id, 'log').find((e) => e.type === 'log' && e.message.startsWith('fork stopped')), 15_000, 'the fork bomb to stop');
    const forks = Number(/after (\d+)/.exec((log as { message: string }).message)![1]);
    expect(forks).toBeLessThan(32);
    expect((log as { message: string }).message).toMatch(/errno 11$/);
    await helloStillAnswers();
  });

  it('GIVEN a memory hog THEN the memory limit stops it and the host reports it', async () => {
    const id = await installHostile(
      `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
hoard = []
@plugin.on_event("message_create")
def hog(ctx: Context, event: dict):
    for i in range(100):
        hoard.append(bytearray(16 * 1024 * 1024))
    ctx.log("allocated everything")
plugin.run()
`,
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    await waitFor(
      () =>
        eventsOf(id).some((e) => (e.type === 'status' && e.status === 'crashed' && /memory limit/.test(e.reason ?? '')) || (e.type === 'log' && e.level === 'error' && /MemoryError/.test(JSON.stringify(e)))),
      15_000,
      'the memory limit',
    );
    expect(eventsOf(id, 'log').some((e) => e.type === 'log' && e.message === 'allocated everything')).toBe(false);
    await helloStillAnswers();
  });

  it('GIVEN a plugin that tries the network and host files THEN every attempt fails inside the sandbox', async () => {
    const id = await installHostile(
      `import socket
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def probe(ctx: Context, event: dict):
    for name, fn in [
        ("socket", lambda: socket.create_connection(("1.1.1.1", 443), timeout=2)),
        ("dns", lambda: socket.getaddrinfo("example.com", 443)),
        ("root", lambda: open("/root/.bashrc").read()),
        ("work", lambda: open("/work/main/package.json").read()),
    ]:
        try:
            fn()
            ctx.log(name + " ok")
        except Exception as e:
            ctx.log(name + " failed " + type(e).__name__)
plugin.run()
`,
    );
    t.host.dispatch('message_create', message('go'), { serverId: SERVER });
    await waitFor(() => eventsOf(id, 'log').filter((e) => e.type === 'log' && / (ok|failed) /.test(e.message)).length === 4);
    const results = eventsOf(id, 'log').map((e) => (e.type === 'log' ? e.message : '')).filter((m) => / (ok|failed) /.test(m));
    expect(results).toEqual(['socket failed OSError', 'dns failed gaierror', 'root failed FileNotFoundError', 'work failed FileNotFoundError']);
    await helloStillAnswers();
  });
});
