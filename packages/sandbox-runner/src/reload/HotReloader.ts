import { resolve } from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '@maidkit/manifest';
import { loadHostedPlugin, type LoadedPlugin } from '../harness/loadHostedPlugin.js';
import type { PluginHost } from '../host/PluginHost.js';
import { watchTree, type TreeWatcher } from './watchTree.js';

export interface HotReloadOptions {
  /** The installs that run this plugin source (a function: installs may come and go). */
  installIds: () => readonly string[];
  /** What `loadHostedPlugin(source)` returned for the running version; disposed once a reload replaces it. */
  initial?: LoadedPlugin;
  /** Quiet time after the last change before reloading (editors write files in several steps). Default 300 ms. */
  debounceMs?: number;
  /** Force polling instead of fs.watch, and its interval (default: fs.watch, polling only as fallback, 500 ms). */
  poll?: boolean;
  pollMs?: number;
  /** Told about every reload attempt. */
  onReload?: (report: ReloadReport) => void;
}

export interface ReloadReport {
  ok: boolean;
  /** The version now running (the new one on success, the old one on failure). */
  version?: string;
  /** Installs switched to the new files. */
  reloaded: string[];
  /** Why the old version stays: the bundle's errors, or the new worker's failure, per install. */
  failures: Array<{ installId?: string; code: string; message: string }>;
  diagnostics: Diagnostic[];
}

/**
 * Hot reload for directory and linked-directory plugins (seed 004; MCDR always treats them as modified),
 * and for a solo `.py` or packed `.mcdr`/`.pyz` file when it changes (MCDR reloads those by mtime):
 * watches the files, and on a change re-reads and re-validates the plugin, stages the new files, and
 * calls `host.reload` for each install — a new worker completes its handshake before the old one stops.
 * On any failure the old version keeps running and the report says why.
 */
export class HotReloader {
  readonly #host: PluginHost;
  readonly #source: string;
  readonly #o: HotReloadOptions;
  #current: LoadedPlugin | undefined;
  #watcher: TreeWatcher | undefined;
  #running: Promise<ReloadReport> | undefined;
  #again = false;
  #closed = false;

  constructor(host: PluginHost, source: string, options: HotReloadOptions) {
    this.#host = host;
    this.#source = resolve(source);
    this.#o = options;
    this.#current = options.initial;
  }

  /** The directories watched: the plugin folder, and for a linked directory plugin its target too. */
  watchedPaths(): string[] {
    const dirs = [this.#source];
    const link = resolve(this.#source, 'mcdreforged.linked_directory_plugin.json');
    if (existsSync(link) && statSync(link).isFile()) {
      try {
        const target = (JSON.parse(readFileSync(link, 'utf8')) as { target?: unknown }).target;
        if (typeof target === 'string') dirs.push(resolve(process.cwd(), target));
      } catch {
        /* an unreadable link file is reported by the reload itself */
      }
    }
    return dirs;
  }

  /** Starts watching; returns how (`watch` or `poll`). */
  start(): 'watch' | 'poll' {
    this.#watch();
    return this.#watcher!.mode;
  }

  #watch(): void {
    this.#watcher?.close();
    this.#watcher = watchTree(this.watchedPaths(), () => void this.reloadNow(), {
      debounceMs: this.#o.debounceMs ?? 300,
      pollMs: this.#o.pollMs ?? 500,
      poll: this.#o.poll ?? false,
    });
  }

  /** Reloads now (what a change triggers). Concurrent triggers coalesce into one more run after the current one. */
  reloadNow(): Promise<ReloadReport> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#reload().finally(() => {
      this.#running = undefined;
      // Watch afresh: a linked directory's target may have moved, an editor may have replaced a watched file.
      if (this.#watcher && !this.#closed) this.#watch();
      if (this.#again && !this.#closed) {
        this.#again = false;
        void this.reloadNow();
      }
    });
    return this.#running;
  }

  async #reload(): Promise<ReloadReport> {
    const previous = this.#current?.ok ? this.#current.plugin.version : undefined;
    const loaded = await loadHostedPlugin(this.#source).catch((error: unknown): LoadedPlugin => ({
      ok: false,
      diagnostics: [{ code: 'source.unreadable', severity: 'error', path: '', message: (error as Error).message }],
    }));
    if (!loaded.ok) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      return this.#report({ ok: false, ...(previous ? { version: previous } : {}), reloaded: [], failures: errors.map((d) => ({ code: d.code, message: `${d.file ?? ''}${d.path}: ${d.message}` })), diagnostics: loaded.diagnostics });
    }
    const reloaded: string[] = [];
    const failures: ReloadReport['failures'] = [];
    for (const installId of this.#o.installIds()) {
      try {
        await this.#host.reload(installId, loaded.plugin);
        reloaded.push(installId);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        failures.push({ installId, code: e.code ?? 'reload_failed', message: e.message ?? String(error) });
      }
    }
    if (failures.length > 0 && reloaded.length === 0) {
      loaded.dispose(); // nothing runs the new files
      return this.#report({ ok: false, ...(previous ? { version: previous } : {}), reloaded, failures, diagnostics: loaded.diagnostics });
    }
    // Some install may still run the old files only if its reload failed: keep them until close().
    if (failures.length === 0 && this.#current?.ok) this.#current.dispose();
    this.#current = loaded;
    return this.#report({ ok: failures.length === 0, version: loaded.plugin.version, reloaded, failures, diagnostics: loaded.diagnostics });
  }

  #report(report: ReloadReport): ReloadReport {
    try {
      this.#o.onReload?.(report);
    } catch {
      /* a listener's bug must not stop reloading */
    }
    return report;
  }

  /** Stops watching (the running version keeps running; dispose its files after the host stops it). */
  close(): void {
    this.#closed = true;
    this.#watcher?.close();
  }

  /** What the installs run now (dispose it after closing the host). */
  get current(): LoadedPlugin | undefined {
    return this.#current;
  }
}
