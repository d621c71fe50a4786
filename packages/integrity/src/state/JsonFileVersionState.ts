import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { IntegrityError } from '../IntegrityError.js';
import type { AcceptedRelease, VersionStateStore } from './VersionStateStore.js';

/**
 * One JSON file `{ "format": "maidkit-accepted/v1", "plugins": { id: AcceptedRelease } }`, rewritten
 * atomically (temp file, fsync, rename, fsync of the directory) on every put. Fine for a CLI or a
 * desktop client; a busy host wants SqliteVersionState.
 */
export class JsonFileVersionState implements VersionStateStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  #load(): Record<string, AcceptedRelease> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new IntegrityError('state_store_failed', `cannot read ${this.path}`, { path: this.path, cause: err });
    }
    try {
      const file = JSON.parse(text) as { format?: unknown; plugins?: unknown };
      if (file.format !== 'maidkit-accepted/v1' || typeof file.plugins !== 'object' || file.plugins === null) throw new Error('bad format');
      return file.plugins as Record<string, AcceptedRelease>;
    } catch {
      // Refuse rather than start from empty: an unreadable state file must not reopen rollbacks.
      throw new IntegrityError('state_store_failed', `${this.path} is not a maidkit-accepted/v1 file`, { path: this.path });
    }
  }

  get(pluginId: string): AcceptedRelease | undefined {
    const plugins = this.#load();
    return Object.hasOwn(plugins, pluginId) ? plugins[pluginId] : undefined;
  }

  put(release: AcceptedRelease): void {
    const plugins = this.#load();
    plugins[release.pluginId] = release;
    const text = `${JSON.stringify({ format: 'maidkit-accepted/v1', plugins }, null, 2)}\n`;
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o644);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
      const dir = openSync(dirname(this.path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch (err) {
      throw new IntegrityError('state_store_failed', `cannot write ${this.path}`, { path: this.path, cause: err });
    }
  }
}
