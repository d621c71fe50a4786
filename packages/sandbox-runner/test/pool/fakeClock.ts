import type { Clock } from '../../src/cron/Clock.js';

/** A clock whose time moves only when a test says so; due timers fire in time order. */
export class FakeClock implements Clock {
  #t: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start: string | number) {
    this.#t = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.#t;
  }

  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#t + ms, fn });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /**
   * Moves time to `to` as an awake machine would: every timer due on the way fires at its own instant,
   * with a macrotask between timers so the work they start (promises) can settle.
   */
  async advanceTo(to: string | number): Promise<void> {
    const target = typeof to === 'number' ? to : Date.parse(to);
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#t = Math.max(this.#t, next[1].at);
      next[1].fn();
      await new Promise((r) => setImmediate(r));
    }
    this.#t = target;
  }

  /** Moves time to `to` as a machine waking from sleep would: the timers that came due fire once, late, at `to`. */
  jumpTo(to: string | number): void {
    this.#t = typeof to === 'number' ? to : Date.parse(to);
    const due = [...this.#timers].filter(([, t]) => t.at <= this.#t).sort((a, b) => a[1].at - b[1].at);
    for (const [id, timer] of due) {
      this.#timers.delete(id);
      timer.fn();
    }
  }

  #nextDue(target: number): [number, { at: number; fn: () => void }] | undefined {
    let next: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of this.#timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
    return next;
  }

  get pending(): number {
    return this.#timers.size;
  }
}
