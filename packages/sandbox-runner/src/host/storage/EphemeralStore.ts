import type { KvValue } from './KvProvider.js';

/**
 * Per-install state that lives only as long as the host process (`ctx.ephemeral.*`): counters and
 * scratch values. Bounded per install so a plugin cannot grow host memory without limit.
 */
export class EphemeralStore {
  readonly #data = new Map<string, Map<string, KvValue>>();
  readonly #maxKeys: number;

  constructor(maxKeysPerInstall = 10_000) {
    this.#maxKeys = maxKeysPerInstall;
  }

  get(installId: string, key: string): KvValue | undefined {
    return this.#data.get(installId)?.get(key);
  }

  /** Returns false (nothing stored) when the install is at its key limit and `key` is new. */
  set(installId: string, key: string, value: KvValue): boolean {
    let ns = this.#data.get(installId);
    if (!ns) this.#data.set(installId, (ns = new Map()));
    if (!ns.has(key) && ns.size >= this.#maxKeys) return false;
    ns.set(key, value);
    return true;
  }

  delete(installId: string, key: string): boolean {
    return this.#data.get(installId)?.delete(key) ?? false;
  }

  /** Adds `by` to a numeric value (missing or non-numeric counts as 0); undefined when full. */
  counter(installId: string, key: string, by = 1): number | undefined {
    const current = this.get(installId, key);
    const next = (typeof current === 'number' ? current : 0) + by;
    return this.set(installId, key, next) ? next : undefined;
  }

  get maxKeys(): number {
    return this.#maxKeys;
  }

  wipe(installId: string): void {
    this.#data.delete(installId);
  }
}
