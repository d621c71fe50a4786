/**
 * Seed 001's background tasks, unmodified, through the real host (bwrap sandbox, SDK scheduler).
 * Time runs fast with the SDK's documented test clock hook (MAIDKIT_SDK_TIME_SCALE virtual seconds
 * per real second, MAIDKIT_SDK_CLOCK_START), passed through the host's `env` option; the 30 s minimum
 * and wall-clock crons are not weakened.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../src/index.js';
import { cleanupScratch, makeHost, message, pluginDir, waitFor } from '../helpers.js';

afterAll(cleanupScratch);

const clockEnv = (scale: number, start: string) => ({ MAIDKIT_SDK_TIME_SCALE: String(scale), MAIDKIT_SDK_CLOCK_START: String(Date.parse(start) / 1000) });
const logs = (events: HostEvent[]) => events.filter((e): e is Extract<HostEvent, { type: 'log' }> => e.type === 'log').map((e) => e.message);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The seed's samples, verbatim, plus a probe that reports the ephemeral counter the samples keep.
const PROBE = `
@plugin.on_event("message_create")
def probe(ctx: Context, event: dict):
    ctx.log(f"heartbeats={ctx.ephemeral.get('heartbeats')}")
`;

const HEARTBEAT_SCHEDULE = pluginDir(`from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.schedule(300)   # every 5 minutes
def heartbeat(ctx: Context):
    count = ctx.ephemeral.counter("heartbeats")
    ctx.log(f"heartbeat #{count}")
${PROBE}
plugin.run()
`);

const SEED_CRONS = pluginDir(`from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.cron("0 9 * * 1")        # every Monday at 09:00 UTC
def weekly_report(ctx: Context):
    ctx.log("Sending weekly report")

@plugin.cron("*/15 * * * *")     # every 15 minutes
def heartbeat(ctx: Context):
    ctx.ephemeral.counter("heartbeats")

@plugin.cron("30 0 1 * *")       # 00:30 UTC on the 1st of each month
def monthly_rollup(ctx: Context):
    ...

# A witness with monthly_rollup's spec (the seed's body is "..."), to see when that spec fires.
@plugin.cron("30 0 1 * *")
def monthly_witness(ctx: Context):
    ctx.log(f"monthly witness, heartbeats={ctx.ephemeral.get('heartbeats')}")
${PROBE}
plugin.run()
`);

describe('@plugin.schedule and @plugin.cron in single mode, end to end', () => {
  it('GIVEN the seed heartbeat @plugin.schedule(300) THEN it first runs one interval after the handshake, then every interval, counting in ephemeral storage', async () => {
    const t = makeHost({ env: clockEnv(300, '2026-06-01T00:00:00Z') }); // 300 virtual s = 1 real s
    try {
      const info = await t.host.install({ id: 'heartbeat', version: '1.0.0', dir: HEARTBEAT_SCHEDULE, capabilities: [] }, { serverId: '1' });
      expect(info.handlers.schedules).toEqual([{ name: 'heartbeat', seconds: 300 }]);
      await sleep(400);
      expect(logs(t.events).filter((m) => m.startsWith('heartbeat #'))).toEqual([]); // not at boot
      await waitFor(() => logs(t.events).includes('heartbeat #3'), 10_000, 'three heartbeats');
      expect(logs(t.events).filter((m) => m.startsWith('heartbeat #')).slice(0, 3)).toEqual(['heartbeat #1', 'heartbeat #2', 'heartbeat #3']);
      t.host.dispatch('message_create', message('?'));
      await waitFor(() => logs(t.events).some((m) => /^heartbeats=[3-9]$/.test(m)), 5_000, 'the counter read back');
      expect(t.events.filter((e) => e.type === 'error')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN the three seed crons on Monday 08:44 UTC THEN the */15 heartbeat fires at :45, :00, :15 and the weekly report once at 09:00', async () => {
    const t = makeHost({ env: clockEnv(900, '2026-06-01T08:44:00Z') }); // 2026-06-01 is a Monday; 15 virtual min = 1 real s
    try {
      const info = await t.host.install({ id: 'seed_crons', version: '1.0.0', dir: SEED_CRONS, capabilities: [] }, { serverId: '1' });
      expect(info.handlers.crons).toEqual([
        { name: 'weekly_report', spec: '0 9 * * 1' },
        { name: 'heartbeat', spec: '*/15 * * * *' },
        { name: 'monthly_rollup', spec: '30 0 1 * *' },
        { name: 'monthly_witness', spec: '30 0 1 * *' },
      ]);
      await waitFor(() => logs(t.events).includes('Sending weekly report'), 10_000, 'the weekly report');
      await sleep(1_600); // past 09:15 virtual (due 1 real s after 09:00)
      t.host.dispatch('message_create', message('?'));
      await waitFor(() => logs(t.events).some((m) => m.startsWith('heartbeats=')), 5_000, 'the counter');
      const count = Number(logs(t.events).find((m) => m.startsWith('heartbeats='))!.split('=')[1]);
      expect(count).toBeGreaterThanOrEqual(3); // 08:45, 09:00, 09:15 (09:30 or 09:45 too on a slow machine)
      expect(count).toBeLessThanOrEqual(5);
      expect(logs(t.events).filter((m) => m === 'Sending weekly report')).toHaveLength(1);
      expect(logs(t.events).some((m) => m.startsWith('monthly witness'))).toBe(false); // not the 1st at 00:30
      expect(t.events.filter((e) => e.type === 'error')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN 00:29 UTC on the 1st THEN the monthly spec fires once at 00:30 (with the */15 heartbeat), and the seed rollup runs without error', async () => {
    const t = makeHost({ env: clockEnv(60, '2026-07-01T00:29:30Z') });
    try {
      await t.host.install({ id: 'seed_crons', version: '1.0.0', dir: SEED_CRONS, capabilities: [] }, { serverId: '1' });
      await waitFor(() => logs(t.events).some((m) => m.startsWith('monthly witness')), 10_000, 'the monthly tick');
      await sleep(500);
      expect(logs(t.events).filter((m) => m.startsWith('monthly witness'))).toHaveLength(1);
      expect(t.events.filter((e) => e.type === 'error' || (e.type === 'log' && e.level === 'error'))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a schedule under the 30 s minimum THEN the plugin fails at boot with the ValueError named', async () => {
    const t = makeHost();
    try {
      const dir = pluginDir(`from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.schedule(10)
def too_often(ctx: Context):
    pass

plugin.run()
`);
      const failure = await t.host.install({ id: 'too_often', version: '1.0.0', dir, capabilities: [] }, { serverId: '1' }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'handshake_failed' });
      expect(String((failure as Error).message)).toMatch(/exited during the handshake/);
      expect(String((failure as Error).message)).toMatch(/ValueError: @plugin\.schedule\(10\): the minimum interval is 30 seconds/);
      expect(t.host.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a task still running at its next tick THEN that tick is skipped (logged at debug), never run concurrently', async () => {
    const t = makeHost({ env: clockEnv(60, '2026-06-01T00:00:00Z') }); // schedule(30) = every 0.5 real s
    try {
      const dir = pluginDir(`import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.schedule(30)
def slow(ctx: Context):
    ctx.log("start")
    time.sleep(1.2)
    ctx.log("end")

plugin.run()
`);
      await t.host.install({ id: 'slow_task', version: '1.0.0', dir, capabilities: [] }, { serverId: '1' });
      await waitFor(() => logs(t.events).filter((m) => m === 'end').length >= 2, 10_000, 'two runs');
      const sequence = logs(t.events).filter((m) => m === 'start' || m === 'end');
      for (let i = 0; i + 1 < sequence.length; i++) expect(sequence[i]).not.toBe(sequence[i + 1]); // start, end, start, end…
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'log', level: 'debug', message: "schedule 'slow' skipped a tick: its previous run is still going" }));
    } finally {
      await t.close();
    }
  });

  it('GIVEN the host is down for two hours THEN after resume() the missed */15 ticks are not replayed', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'maidkit-tasks-')), 'host.db');
    const dir = pluginDir(`from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.cron("*/15 * * * *")
def tick(ctx: Context):
    ctx.log(f"tick {ctx.ephemeral.counter('ticks')}")

plugin.run()
`);
    const first = makeHost({ database, env: clockEnv(60, '2026-06-01T00:14:20Z') });
    try {
      await first.host.install({ id: 'ticker', version: '1.0.0', dir, capabilities: [] }, { serverId: '1' });
      await waitFor(() => logs(first.events).includes('tick 1'), 10_000, 'the 00:15 tick');
    } finally {
      await first.close();
    }
    // Two hours later (eight */15 ticks missed), the host comes back.
    const second = makeHost({ database, env: clockEnv(60, '2026-06-01T02:14:20Z') });
    try {
      const resumed = await second.host.resume();
      expect(resumed.map((r) => r.status)).toEqual(['running']);
      await sleep(100);
      expect(logs(second.events).filter((m) => m.startsWith('tick'))).toEqual([]); // no burst at boot
      await waitFor(() => logs(second.events).some((m) => m.startsWith('tick')), 10_000, 'the 02:15 tick');
      await sleep(400);
      // Ephemeral state does not survive a host restart, so the counter starts again: exactly one new tick.
      expect(logs(second.events).filter((m) => m.startsWith('tick'))).toEqual(['tick 1']);
    } finally {
      await second.close();
    }
  });
});
