import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { ManifestError } from '../ManifestError.js';
import { validateEntryPath } from '../zip/index.js';
import type { PluginBundle } from './types.js';

/**
 * Writes a valid bundle's files under `dir` (created if needed), e.g. for the runner to mount into a
 * sandbox. Refuses a bundle with errors, re-checks every path, stays inside `dir`, and never overwrites
 * or writes through an existing file or link (`wx`). Returns the paths written.
 */
export function writeBundleTo(bundle: PluginBundle, dir: string): string[] {
  if (!bundle.ok) throw ManifestError.fromDiagnostics(bundle.diagnostics, 'plugin');
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  for (const [path, bytes] of bundle.contents) {
    const problems = validateEntryPath(path);
    const target = resolve(root, ...path.split('/'));
    const rel = relative(root, target);
    if (problems.length > 0 || rel.startsWith('..') || rel.split(sep).join('/') !== path) {
      throw new ManifestError(`refusing to write ${JSON.stringify(path)} outside ${root}`, { code: problems[0]?.code ?? 'zip.path_traversal', diagnostics: problems });
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes, { flag: 'wx', mode: 0o644 });
    written.push(path);
  }
  return written;
}

/** The bundle's files as `(path, bytes)` pairs in path order, the input the integrity digest takes. */
export function bundleEntries(bundle: PluginBundle): Array<{ path: string; bytes: Uint8Array }> {
  return [...bundle.contents].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
