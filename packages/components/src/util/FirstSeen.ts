/**
 * Remembers the first value recorded under each string key, for duplicate checks (custom_ids in a message,
 * option values in a select). A `Map` spends most of its time hashing: every key is a fresh string whose
 * full hash V8 computes on first use, and the table grows three or four times on the way to 25 entries.
 * This keeps the first `SMALL` keys in a fixed open-addressing table hashed on the length and the last four
 * characters (where generated ids differ: `btn:3:4`, `opt_24`), compares with `===` along the probe run, and
 * moves to a `Map` past that, so hostile input (100,000 keys with the same tail) stays linear.
 *
 * Tables are pooled (validation runs per message; two 64-slot arrays per payload would be garbage) and
 * cleared slot by slot on release; a table in use is never in the pool, so nested or re-entrant use just
 * gets another. One not released (an exception mid-walk) is simply collected.
 */
export class FirstSeen<T> {
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly values: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);
  // Which slots hold a key, so clearing touches only those.
  private readonly used = new Uint8Array(SMALL);
  private count = 0;
  private overflow: Map<string, T> | undefined;
  private inUse = false;

  /** An empty table from the pool; give it back with release(). */
  static acquire<T>(): FirstSeen<T> {
    const t = (POOL.pop() as FirstSeen<T> | undefined) ?? new FirstSeen<T>();
    t.inUse = true;
    return t;
  }

  /** Empties the table (dropping its references to the payload) and returns it to the pool. */
  release(): void {
    if (!this.inUse) return;
    for (let i = 0; i < this.count; i++) {
      const s = this.used[i]!;
      this.keys[s] = undefined;
      this.values[s] = undefined;
    }
    this.count = 0;
    this.overflow = undefined;
    this.inUse = false;
    if (POOL.length < POOL_MAX) POOL.push(this as FirstSeen<unknown>);
  }

  /** The value first recorded under `key`, or undefined after recording `value` under it. */
  firstOrAdd(key: string, value: T): T | undefined {
    const overflow = this.overflow;
    if (overflow !== undefined) {
      const first = overflow.get(key);
      if (first === undefined) overflow.set(key, value);
      return first;
    }
    const n = key.length;
    // Two characters per multiply; charCodeAt past the start is NaN, which `|` turns into 0.
    let h = Math.imul(n ^ ((key.charCodeAt(n - 1) | 0) | ((key.charCodeAt(n - 2) | 0) << 16)), 0x9e3779b1);
    if (n > 2) h = Math.imul(h ^ ((key.charCodeAt(n - 3) | 0) | ((key.charCodeAt(n - 4) | 0) << 16)), 0x9e3779b1);
    const keys = this.keys;
    let slot = h >>> (32 - BITS);
    for (let k = keys[slot]; k !== undefined; k = keys[slot]) {
      if (k === key) return this.values[slot];
      slot = (slot + 1) & MASK;
    }
    if (this.count === SMALL) {
      this.spill().set(key, value);
      return undefined;
    }
    keys[slot] = key;
    this.values[slot] = value;
    this.used[this.count++] = slot;
    return undefined;
  }

  private spill(): Map<string, T> {
    const map = new Map<string, T>();
    for (let i = 0; i < this.count; i++) {
      const s = this.used[i]!;
      map.set(this.keys[s]!, this.values[s]!);
    }
    this.overflow = map;
    return map;
  }
}

// 64 slots at most half full keeps probe runs short; the hash's top BITS bits pick the slot.
const BITS = 6;
const SLOTS = 1 << BITS;
const MASK = SLOTS - 1;
const SMALL = SLOTS / 2;
const POOL: FirstSeen<unknown>[] = [];
const POOL_MAX = 4;
