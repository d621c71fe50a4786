import { CronExpressionParser } from 'cron-parser';
import { SandboxError, SandboxErrorCodes } from '../errors.js';
import { MAX_TIMER_MS, systemClock, type Clock } from './Clock.js';

/** A manifest-declared server-side cron (`server_crons` in manifest.json). */
export interface ServerCron {
  /** The name the guest registered with `@plugin.cron` (delivered as `task.tick {kind: "cron", name}`). */
  name: string;
  /** 5-field spec, UTC. */
  spec: string;
}

export type TickOutcome = 'fired' | 'skipped_running' | 'skipped_inactive';

export interface ServerCronSchedulerOptions {
  clock?: Clock;
  /** Delivers one tick; the scheduler waits for it before that (install, cron) may fire again. */
  fire(installId: string, cron: ServerCron): Promise<void>;
  /** Told about every due tick and what happened to it (a skipped one is how "skip while running" is observed). */
  onTick?(installId: string, cron: ServerCron, outcome: TickOutcome, dueAt: number): void;
  /** Whether the install takes ticks now (enabled and running); inactive installs let the tick pass. */
  active?(installId: string): boolean;
}

interface Entry {
  installId: string;
  cron: ServerCron;
  next: number;
  running: boolean;
  iterate: (after: number) => number;
}

/** Parses a spec with cron-parser in UTC; a spec it refuses is a SandboxError naming the cron. */
export function nextFireFn(cron: ServerCron): (after: number) => number {
  const fields = cron.spec.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new SandboxError(SandboxErrorCodes.InvalidState, `server cron "${cron.name}": "${cron.spec}" must have 5 fields (minute hour day-of-month month day-of-week)`);
  }
  try {
    CronExpressionParser.parse(cron.spec, { tz: 'UTC', currentDate: new Date(0) });
  } catch (error) {
    throw new SandboxError(SandboxErrorCodes.InvalidState, `server cron "${cron.name}": invalid spec "${cron.spec}": ${(error as Error).message}`, { cause: error });
  }
  return (after) => CronExpressionParser.parse(cron.spec, { tz: 'UTC', currentDate: new Date(after) }).next().getTime();
}

/**
 * The host-side cron of pooled installs (seed 001: "for pooled plugins, declare a server-side cron in
 * your manifest"): UTC fire times from cron-parser; the first tick is the next one after the install
 * is added, so ticks missed while the host was down are not replayed; a tick due while the previous
 * one for the same install and cron is still running is skipped, never queued; a late wake fires the
 * due tick once and then jumps to the next time after now (no catch-up burst).
 */
export class ServerCronScheduler {
  readonly #o: ServerCronSchedulerOptions;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry[]>();
  #timer: unknown;
  #timerAt = Infinity;
  #closed = false;

  constructor(options: ServerCronSchedulerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Schedules an install's crons (replacing any it had); throws for an invalid spec, adding nothing. */
  add(installId: string, crons: readonly ServerCron[]): void {
    const now = this.#clock.now();
    const entries = crons.map((cron) => {
      const iterate = nextFireFn(cron);
      return { installId, cron, iterate, next: iterate(now), running: false };
    });
    this.#entries.delete(installId);
    if (entries.length > 0) this.#entries.set(installId, entries);
    this.#arm();
  }

  remove(installId: string): void {
    this.#entries.delete(installId);
    this.#arm();
  }

  /** The next fire time of each of an install's crons (Unix ms). */
  nextFires(installId: string): Array<{ name: string; at: number }> {
    return (this.#entries.get(installId) ?? []).map((e) => ({ name: e.cron.name, at: e.next }));
  }

  close(): void {
    this.#closed = true;
    this.#entries.clear();
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    if (this.#closed) return;
    let soonest = Infinity;
    for (const list of this.#entries.values()) for (const e of list) soonest = Math.min(soonest, e.next);
    if (soonest === this.#timerAt && this.#timer !== undefined) return;
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = soonest;
    if (soonest === Infinity) return;
    const wait = Math.max(0, Math.min(soonest - this.#clock.now(), MAX_TIMER_MS));
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#wake();
    }, wait);
  }

  #wake(): void {
    const now = this.#clock.now();
    for (const list of this.#entries.values()) {
      for (const e of list) {
        if (e.next > now) continue;
        const due = e.next;
        let next = e.iterate(due);
        if (next <= now) next = e.iterate(now); // woke late: no replay of the ticks in between
        e.next = next;
        this.#tick(e, due);
      }
    }
    this.#arm();
  }

  #tick(e: Entry, due: number): void {
    if (this.#o.active && !this.#o.active(e.installId)) return this.#o.onTick?.(e.installId, e.cron, 'skipped_inactive', due);
    if (e.running) return this.#o.onTick?.(e.installId, e.cron, 'skipped_running', due);
    e.running = true;
    this.#o.onTick?.(e.installId, e.cron, 'fired', due);
    void this.#o
      .fire(e.installId, e.cron)
      .catch(() => {
        /* the fire callback reports its own failures */
      })
      .finally(() => (e.running = false));
  }
}
