import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxError, SandboxErrorCodes } from '../errors.js';
import { DependencyError, installRequirements, readRequirementsFile, type DependencyEnvironment } from './requirements.js';

/** Where a plugin's requirements.txt environment is mounted (read-only) inside the sandbox. */
export const DEPS_MOUNT = '/opt/maidkit/deps';

/** How the host installs plugins' requirements.txt (`PluginHostOptions.dependencies`). */
export interface HostDependencyOptions {
  /** Root of the per-plugin, per-version environment cache. Default `$TMPDIR/maidkit-deps`. */
  cacheDir?: string;
  /** Local wheel directories (`pip --find-links`); with no `indexUrl` the only source (offline). */
  findLinks?: readonly string[];
  /** A package index, for hosts that have one. Default: none. */
  indexUrl?: string;
  /** Kill pip after this long. Default 120 s. */
  timeoutMs?: number;
}

interface PluginRef {
  pluginId: string;
  pluginVersion: string;
  pluginDir: string;
}

/**
 * The host side of requirements.txt: installs a plugin's requirements on the host (with the host's pip,
 * targeting the same Python version) **before** its sandbox starts, once per plugin folder, and tells the
 * spec what to mount. A failed install is a `dependencies_failed` error naming the line and pip's reason;
 * `installRequirements` never leaves a half-built environment, so nothing half-installed can run.
 */
export class PluginDependencies {
  readonly #options: HostDependencyOptions;
  readonly #python: () => string;
  readonly #pending = new Map<string, Promise<DependencyEnvironment | undefined>>();
  /** Per plugin folder: the environment of the requirements it had when last prepared. */
  readonly #ready = new Map<string, { key: string; env: DependencyEnvironment | undefined }>();

  constructor(options: HostDependencyOptions, python: () => string) {
    this.#options = options;
    this.#python = python;
  }

  /**
   * Installs (or finds cached) the plugin's environment; a plugin without requirements.txt needs nothing.
   * requirements.txt is re-read every time (a folder edited under `maidkit dev` gets the new set); the
   * environments themselves are cached on disk by the requirements' hash, so an unchanged set is free.
   */
  async prepare(plugin: PluginRef): Promise<DependencyEnvironment | undefined> {
    const requirements = await readRequirementsFile(plugin.pluginDir);
    const key = JSON.stringify([plugin.pluginId, plugin.pluginVersion, requirements ?? null]);
    const last = this.#ready.get(plugin.pluginDir);
    if (last?.key === key) return last.env;
    const pendingKey = `${plugin.pluginDir}\0${key}`;
    let pending = this.#pending.get(pendingKey);
    if (!pending) {
      pending = requirements === undefined ? Promise.resolve(undefined) : this.#install(plugin, requirements);
      this.#pending.set(pendingKey, pending);
    }
    try {
      const env = await pending;
      this.#ready.set(plugin.pluginDir, { key, env });
      return env;
    } finally {
      this.#pending.delete(pendingKey);
    }
  }

  /** The mount and environment variable for a prepared plugin (nothing when it has no requirements). */
  sandboxPart(pluginDir: string): { mounts: Array<{ source: string; target: string }>; env: Record<string, string> } {
    const env = this.#ready.get(pluginDir)?.env;
    if (!env) return { mounts: [], env: {} };
    return { mounts: [{ source: env.dir, target: DEPS_MOUNT }], env: { MAIDKIT_SYS_PATH: DEPS_MOUNT } };
  }

  async #install(plugin: PluginRef, requirements: string): Promise<DependencyEnvironment> {
    const o = this.#options;
    try {
      return await installRequirements({
        requirements,
        pluginId: plugin.pluginId,
        version: plugin.pluginVersion,
        cacheDir: o.cacheDir ?? join(tmpdir(), 'maidkit-deps'),
        python: this.#python(),
        ...(o.findLinks ? { findLinks: o.findLinks } : {}),
        ...(o.indexUrl ? { indexUrl: o.indexUrl } : {}),
        ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
      });
    } catch (error) {
      if (!(error instanceof DependencyError)) throw error;
      const where = error.line === undefined ? '' : ` (requirements.txt line ${error.line})`;
      throw new SandboxError(SandboxErrorCodes.DependenciesFailed, `plugin ${plugin.pluginId} ${plugin.pluginVersion}: its requirements.txt could not be installed${where}: ${error.message}`, {
        hint: hintFor(error.code),
        cause: error,
        data: { dependencyCode: error.code, ...(error.line === undefined ? {} : { line: error.line }), details: error.details.slice(-2000) },
      });
    }
  }
}

function hintFor(code: DependencyError['code']): string {
  switch (code) {
    case 'deps.no_matching_distribution':
      return 'ship a wheel for it, or give the host a wheel directory (--find-links) or an index that has it';
    case 'deps.needs_compiler':
      return 'only prebuilt wheels are installed; ask for a py3-none-any or manylinux wheel';
    case 'deps.timeout':
      return 'raise dependencies.timeoutMs, or use a closer wheel directory';
    case 'deps.pip_missing':
      return 'install pip for the host interpreter (Debian: apt-get install python3-pip)';
    case 'deps.invalid_requirement':
      return 'requirements.txt takes one "name==version" (PEP 508) per line; no options, URLs or paths';
    default:
      return 'see the pip output in the error data';
  }
}
