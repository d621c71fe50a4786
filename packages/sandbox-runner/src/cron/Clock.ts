/**
 * Time as the host-side scheduler sees it. Injected so tests drive months of cron ticks in
 * milliseconds (a fake clock) without weakening anything; the default is the real clock.
 */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** setTimeout cannot wait past 2^31-1 ms (24.8 days; a monthly cron can be 31 days away): wake and re-check. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.min(ms, MAX_TIMER_MS));
    t.unref?.();
    return t;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
