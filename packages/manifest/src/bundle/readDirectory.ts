import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { checkPathSet, resolveZipLimits, validateEntryPath } from '../zip/index.js';
import type { ZipLimits } from '../zip/types.js';

export interface FileSet {
  files: Map<string, Uint8Array>;
  diagnostics: Diagnostic[];
  /** Paths skipped because `.maidkitignore` lists them (the ignore file itself included). */
  ignored: string[];
}

/** The file in a plugin directory that lists what is not part of the bundle (like .npmignore). */
export const IGNORE_FILE = '.maidkitignore';

/**
 * Compiles `.maidkitignore` lines: `#` comments, blank lines, `*` within a path segment, `**` across
 * segments, a trailing `/` for directories; a pattern without `/` matches at any depth (as in .gitignore).
 */
export function compileIgnore(text: string): (rel: string, isDir: boolean) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const dirOnly = line.endsWith('/');
      let pat = dirOnly ? line.slice(0, -1) : line;
      const anchored = pat.includes('/');
      if (pat.startsWith('/')) pat = pat.slice(1);
      const body = pat
        .split('/')
        .map((seg) => (seg === '**' ? '.*' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
        .join('/');
      return { re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), dirOnly };
    });
  return (rel, isDir) => rules.some((r) => (!r.dirOnly || isDir) && r.re.test(rel));
}

/** Bytecode caches Python writes beside sources during development; never part of a plugin. */
function isBytecodeCache(rel: string, isDir: boolean): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return (isDir && base === '__pycache__') || (!isDir && /\.py[co]$/.test(base));
}

/**
 * Reads a plugin directory with the rules a zip gets: the same path checks and collision checks, the
 * same limits (files counted while walking, sizes summed before reading), regular files only. Symbolic
 * links are followed only to regular files inside the directory; a link escaping it, or to a directory
 * (loops), is refused. Files are opened with O_NOFOLLOW and read to at most their checked size.
 * Paths listed in the directory's `.maidkitignore` (and that file) are left out, as a zip would.
 */
export function readDirectory(root: string, limitsIn?: Partial<ZipLimits>): FileSet {
  const limits = resolveZipLimits(limitsIn);
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, Uint8Array>();
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (err) {
    diagnostics.push(diagnostic('source.unreadable', 'error', '', `cannot read ${root}: ${(err as Error).message}`));
    return { files, diagnostics, ignored: [] };
  }
  const found: Array<{ rel: string; abs: string; size: number; dev: number; ino: number }> = [];
  let total = 0;
  let ignored = 0;
  let directories = 0;
  let stopped = false;
  const names: string[] = [];
  const ignoredPaths: string[] = [];
  let isIgnored: (rel: string, isDir: boolean) => boolean = () => false;
  try {
    const st = lstatSync(join(realRoot, IGNORE_FILE));
    if (st.isFile() && st.size <= 64 * 1024) {
      isIgnored = compileIgnore(new TextDecoder().decode(readCapped(join(realRoot, IGNORE_FILE), st.size) ?? new Uint8Array()));
    }
  } catch {
    // no ignore file
  }

  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (err) {
      diagnostics.push(diagnostic('source.unreadable', 'error', relative(realRoot, dir).split(sep).join('/'), `cannot list ${dir}: ${(err as Error).message}`));
      return;
    }
    for (const e of entries) {
      if (stopped) return;
      const abs = join(dir, e.name);
      const rel = relative(realRoot, abs).split(sep).join('/');
      let st = lstatSync(abs);
      if (rel === IGNORE_FILE || isIgnored(rel, st.isDirectory())) {
        ignoredPaths.push(st.isDirectory() ? `${rel}/` : rel);
        continue;
      }
      if (isBytecodeCache(rel, st.isDirectory())) {
        ignored++;
        continue;
      }
      const pathProblems = validateEntryPath(st.isDirectory() ? `${rel}/` : rel);
      if (pathProblems.length > 0) {
        diagnostics.push(...pathProblems);
        continue;
      }
      let target = abs;
      if (st.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch {
          diagnostics.push(diagnostic('layout.symlink_escape', 'error', rel, `${rel} is a symbolic link to nothing (or to a loop)`, { hint: 'Replace the link with the file itself.' }));
          continue;
        }
        const inside = relative(realRoot, real);
        if (inside.startsWith('..') || inside.startsWith(sep) || /^[A-Za-z]:/.test(inside)) {
          diagnostics.push(diagnostic('layout.symlink_escape', 'error', rel, `${rel} is a symbolic link pointing outside the plugin directory`, { hint: 'Copy the file into the plugin instead of linking to it.' }));
          continue;
        }
        st = statSync(real);
        if (st.isDirectory()) {
          diagnostics.push(diagnostic('layout.symlink_directory', 'error', rel, `${rel} is a symbolic link to a directory`, { hint: 'Links to directories are not followed (they can loop); copy the directory.' }));
          continue;
        }
        target = real;
      }
      if (st.isDirectory()) {
        if (++directories > limits.maxDirectories) {
          diagnostics.push(diagnostic('layout.too_many_files', 'error', `${rel}/`, `more than ${limits.maxDirectories} directories; stopped reading at ${rel}/`, { hint: 'Flatten the tree, or raise the limit on the host.' }));
          stopped = true;
          return;
        }
        names.push(`${rel}/`);
        walk(abs);
        continue;
      }
      if (!st.isFile()) {
        diagnostics.push(diagnostic('layout.not_regular_file', 'error', rel, `${rel} is not a regular file (device, FIFO or socket)`, { hint: 'Bundle regular files only.' }));
        continue;
      }
      if (found.length >= limits.maxEntries) {
        diagnostics.push(diagnostic('layout.too_many_files', 'error', rel, `more than ${limits.maxEntries} files; stopped reading at ${rel}`, { hint: 'Bundle fewer files, or raise the limit on the host.' }));
        stopped = true;
        return;
      }
      if (st.size > limits.maxEntryBytes) {
        diagnostics.push(diagnostic('layout.file_too_large', 'error', rel, `${rel} is ${st.size} bytes, over the ${limits.maxEntryBytes}-byte limit per file`, { hint: 'Leave large data out of the bundle.' }));
        continue;
      }
      total += st.size;
      if (total > limits.maxUncompressedBytes) {
        diagnostics.push(diagnostic('layout.too_large', 'error', rel, `the files add up to more than ${limits.maxUncompressedBytes} bytes; stopped at ${rel}`, { hint: 'Bundle fewer or smaller files, or raise the limit on the host.' }));
        stopped = true;
        return;
      }
      names.push(rel);
      found.push({ rel, abs: target, size: st.size, dev: st.dev, ino: st.ino });
    }
  };
  walk(realRoot);
  diagnostics.push(...checkPathSet(names));
  if (ignored > 0) {
    diagnostics.push(diagnostic('layout.ignored_file', 'warning', '', `skipped ${ignored} Python bytecode cache entr${ignored === 1 ? 'y' : 'ies'} (__pycache__/, *.pyc)`, { hint: 'They are never part of a bundle; delete them before zipping.' }));
  }
  if (diagnostics.some((d) => d.severity === 'error' && (d.code === 'layout.too_many_files' || d.code === 'layout.too_large'))) return { files: new Map(), diagnostics, ignored: ignoredPaths };
  for (const f of found) {
    const data = readCapped(f.abs, f.size, f);
    if (data === undefined) {
      diagnostics.push(diagnostic('source.unreadable', 'error', f.rel, `${f.rel} changed or vanished while it was read`, { hint: 'Read the plugin when nothing is writing to it.' }));
      continue;
    }
    files.set(f.rel, data);
  }
  return { files, diagnostics, ignored: ignoredPaths };
}

/**
 * Reads at most `size` bytes without following a link swapped in; undefined if the file changed size,
 * or — given the identity seen while walking — is no longer the same file (a parent directory swapped
 * for a link between the walk and the read).
 */
export function readCapped(path: string, size: number, identity?: { dev: number; ino: number }): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size !== size) return undefined;
    if (identity && (st.dev !== identity.dev || st.ino !== identity.ino)) return undefined;
    const buf = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) return undefined;
      off += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}
