/**
 * The restart policy: exponential backoff with jitter between restarts, and a crash window — after
 * `maxCrashes` crashes within `windowMs` the worker is given up on (VS Code's extension host uses
 * 3 in 5 minutes; see research/sandbox-runner.md §2.2).
 */
export interface RestartPolicy {
  maxCrashes: number;
  windowMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({ maxCrashes: 3, windowMs: 5 * 60_000, backoffBaseMs: 250, backoffMaxMs: 30_000 });

export class CrashWindow {
  readonly #policy: RestartPolicy;
  readonly #random: () => number;
  #crashes: number[] = [];

  constructor(policy: RestartPolicy, random: () => number = Math.random) {
    this.#policy = policy;
    this.#random = random;
  }

  /** Records a crash; returns the delay before the next start, or `undefined` to give up. */
  record(now = Date.now()): number | undefined {
    this.#crashes = this.#crashes.filter((t) => now - t < this.#policy.windowMs);
    this.#crashes.push(now);
    if (this.#crashes.length >= this.#policy.maxCrashes) return undefined;
    const exp = Math.min(this.#policy.backoffMaxMs, this.#policy.backoffBaseMs * 2 ** (this.#crashes.length - 1));
    // Full jitter in the upper half: spreads restarts of many workers without ever restarting instantly.
    return Math.round(exp / 2 + (this.#random() * exp) / 2);
  }

  get recent(): number {
    return this.#crashes.length;
  }

  reset(): void {
    this.#crashes = [];
  }
}
