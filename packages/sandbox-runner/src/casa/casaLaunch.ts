import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SandboxError, SandboxErrorCodes } from '../errors.js';

/** Where `casa_runtime/` is mounted (read-only) inside the sandbox of a Casa Cloner install. */
export const CASA_MOUNT = '/opt/maidkit/casa';

/**
 * A Casa Cloner bundle as the runner sees it on disk: `plugin.py` is the entry and there is no
 * `__main__.py` (`@maidkit/manifest`'s detection rule), with its `manifest.json` beside it.
 */
export function isCasaPlugin(pluginDir: string, entry: string): boolean {
  return entry === 'plugin.py' && !existsSync(join(pluginDir, '__main__.py')) && existsSync(join(pluginDir, 'manifest.json'));
}

/** The folder holding `casa_runtime/` (this package's `python/`), from src/ (tests) or dist/ (built). */
export function casaRuntimeRoot(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'python', 'casa_runtime', '_boot.py'))) return join(dir, 'python');
  }
  throw new SandboxError(SandboxErrorCodes.NotFound, `the Casa Cloner runtime (python/casa_runtime) was not found near ${here}`);
}

/**
 * The entry command and extra mount for a Casa install: `casa_runtime/_boot.py` loads `plugin.py` inside the
 * sandbox with Casa's restricted builtins, on top of the SDK mounted at `sdkMount`.
 */
export function casaLaunch(python: string, sdkMount: string, entry: string): { command: string[]; mounts: Array<{ source: string; target: string }> } {
  return {
    command: [python, '-I', '-S', `${CASA_MOUNT}/casa_runtime/_boot.py`, sdkMount, `/plugin/${entry}`],
    mounts: [{ source: join(casaRuntimeRoot(), 'casa_runtime'), target: `${CASA_MOUNT}/casa_runtime` }],
  };
}
