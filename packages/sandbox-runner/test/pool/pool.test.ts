import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../src/index.js';
import { cleanupScratch, makeHost, message, pluginDir, waitFor } from '../helpers.js';
import { FakeClock } from './fakeClock.js';

afterAll(cleanupScratch);

/** A plugin that keeps per-install state and can try to act for another install. */
const TENANT = pluginDir(`
from mmo_maid_sdk import Plugin, Context, RpcError
plugin = Plugin()

@plugin.on_ready
def ready(ctx: Context):
    ctx.log(f"ready {ctx.install_id} on {ctx.server_id}")

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    text = event["content"]
    if text == "!set":
        ctx.kv.set("owner", ctx.install_id)
        ctx.ephemeral.counter("hits", 5 if ctx.server_id == "1" else 7)
    elif text == "!get":
        ctx.log(f"kv={ctx.kv.get('owner')} hits={ctx.ephemeral.get('hits')}")
    elif text.startswith("!forge "):
        other = text.split(" ", 1)[1]
        try:
            value = ctx.kv._session.call("kv.get", {"install_id": other, "key": "owner"})
            ctx.log(f"forged read {value}")
        except RpcError as e:
            ctx.log(f"forged refused {e.code}")
    elif text.startswith("!note "):
        ctx.sql.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")
        ctx.sql.execute("INSERT INTO notes (body) VALUES (?)", [text[6:]])
        ctx.log("notes " + ",".join(r["body"] for r in ctx.sql.query("SELECT body FROM notes ORDER BY rowid")["rows"]))
    elif text == "!crash":
        import os
        os._exit(3)

@plugin.cron("30 0 1 * *")
def monthly_rollup(ctx: Context):
    n = ctx.ephemeral.counter("rollups")
    ctx.log(f"rollup #{n} for {ctx.install_id}")

@plugin.cron("* * * * *")
def slow_job(ctx: Context):
    import time
    ctx.log(f"slow start {ctx.install_id}")
    time.sleep(1.5)
    ctx.log(f"slow end {ctx.install_id}")

plugin.run()
`);

const plugin = (extra: Record<string, unknown> = {}) => ({ id: 'tenant_plugin', version: '1.0.0', dir: TENANT, capabilities: [], ...extra });
const logs = (events: HostEvent[], installId?: string) =>
  events.filter((e): e is Extract<HostEvent, { type: 'log' }> => e.type === 'log' && (installId === undefined || e.installId === installId)).map((e) => e.message);

describe('pool mode: one worker, many installs, nothing shared', () => {
  it('GIVEN two installs in one pooled worker THEN KV, ephemeral and logs stay per install, and a call naming an install of another worker is refused', async () => {
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 2, tenantsPerWorker: 8 } });
    try {
      const a = await t.host.install(plugin(), { serverId: '1' });
      const other = await t.host.install(plugin(), { serverId: '3' }); // the spread opens a second worker
      const b = await t.host.install(plugin(), { serverId: '2' }); // and the third install joins the first
      const pools = t.host.pools();
      expect(pools).toHaveLength(2);
      expect(pools[0]!.installs.sort()).toEqual([a.installId, b.installId].sort());
      expect(pools[1]!.installs).toEqual([other.installId]);
      expect(a.status).toBe('running');
      // on_ready ran once per install, each with its own ctx, attributed to that install.
      expect(logs(t.events, a.installId)).toEqual([`ready ${a.installId} on 1`]);
      expect(logs(t.events, b.installId)).toEqual([`ready ${b.installId} on 2`]);

      t.host.dispatch('message_create', message('!set'));
      expect(await t.host.settled()).toBe(true);
      t.host.dispatch('message_create', message('!get'));
      t.host.dispatch('message_create', message(`!forge ${other.installId}`), { serverId: '1' });
      t.host.dispatch('message_create', message('!forge inst_made_up'), { serverId: '2' });
      expect(await t.host.settled()).toBe(true);

      expect(logs(t.events, a.installId)).toContain(`kv=${a.installId} hits=5`);
      expect(logs(t.events, b.installId)).toContain(`kv=${b.installId} hits=7`);
      expect(logs(t.events, a.installId)).toContain('forged refused -32003');
      expect(logs(t.events, b.installId)).toContain('forged refused -32003');
      expect(logs(t.events).some((m) => m.startsWith('forged read'))).toBe(false);
      // The refusal is reported on the host, to the pool, not to the install that was named.
      expect(t.events.filter((e) => e.type === 'error' && e.code === 'not_found' && e.during === 'kv.get').map((e) => e.installId)).toEqual([pools[0]!.id, pools[0]!.id]);
      expect(logs(t.events, other.installId).filter((m) => !m.startsWith('ready'))).toEqual([`kv=${other.installId} hits=7`]);
      // The SDK's "crons do not run in pool workers" warning names no install: it stays with the pool.
      expect(t.events.find((e) => e.type === 'log' && e.message.startsWith('pool mode:'))?.installId).toBe(pools[0]!.id);

      // Detaching one install leaves the worker serving the other.
      await t.host.disable(a.installId);
      expect(t.host.pools()[0]!.installs).toEqual([b.installId]);
      expect(t.host.get(b.installId)!.status).toBe('running');
      expect(t.host.dispatch('message_create', message('!get')).delivered.sort()).toEqual([b.installId, other.installId].sort());
      await t.host.uninstall(b.installId);
      expect(t.host.pools().map((p) => p.installs)).toEqual([[other.installId]]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN two pooled installs with storage:sql THEN each has its own database', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'maidkit-pool-sql-')), 'host.db');
    const t = makeHost({ database, pool: { enabled: true, workersPerVersion: 1 } });
    try {
      const a = await t.host.install(plugin({ capabilities: ['storage:sql'] }), { serverId: '1' });
      const b = await t.host.install(plugin({ capabilities: ['storage:sql'] }), { serverId: '2' });
      expect(t.host.pools()[0]!.installs).toHaveLength(2);
      t.host.dispatch('message_create', message('!note alpha'), { serverId: '1' });
      await waitFor(() => logs(t.events, a.installId).includes('notes alpha'), 10_000, 'a note');
      t.host.dispatch('message_create', message('!note beta'), { serverId: '2' });
      t.host.dispatch('message_create', message('!note gamma'), { serverId: '1' });
      await waitFor(() => logs(t.events, b.installId).some((m) => m.startsWith('notes')) && logs(t.events, a.installId).includes('notes alpha,gamma'), 10_000, 'both');
      expect(logs(t.events, b.installId).filter((m) => m.startsWith('notes'))).toEqual(['notes beta']);
    } finally {
      await t.close();
    }
  });

  it('GIVEN 3 workers × 2 tenants THEN installs spread over the workers, the 7th is refused, and a dedicated plugin gets its own worker', async () => {
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 3, tenantsPerWorker: 2 } });
    try {
      const ids: string[] = [];
      for (let i = 1; i <= 6; i++) ids.push((await t.host.install(plugin(), { serverId: String(i), enable: true })).installId);
      const pools = t.host.pools();
      expect(pools).toHaveLength(3);
      expect(pools.map((p) => p.installs.length)).toEqual([2, 2, 2]);
      expect(pools.flatMap((p) => p.installs).sort()).toEqual([...ids].sort());
      await expect(t.host.install(plugin(), { serverId: '7' })).rejects.toMatchObject({ code: 'queue_full' });
      expect(t.host.list()).toHaveLength(6); // the refused install left nothing behind

      const solo = await t.host.install(plugin({ id: 'tenant_solo', isolation: 'dedicated' }), { serverId: '8' });
      expect(solo.status).toBe('running');
      expect(t.host.pools().flatMap((p) => p.installs)).not.toContain(solo.installId);
      expect(t.host.dispatch('message_create', message('!get')).delivered).toHaveLength(7);
      expect(await t.host.settled()).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a pooled worker that crashes THEN it restarts, every install is re-attached with on_ready again, and state survives', async () => {
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 1 }, restart: { backoffBaseMs: 50 } });
    try {
      const a = await t.host.install(plugin(), { serverId: '1' });
      const b = await t.host.install(plugin(), { serverId: '2' });
      t.host.dispatch('message_create', message('!set'));
      expect(await t.host.settled()).toBe(true);
      t.host.dispatch('message_create', message('!crash'), { serverId: '1' });
      await waitFor(() => t.events.some((e) => e.type === 'status' && e.status === 'crashed' && e.installId === b.installId), 10_000, 'the crash seen by the other install');
      await waitFor(() => logs(t.events, a.installId).filter((m) => m.startsWith('ready')).length === 2 && logs(t.events, b.installId).filter((m) => m.startsWith('ready')).length === 2, 10_000, 'on_ready again for both');
      await waitFor(() => t.host.get(a.installId)!.status === 'running');
      t.host.dispatch('message_create', message('!get'));
      expect(await t.host.settled()).toBe(true);
      // KV is durable; ephemeral state lives on the host too, so a worker crash loses neither.
      expect(logs(t.events, a.installId)).toContain(`kv=${a.installId} hits=5`);
      expect(logs(t.events, b.installId)).toContain(`kv=${b.installId} hits=7`);
      expect(t.host.pools()).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

describe('pool mode: the manifest server cron, scheduled by the host', () => {
  it('GIVEN server_crons and a fake clock THEN each enabled install gets its task.tick at 00:30 UTC on the 1st, missed ticks are not replayed', async () => {
    const clock = new FakeClock('2026-01-31T23:00:00.000Z');
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 1, clock } });
    try {
      const crons = [{ name: 'monthly_rollup', spec: '30 0 1 * *' }];
      const a = await t.host.install(plugin({ serverCrons: crons }), { serverId: '1' });
      const b = await t.host.install(plugin({ serverCrons: crons }), { serverId: '2' });
      expect(t.host.nextServerCronFires(a.installId)).toEqual([{ name: 'monthly_rollup', at: Date.parse('2026-02-01T00:30:00.000Z') }]);
      await clock.advanceTo('2026-02-01T00:29:59.000Z');
      expect(await t.host.settled()).toBe(true);
      expect(logs(t.events).filter((m) => m.startsWith('rollup'))).toEqual([]);

      await clock.advanceTo('2026-02-01T00:30:00.000Z');
      await waitFor(() => logs(t.events).filter((m) => m.startsWith('rollup')).length === 2, 10_000, 'two rollups');
      expect(logs(t.events, a.installId)).toContain(`rollup #1 for ${a.installId}`);
      expect(logs(t.events, b.installId)).toContain(`rollup #1 for ${b.installId}`);

      // The machine sleeps five months and wakes (the timer fires late): one tick, not five.
      clock.jumpTo('2026-07-15T00:00:00.000Z');
      await waitFor(() => logs(t.events).filter((m) => m.startsWith('rollup')).length === 4, 10_000, 'one more rollup each');
      expect(await t.host.settled({ quietMs: 300 })).toBe(true);
      expect(t.events.filter((e) => e.type === 'warning' && e.code === 'tick_skipped')).toEqual([]);
      expect(logs(t.events, a.installId).filter((m) => m.startsWith('rollup'))).toEqual([`rollup #1 for ${a.installId}`, `rollup #2 for ${a.installId}`]);
      expect(t.host.nextServerCronFires(a.installId)[0]!.at).toBe(Date.parse('2026-08-01T00:30:00.000Z'));

      // A disabled install is detached: no ticks; the other keeps its own.
      await t.host.disable(b.installId);
      await clock.advanceTo('2026-08-01T00:30:00.000Z');
      await waitFor(() => logs(t.events, a.installId).includes(`rollup #3 for ${a.installId}`), 10_000, 'rollup #3');
      expect(await t.host.settled({ quietMs: 200 })).toBe(true);
      expect(logs(t.events, b.installId).filter((m) => m.startsWith('rollup'))).toHaveLength(2);
      // The in-guest @plugin.cron of the same functions never ran by itself in the pooled worker.
      expect(t.events.filter((e) => e.type === 'error')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a server cron still running at its next tick THEN that tick is skipped and reported, not queued', async () => {
    const clock = new FakeClock('2026-03-01T10:00:30.000Z');
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 1, clock } });
    try {
      const a = await t.host.install(plugin({ serverCrons: [{ name: 'slow_job', spec: '* * * * *' }] }), { serverId: '1' });
      await clock.advanceTo('2026-03-01T10:01:00.000Z');
      await waitFor(() => logs(t.events, a.installId).includes(`slow start ${a.installId}`), 10_000, 'slow start');
      await clock.advanceTo('2026-03-01T10:02:00.000Z'); // the 1.5 s job is still running
      await waitFor(() => logs(t.events, a.installId).includes(`slow end ${a.installId}`), 10_000, 'slow end');
      expect(t.events.filter((e) => e.type === 'warning' && e.code === 'tick_skipped' && e.installId === a.installId)).toHaveLength(1);
      await clock.advanceTo('2026-03-01T10:03:00.000Z');
      await waitFor(() => logs(t.events, a.installId).filter((m) => m.startsWith('slow end')).length === 2, 10_000, 'second run');
      expect(logs(t.events, a.installId).filter((m) => m.startsWith('slow start'))).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('GIVEN an invalid server cron spec, or one naming no @plugin.cron THEN install is refused, or warned about', async () => {
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 1 } });
    try {
      await expect(t.host.install(plugin({ serverCrons: [{ name: 'monthly_rollup', spec: '61 * * * *' }] }), { serverId: '1' })).rejects.toThrow(/server cron "monthly_rollup": invalid spec/);
      await expect(t.host.install(plugin({ serverCrons: [{ name: 'monthly_rollup', spec: '* * * *' }] }), { serverId: '1' })).rejects.toThrow(/5 fields/);
      expect(t.host.list()).toEqual([]);
      const a = await t.host.install(plugin({ serverCrons: [{ name: 'nightly', spec: '0 0 * * *' }] }), { serverId: '1' });
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'unhandled_server_cron', installId: a.installId }));
    } finally {
      await t.close();
    }
  });

  it('GIVEN a host restart THEN resume() pools the enabled installs again and restores their server crons from the database', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'maidkit-pool-resume-')), 'host.db');
    const crons = [{ name: 'monthly_rollup', spec: '30 0 1 * *' }];
    const first = makeHost({ database, pool: { enabled: true, workersPerVersion: 1 } });
    let ids: string[];
    try {
      ids = [(await first.host.install(plugin({ serverCrons: crons }), { serverId: '1' })).installId, (await first.host.install(plugin({ serverCrons: crons }), { serverId: '2' })).installId];
    } finally {
      await first.close();
    }
    const clock = new FakeClock('2026-04-30T12:00:00.000Z');
    const second = makeHost({ database, pool: { enabled: true, workersPerVersion: 1, clock } });
    try {
      expect((await second.host.resume()).map((r) => r.status)).toEqual(['running', 'running']);
      expect(second.host.pools().map((p) => p.installs.sort())).toEqual([[...ids].sort()]);
      expect(logs(second.events).filter((m) => m.startsWith('ready')).sort()).toEqual([`ready ${ids[0]} on 1`, `ready ${ids[1]} on 2`].sort());
      await clock.advanceTo('2026-05-01T00:30:00.000Z');
      await waitFor(() => logs(second.events).filter((m) => m.startsWith('rollup')).length === 2, 10_000, 'a rollup per install');
    } finally {
      await second.close();
    }
  });
});
