import type { AcceptedRelease, VersionStateStore } from './VersionStateStore.js';

/** Process-lifetime state, for tests and short-lived hosts. */
export class MemoryVersionState implements VersionStateStore {
  readonly #releases = new Map<string, AcceptedRelease>();

  get(pluginId: string): AcceptedRelease | undefined {
    const r = this.#releases.get(pluginId);
    return r && { ...r, capabilities: [...r.capabilities] };
  }

  put(release: AcceptedRelease): void {
    this.#releases.set(release.pluginId, { ...release, capabilities: [...release.capabilities] });
  }
}
