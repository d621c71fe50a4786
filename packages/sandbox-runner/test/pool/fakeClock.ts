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

  /** Moves time to `to`, firing every timer due on the way at its own instant. */
  advanceTo(to: string | number): void {
    const target = typeof to === 'number' ? to : Date.parse(to);
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#t = Math.max(this.#t, next[1].at);
      next[1].fn();
    }
    this.#t = target;
  }

  get pending(): number {
    return this.#timers.size;
  }
}
