import { afterAll, describe, expect, it } from 'vitest';
import { cleanupScratch, makeHost, pluginDir } from './helpers.js';

afterAll(cleanupScratch);

// Logs the scheduling policy of the main thread at on_ready and of a handler thread (threads inherit it).
const PROBE = pluginDir(`import os, threading
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
NAMES = {os.SCHED_OTHER: "other", os.SCHED_BATCH: "batch"}
@plugin.on_ready
def ready(ctx: Context):
    ctx.log("main: " + NAMES.get(os.sched_getscheduler(0), "?"))
    seen = []
    t = threading.Thread(target=lambda: seen.append(NAMES.get(os.sched_getscheduler(0), "?")))
    t.start(); t.join()
    ctx.log("thread: " + seen[0])
plugin.run()
`);

async function policies(options: Parameters<typeof makeHost>[0]): Promise<string[]> {
  const t = makeHost(options);
  try {
    await t.host.install({ id: 'sched_probe', version: '1.0.0', dir: PROBE, capabilities: [] }, { serverId: '1' });
    return t.events.flatMap((e) => (e.type === 'log' && /^(main|thread): /.test(e.message) ? [e.message] : []));
  } finally {
    await t.close();
  }
}

describe('worker CPU scheduling', () => {
  it('GIVEN the defaults THEN the worker and its threads run as SCHED_BATCH (a waking plugin never preempts the host)', async () => {
    expect(await policies({})).toEqual(['main: batch', 'thread: batch']);
  });

  it("GIVEN workerScheduling: 'normal' THEN the platform default policy", async () => {
    expect(await policies({ workerScheduling: 'normal' })).toEqual(['main: other', 'thread: other']);
  });
});
