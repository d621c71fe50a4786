import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SandboxError, SandboxErrorCodes } from '../errors.js';

/** Where the guest SDK is mounted inside every sandbox; `_boot.py` puts its parent on sys.path. */
export const SDK_MOUNT = '/opt/maidkit/sdk';

/** The package's `python/` folder (holding `mmo_maid_sdk/`), from src/ (tests) or dist/ (built). */
export function defaultSdkRoot(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'python', 'mmo_maid_sdk', '__init__.py'))) return join(dir, 'python');
  }
  throw new SandboxError(SandboxErrorCodes.NotFound, `the Python guest SDK (python/mmo_maid_sdk) was not found near ${here}`, {
    hint: 'pass sdkRoot to PluginHost, pointing at the folder that contains mmo_maid_sdk/',
  });
}

/**
 * Copies `mmo_maid_sdk` into a private folder and byte-compiles it with the interpreter the plugins
 * use: inside the sandbox the SDK is read-only, so without bytecode every start would recompile it.
 * Returns the folder to mount at `SDK_MOUNT` and a cleanup function.
 */
export function prepareSdk(sdkRoot: string, python: string): { dir: string; dispose: () => void } {
  sweepDeadCopies();
  const dir = mkdtempSync(join(tmpdir(), `maidkit-sdk-${process.pid}-`));
  const target = join(dir, 'mmo_maid_sdk');
  mkdirSync(target);
  cpSync(join(sdkRoot, 'mmo_maid_sdk'), target, {
    recursive: true,
    preserveTimestamps: true,
    filter: (src) => !src.includes('__pycache__'),
  });
  // Best effort: without bytecode the SDK still works, only its import is slower.
  spawnSync(python, ['-I', '-m', 'compileall', '-q', '-j', '1', target], { stdio: 'ignore', timeout: 30_000 });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Removes SDK copies left by host processes that died without closing. */
function sweepDeadCopies(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(/^maidkit-sdk-(\d+)-/.exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}
