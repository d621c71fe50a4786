/**
 * A token bucket for one install's log lines: `ratePerSecond` sustained, `burst` at once. A plugin that
 * logs in a tight loop cannot flood the host's subscribers (or `maidkit run`'s output); what it loses
 * is counted and reported, at most once a second, by `onDropped`.
 */
export class LogLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #onDropped: (count: number) => void;
  #tokens: number;
  #last = Date.now();
  #dropped = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(ratePerSecond: number, burst: number, onDropped: (count: number) => void) {
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#onDropped = onDropped;
  }

  /** Whether the next line may go out. */
  take(): boolean {
    const now = Date.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    this.#dropped++;
    if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), 1000);
      this.#timer.unref?.();
    }
    return false;
  }

  /** Reports the lines dropped so far (if any) now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#dropped > 0) {
      const n = this.#dropped;
      this.#dropped = 0;
      this.#onDropped(n);
    }
  }

  get pending(): boolean {
    return this.#timer !== undefined;
  }
}
