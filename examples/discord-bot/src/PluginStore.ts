import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostedPlugin } from '@maidkit/sandbox-runner';

/** One extracted, validated (and, with trusted keys, verified) plugin version on disk. */
export interface StoredPlugin {
  id: string;
  version: string;
  name: string;
  /** Folder holding the bundle's validated files (content-addressed, never changed after writing). */
  dir: string;
  entry: string;
  capabilities: string[];
  /** The manifest's `slash_commands`, as declared (the command sync needs the whole declaration). */
  slashCommands: Array<Record<string, unknown>>;
  proxyDomains: string[];
  dashboardManifest: unknown;
  /** `dashboard/` inside `dir` when the plugin has an iframe dashboard. */
  dashboardDir: string | null;
  dashboardHandlers: string[];
  /** The signers of its release statement (empty when no trusted keys are configured). */
  signers: string[];
}

/**
 * The plugin versions this bot has accepted, by `id@version`, persisted as one JSON file in the data
 * folder so a restarted bot can resume its installs and sync their commands.
 */
export class PluginStore {
  readonly #file: string;
  readonly #plugins = new Map<string, StoredPlugin>();

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#file = join(dataDir, 'plugins.json');
    if (existsSync(this.#file)) {
      for (const p of JSON.parse(readFileSync(this.#file, 'utf8')) as StoredPlugin[]) this.#plugins.set(`${p.id}@${p.version}`, p);
    }
  }

  get(id: string, version: string): StoredPlugin | undefined {
    return this.#plugins.get(`${id}@${version}`);
  }

  /** The newest stored version of a plugin id (for dashboards, which are per plugin). */
  latest(id: string): StoredPlugin | undefined {
    return [...this.#plugins.values()].filter((p) => p.id === id).at(-1);
  }

  put(plugin: StoredPlugin): void {
    this.#plugins.set(`${plugin.id}@${plugin.version}`, plugin);
    // Write then rename: a crash mid-write never leaves a truncated registry.
    writeFileSync(`${this.#file}.tmp`, JSON.stringify([...this.#plugins.values()], null, 2));
    renameSync(`${this.#file}.tmp`, this.#file);
  }

  hosted(plugin: StoredPlugin): HostedPlugin {
    return {
      id: plugin.id,
      version: plugin.version,
      dir: plugin.dir,
      entry: plugin.entry,
      capabilities: plugin.capabilities,
      slashCommands: plugin.slashCommands.map((c) => String(c['name'])),
      proxyDomains: plugin.proxyDomains,
      ...(plugin.dashboardManifest === null ? {} : { dashboardManifest: plugin.dashboardManifest }),
    };
  }
}
