import type { PipelineStore, TransitionEvent, VersionRecord, VersionState } from './types.js';

const key = (pluginId: string, version: string) => `${pluginId}\u0000${version}`;

/** In-process store (tests, previews). Copies in and out so callers can never mutate stored records. */
export class MemoryPipelineStore implements PipelineStore {
  readonly #records = new Map<string, VersionRecord>();
  readonly #bundles = new Map<string, Uint8Array>();
  readonly #events: TransitionEvent[] = [];

  create(record: VersionRecord, bundle: Uint8Array, event: TransitionEvent): boolean {
    const k = key(record.pluginId, record.version);
    if (this.#records.has(k)) return false;
    this.#records.set(k, structuredClone(record));
    this.#bundles.set(k, Uint8Array.from(bundle));
    this.#events.push(structuredClone(event));
    return true;
  }

  get(pluginId: string, version: string): VersionRecord | undefined {
    const r = this.#records.get(key(pluginId, version));
    return r && structuredClone(r);
  }

  bundle(pluginId: string, version: string): Uint8Array | undefined {
    const b = this.#bundles.get(key(pluginId, version));
    return b && Uint8Array.from(b);
  }

  list(pluginId?: string): VersionRecord[] {
    return [...this.#records.values()].filter((r) => pluginId === undefined || r.pluginId === pluginId).map((r) => structuredClone(r));
  }

  transition(expected: VersionState, next: VersionRecord, event: TransitionEvent): boolean {
    const k = key(next.pluginId, next.version);
    if (this.#records.get(k)?.state !== expected) return false;
    this.#records.set(k, structuredClone(next));
    this.#events.push(structuredClone(event));
    return true;
  }

  history(pluginId: string, version: string): TransitionEvent[] {
    return this.#events.filter((e) => e.pluginId === pluginId && e.version === version).map((e) => structuredClone(e));
  }
}
