/**
 * Hands out one unprivileged host uid per live sandbox. `RLIMIT_NPROC` counts processes per real uid
 * across the whole machine, so a pids limit is only per-sandbox when each sandbox has its own uid
 * (and root is exempt from it entirely — hence the drop to this uid before bwrap).
 *
 * Two host processes on one machine should be given disjoint ranges; the start offset is randomised so
 * that the defaults rarely collide, and the cgroup pids limit (when available) is per sandbox anyway.
 */
export class UidPool {
  readonly #start: number;
  readonly #size: number;
  readonly #used = new Set<number>();
  #next: number;

  constructor(start = 300_000, size = 65_536) {
    this.#start = start;
    this.#size = size;
    this.#next = Math.floor(Math.random() * size);
  }

  acquire(): number {
    for (let i = 0; i < this.#size; i++) {
      const uid = this.#start + ((this.#next + i) % this.#size);
      if (!this.#used.has(uid)) {
        this.#used.add(uid);
        this.#next = (this.#next + i + 1) % this.#size;
        return uid;
      }
    }
    throw new Error(`every uid in ${this.#start}..${this.#start + this.#size - 1} is in use`);
  }

  release(uid: number): void {
    this.#used.delete(uid);
  }
}
