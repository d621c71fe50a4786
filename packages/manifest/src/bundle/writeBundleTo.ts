import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ManifestError } from '../ManifestError.js';
import { validateEntryPath } from '../zip/index.js';
import type { PluginBundle } from './types.js';

/**
 * Writes a valid bundle's files under `dir` (created if needed), e.g. for the runner to mount into a
 * sandbox. Refuses a bundle with errors, re-checks every path, stays inside `dir`, never overwrites or
 * writes through an existing file or link (`wx`), and never descends through a linked directory.
 * Returns the paths written.
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
    // Create parents one by one and refuse any that is (or became) a link: a link planted in `dir` must
    // not carry a write elsewhere.
    let parent = root;
    for (const seg of path.split('/').slice(0, -1)) {
      parent = join(parent, seg);
      try {
        mkdirSync(parent);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (!lstatSync(parent).isDirectory()) {
        throw new ManifestError(`refusing to write through ${parent}: not a plain directory`, { code: 'layout.symlink_escape' });
      }
    }
    writeFileSync(target, bytes, { flag: 'wx', mode: 0o644 });
    written.push(path);
  }
  return written;
}

/** The bundle's files as `(path, bytes)` pairs in path order, the input the integrity digest takes. */
export function bundleEntries(bundle: PluginBundle): Array<{ path: string; bytes: Uint8Array }> {
  return [...bundle.contents].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
