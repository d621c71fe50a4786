import type { Diagnostic } from '../diagnostics.js';
import { quoted, zipDiagnostic } from './diagnostic.js';

/** Longest accepted path and segment, in UTF-8 bytes (common file system limits). */
export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;
/** Deepest accepted path, in segments: also bounds the work `checkPathSet` does per name. */
export const MAX_PATH_DEPTH = 64;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Format characters (bidi overrides, zero-width joiners), lone surrogates, and U+FFFD, which means an
// undecodable name upstream.
const INVISIBLE = /[\p{Cf}\p{Cs}\ufffd]/u;
const WINDOWS_RESERVED_CHARS = /[<>:"|?*]/u;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;
const DRIVE = /^[A-Za-z]:/u;
const encoder = new TextEncoder();

/**
 * Checks one entry path against the rules every bundle path follows, zip or directory layout alike:
 * relative, `/`-separated, no `.`/`..`/empty segments, no control or invisible characters, NFC, portable to
 * Windows, bounded length. A trailing `/` marks a directory and is allowed. Returns every problem (empty =
 * valid). Paths are never rewritten into something acceptable: a bad name is refused, not normalized.
 */
export function validateEntryPath(name: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const body = name.endsWith('/') && name.length > 1 ? name.slice(0, -1) : name;
  if (body.length === 0) {
    out.push(zipDiagnostic('zip.path_empty', name, 'The entry name is empty.'));
    return out;
  }
  if (CONTROL.test(name)) {
    out.push(zipDiagnostic('zip.path_control_char', name, 'The name contains a control character.'));
  }
  if (INVISIBLE.test(name)) {
    out.push(zipDiagnostic('zip.path_invisible_char', name, 'The name contains an invisible or formatting character.'));
  }
  if (name.includes('\\')) {
    out.push(zipDiagnostic('zip.path_backslash', name, 'The name contains a backslash, a path separator on Windows.'));
  }
  if (name.startsWith('/')) {
    out.push(zipDiagnostic('zip.path_absolute', name, 'The name is an absolute path.'));
  }
  if (DRIVE.test(name)) {
    out.push(zipDiagnostic('zip.path_drive', name, 'The name starts with a drive letter.'));
  }
  const segments = (name.startsWith('/') ? body.slice(1) : body).split('/');
  let traversal = false;
  let dot = false;
  let empty = false;
  let unportable = false;
  let longSegment = false;
  for (const [i, seg] of segments.entries()) {
    if (seg === '..') traversal = true;
    else if (seg === '.') dot = true;
    else if (seg === '') empty = true;
    else {
      const chars = i === 0 && DRIVE.test(seg) ? seg.slice(2) : seg;
      if (WINDOWS_RESERVED_CHARS.test(chars) || /[. ]$/u.test(seg) || WINDOWS_DEVICE.test(seg)) unportable = true;
    }
    if (encoder.encode(seg).length > MAX_SEGMENT_BYTES) longSegment = true;
  }
  if (traversal) out.push(zipDiagnostic('zip.path_traversal', name, 'The name has a `..` segment.'));
  if (dot) out.push(zipDiagnostic('zip.path_dot_segment', name, 'The name has a `.` segment.'));
  if (empty) out.push(zipDiagnostic('zip.path_empty_segment', name, 'The name has an empty segment (`//`).'));
  if (unportable) {
    out.push(
      zipDiagnostic(
        'zip.path_unportable',
        name,
        'The name cannot exist on Windows (one of <>:"|?*, a trailing dot or space, or a device name such as CON).',
      ),
    );
  }
  if (longSegment || segments.length > MAX_PATH_DEPTH || encoder.encode(name).length > MAX_PATH_BYTES) {
    out.push(
      zipDiagnostic(
        'zip.path_too_long',
        name,
        `The name is longer than ${MAX_PATH_BYTES} bytes or ${MAX_PATH_DEPTH} segments, or one segment longer than ${MAX_SEGMENT_BYTES} bytes.`,
      ),
    );
  }
  if (name.normalize('NFC') !== name) {
    out.push(zipDiagnostic('zip.path_not_nfc', name, 'The name is not in Unicode NFC form.'));
  }
  return out;
}

/**
 * Turns a relative file-system path (as `path.relative` returns it) into entry form: `/` separators, no
 * leading `./`, no trailing `/`. It does not make a bad path good: validate the result with
 * `validateEntryPath`, which refuses what this leaves in place (`..`, absolute paths, NUL…).
 */
export function normalizeEntryPath(path: string, separator: '/' | '\\' = '/'): string {
  let p = separator === '\\' ? path.split('\\').join('/') : path;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** The key two names collide on: NFKC, then full case folding (so `ß` ~ `SS`, `ﬁ` ~ `fi`, `É` ~ `é`). */
export function pathCollisionKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Checks a set of paths for names that would land on the same file somewhere: exact duplicates, names
 * equal after NFC, case folding or NFKC, and a name used both as a file and as a directory (`a` and
 * `a/b`). Directory entries end with `/`. Each problem is reported on the later name.
 */
export function checkPathSet(names: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const exact = new Map<string, string>();
  const byNfc = new Map<string, string>();
  const byCase = new Map<string, string>();
  const byKey = new Map<string, string>();
  // Every path that is a directory (explicitly or as a parent), by collision key; and every file.
  const dirs = new Map<string, string>();
  const files = new Map<string, string>();
  for (const raw of names) {
    const isDir = raw.endsWith('/');
    const name = isDir ? raw.slice(0, -1) : raw;
    const seen = exact.get(raw);
    if (seen !== undefined) {
      out.push(zipDiagnostic('zip.duplicate_entry', raw, 'Another entry has the same name.'));
      continue;
    }
    exact.set(raw, raw);
    const nfc = raw.normalize('NFC');
    const folded = raw.toUpperCase().toLowerCase();
    const key = pathCollisionKey(raw);
    const nfcOther = byNfc.get(nfc);
    const caseOther = byCase.get(folded);
    const keyOther = byKey.get(key);
    if (nfcOther !== undefined) {
      out.push(zipDiagnostic('zip.normalization_collision', raw, `Equal to ${quoted(nfcOther)} after NFC normalization.`));
    } else if (caseOther !== undefined) {
      out.push(zipDiagnostic('zip.case_collision', raw, `Differs from ${quoted(caseOther)} only by letter case.`));
    } else if (keyOther !== undefined) {
      out.push(
        zipDiagnostic('zip.normalization_collision', raw, `Equal to ${quoted(keyOther)} after NFKC normalization and case folding.`),
      );
    }
    byNfc.set(nfc, raw);
    byCase.set(folded, raw);
    byKey.set(key, raw);

    const nameKey = pathCollisionKey(name);
    if (isDir) {
      const file = files.get(nameKey);
      if (file !== undefined) {
        out.push(zipDiagnostic('zip.file_directory_conflict', raw, `${quoted(file)} is a file, this entry a directory.`));
      }
      if (!dirs.has(nameKey)) dirs.set(nameKey, raw);
    } else {
      const dir = dirs.get(nameKey);
      if (dir !== undefined) {
        out.push(zipDiagnostic('zip.file_directory_conflict', raw, `${quoted(dir)} is a directory, this entry a file.`));
      }
      files.set(nameKey, raw);
    }
    // Parents are directories: a file may not sit where a parent is. Over-long names are refused by
    // validateEntryPath anyway; skipping them here keeps the work per name bounded (depth × length).
    if (name.length > MAX_PATH_BYTES) continue;
    const segs = name.split('/');
    if (segs.length > MAX_PATH_DEPTH) continue;
    let parent = '';
    for (let i = 0; i < segs.length - 1; i++) {
      parent = i === 0 ? (segs[0] as string) : `${parent}/${segs[i] as string}`;
      const pKey = pathCollisionKey(parent);
      const file = files.get(pKey);
      if (file !== undefined && !(isDir && pKey === nameKey)) {
        out.push(zipDiagnostic('zip.file_directory_conflict', raw, `${quoted(file)} is a file, but this entry uses it as a directory.`));
        break;
      }
      if (!dirs.has(pKey)) dirs.set(pKey, `${parent}/`);
    }
  }
  return out;
}

/**
 * When every file sits under one top-level folder (what zipping a folder produces), returns that folder's
 * name; otherwise undefined. Directory entries (ending `/`) do not count as files but must sit under the
 * same root (the root's own entry, `root/`, is fine).
 */
export function findCommonRoot(names: Iterable<string>): string | undefined {
  let root: string | undefined;
  let files = 0;
  for (const name of names) {
    const slash = name.indexOf('/');
    const isDir = name.endsWith('/');
    if (slash < 0) return undefined; // a file at top level
    if (!isDir) files++;
    const first = name.slice(0, slash);
    if (root === undefined) root = first;
    else if (root !== first) return undefined;
  }
  return files > 0 ? root : undefined;
}

/**
 * Strips the common top-level folder (see `findCommonRoot`) from every name. Returns the root and the
 * stripped names, in order, without the root's own directory entry; with no common root, the names as given.
 */
export function stripCommonRoot(names: readonly string[]): { root: string | undefined; names: string[] } {
  const root = findCommonRoot(names);
  if (root === undefined) return { root, names: [...names] };
  const prefix = `${root}/`;
  return { root, names: names.filter((n) => n !== prefix).map((n) => n.slice(prefix.length)) };
}
