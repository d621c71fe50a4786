import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/cron/Clock.js';
import { ServerCronScheduler, type ServerCron, type TickOutcome } from '../../src/index.js';
import { FakeClock } from '../pool/fakeClock.js';

function setup(start: string, options: { active?: (id: string) => boolean; hold?: boolean } = {}) {
  const clock = new FakeClock(start);
  const fired: Array<[string, string, string]> = [];
  const ticks: Array<[string, TickOutcome, string]> = [];
  const release: Array<() => void> = [];
  const waits: number[] = [];
  const setTimer = clock.setTimer.bind(clock);
  clock.setTimer = (fn, ms) => {
    waits.push(ms);
    return setTimer(fn, ms);
  };
  const scheduler = new ServerCronScheduler({
    clock,
    ...(options.active ? { active: options.active } : {}),
    fire: (id, cron) => {
      fired.push([id, cron.name, new Date(clock.now()).toISOString()]);
      return options.hold ? new Promise<void>((r) => release.push(r)) : Promise.resolve();
    },
    onTick: (id, cron, outcome, due) => ticks.push([id, outcome, new Date(due).toISOString()]),
  });
  return { clock, scheduler, fired, ticks, release, waits };
}

const rollup: ServerCron = { name: 'monthly_rollup', spec: '30 0 1 * *' };

describe('ServerCronScheduler (cron-parser, UTC, injected clock)', () => {
  it('GIVEN the monthly seed spec THEN it fires at 00:30 UTC on each 1st, per install, and waits > 24.8 days are split', async () => {
    const s = setup('2026-01-01T00:31:00.000Z');
    s.scheduler.add('a', [rollup]);
    s.scheduler.add('b', [rollup]);
    expect(s.scheduler.nextFires('a')).toEqual([{ name: 'monthly_rollup', at: Date.parse('2026-02-01T00:30:00.000Z') }]);
    await s.clock.advanceTo('2026-03-01T00:30:00.000Z');
    expect(s.fired).toEqual([
      ['a', 'monthly_rollup', '2026-02-01T00:30:00.000Z'],
      ['b', 'monthly_rollup', '2026-02-01T00:30:00.000Z'],
      ['a', 'monthly_rollup', '2026-03-01T00:30:00.000Z'],
      ['b', 'monthly_rollup', '2026-03-01T00:30:00.000Z'],
    ]);
    expect(Math.max(...s.waits)).toBeLessThanOrEqual(MAX_TIMER_MS); // 31 days does not fit one setTimeout
    s.scheduler.close();
  });

  it('GIVEN a machine that sleeps a year and wakes THEN the due tick fires once, late, and the next is after now (no replay)', () => {
    const s = setup('2026-01-15T00:00:00.000Z');
    s.scheduler.add('a', [rollup]);
    s.clock.jumpTo('2027-01-15T00:00:00.000Z');
    expect(s.fired).toEqual([['a', 'monthly_rollup', '2027-01-15T00:00:00.000Z']]);
    expect(s.ticks).toEqual([['a', 'fired', '2026-02-01T00:30:00.000Z']]);
    expect(s.scheduler.nextFires('a')[0]!.at).toBe(Date.parse('2027-02-01T00:30:00.000Z'));
  });

  it('GIVEN an install added late THEN ticks before it was added are never fired (nothing to replay after a host restart)', async () => {
    const s = setup('2026-05-01T00:31:00.000Z');
    s.scheduler.add('a', [rollup]);
    await s.clock.advanceTo('2026-05-31T00:00:00.000Z');
    expect(s.fired).toEqual([]);
  });

  it('GIVEN a tick still running THEN the next due tick is skipped (reported), and inactive installs let ticks pass', async () => {
    let active = true;
    const s = setup('2026-03-01T10:00:30.000Z', { hold: true, active: () => active });
    s.scheduler.add('a', [{ name: 'every_minute', spec: '* * * * *' }]);
    await s.clock.advanceTo('2026-03-01T10:02:00.000Z');
    expect(s.ticks.map((t) => t[1])).toEqual(['fired', 'skipped_running']);
    s.release.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    await s.clock.advanceTo('2026-03-01T10:03:00.000Z');
    expect(s.ticks.map((t) => t[1])).toEqual(['fired', 'skipped_running', 'fired']);
    s.release.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    active = false;
    await s.clock.advanceTo('2026-03-01T10:04:00.000Z');
    expect(s.ticks.at(-1)![1]).toBe('skipped_inactive');
    s.scheduler.remove('a');
    await s.clock.advanceTo('2026-03-01T11:00:00.000Z');
    expect(s.ticks).toHaveLength(4);
    expect(s.clock.pending).toBe(0);
  });

  it('GIVEN hostile specs THEN add() throws naming the cron and schedules nothing', () => {
    const s = setup('2026-01-01T00:00:00.000Z');
    for (const spec of ['', '* * * *', '0 0 * * * *', '61 * * * *', 'x y z w v', '* * 32 * *', `${'1,'.repeat(5000)}1 * * * *`]) {
      expect(() => s.scheduler.add('a', [{ name: 'bad', spec }]), spec.slice(0, 40)).toThrow(/server cron "bad"/);
    }
    expect(s.scheduler.nextFires('a')).toEqual([]);
    expect(s.clock.pending).toBe(0);
  });
});
