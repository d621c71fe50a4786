import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerBackend, SubprocessBackend, type HostDependencyOptions, type SandboxBackend } from '@maidkit/sandbox-runner';
import type { CliIO } from '../io.js';

export type BackendName = 'subprocess' | 'docker' | 'none';
export const BACKEND_NAMES: readonly BackendName[] = ['subprocess', 'docker', 'none'];

/** Where `run`/`dev` keep requirements.txt environments unless `$MAIDKIT_DEPS_CACHE` says otherwise. */
export const DEPS_CACHE_ENV = 'MAIDKIT_DEPS_CACHE';

/**
 * The sandbox backend a command asked for. Docker reads its engine from the environment like the docker CLI
 * (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`), and checks the engine and image up front so a
 * missing engine is one clear line, not a failed install. A CLI run is short: no warm pool.
 */
export async function createBackend(name: BackendName, io: CliIO, options: { dockerImage?: string | undefined } = {}): Promise<SandboxBackend> {
  if (name === 'none') return new SubprocessBackend({ isolation: 'none', onWarning: (message) => io.stderr(`WARNING: ${message}\n`) });
  if (name === 'subprocess') return new SubprocessBackend();
  const docker = new DockerBackend({ warm: { perSpec: 0 }, ...(options.dockerImage ? { image: options.dockerImage } : {}) });
  try {
    await docker.init();
  } catch (error) {
    await docker.close().catch(() => undefined);
    throw error;
  }
  return docker;
}

/** How the host installs a plugin's requirements.txt for a CLI run. */
export function dependencyOptions(findLinks: readonly string[], io: CliIO): HostDependencyOptions {
  return { cacheDir: io.env[DEPS_CACHE_ENV] || join(tmpdir(), 'maidkit-deps'), ...(findLinks.length > 0 ? { findLinks } : {}) };
}
