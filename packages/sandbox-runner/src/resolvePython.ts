import { accessSync, constants, openSync, readSync, closeSync, realpathSync } from 'node:fs';
import { SandboxError, SandboxErrorCodes } from './errors.js';

/** Interpreters tried in order when none is configured: Debian's system Python first. */
const CANDIDATES = ['/usr/bin/python3', '/usr/local/bin/python3', '/usr/bin/python3.12', '/usr/bin/python3.11', '/usr/bin/python3.10'];

/**
 * Finds the real Python executable (symlinks resolved, never a version-manager shim: a shim is a shell
 * script that costs ~80 ms per start and is not reachable inside the sandbox anyway).
 * `MAIDKIT_PYTHON` or the `explicit` argument wins when given.
 */
export function resolvePython(explicit?: string, env: Record<string, string | undefined> = process.env): string {
  const wanted = explicit ?? env['MAIDKIT_PYTHON'];
  const candidates = wanted ? [wanted] : CANDIDATES;
  const problems: string[] = [];
  for (const candidate of candidates) {
    let real: string;
    try {
      real = realpathSync(candidate);
      accessSync(real, constants.X_OK);
    } catch {
      problems.push(`${candidate}: not found or not executable`);
      continue;
    }
    if (isScript(real)) {
      problems.push(`${candidate} → ${real}: a script (version-manager shim?), not an interpreter binary`);
      continue;
    }
    return real;
  }
  throw new SandboxError(SandboxErrorCodes.InterpreterNotFound, `no usable Python interpreter: ${problems.join('; ')}`, {
    hint: 'install Debian\'s python3 (`apt-get install -y python3`) or set MAIDKIT_PYTHON to a real interpreter binary',
  });
}

function isScript(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    return head.toString('latin1') === '#!';
  } finally {
    closeSync(fd);
  }
}
