import type { KvProvider, KvValue } from './KvProvider.js';

/** In-memory KV (tests, benchmarks, throwaway `maidkit run` sessions). Values are stored as JSON text so callers never share objects. */
export class MemoryKvProvider implements KvProvider {
  readonly #data = new Map<string, Map<string, string>>();

  #ns(installId: string): Map<string, string> {
    let ns = this.#data.get(installId);
    if (!ns) this.#data.set(installId, (ns = new Map()));
    return ns;
  }

  async get(installId: string, key: string): Promise<KvValue | undefined> {
    const text = this.#data.get(installId)?.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as KvValue);
  }

  async getMany(installId: string, keys: readonly string[]): Promise<Map<string, KvValue>> {
    const out = new Map<string, KvValue>();
    for (const key of keys) {
      const value = await this.get(installId, key);
      if (value !== undefined) out.set(key, value);
    }
    return out;
  }

  async set(installId: string, key: string, value: KvValue): Promise<void> {
    this.#ns(installId).set(key, JSON.stringify(value));
  }

  async setMany(installId: string, entries: ReadonlyArray<readonly [string, KvValue]>): Promise<void> {
    const ns = this.#ns(installId);
    for (const [key, value] of entries) ns.set(key, JSON.stringify(value));
  }

  async delete(installId: string, key: string): Promise<boolean> {
    return this.#data.get(installId)?.delete(key) ?? false;
  }

  async list(installId: string, options: { prefix?: string; limit: number; cursor?: string }): Promise<{ keys: string[]; cursor: string | null }> {
    const prefix = options.prefix ?? '';
    const all = [...(this.#data.get(installId)?.keys() ?? [])].filter((k) => k.startsWith(prefix) && (options.cursor === undefined || k > options.cursor)).sort();
    const keys = all.slice(0, options.limit);
    return { keys, cursor: all.length > keys.length ? (keys.at(-1) ?? null) : null };
  }

  async count(installId: string, prefix = ''): Promise<number> {
    let n = 0;
    for (const key of this.#data.get(installId)?.keys() ?? []) if (key.startsWith(prefix)) n++;
    return n;
  }

  async wipe(installId: string): Promise<void> {
    this.#data.delete(installId);
  }

  async close(): Promise<void> {}
}
