import type { Diagnostic } from '../diagnostics.js';
import { ZIP_CODES, type ZipCode } from './codes.js';

/**
 * Entry names come from the attacker: escape everything that could move a terminal cursor or hide text
 * before it lands in `path` or a message (ANSI escapes, bidi overrides, NUL).
 */
export function displayEntryName(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, (c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}

/** A name quoted for a message, escaped as in `displayEntryName`. */
export function quoted(name: string): string {
  return `"${displayEntryName(name)}"`;
}

export function zipDiagnostic(code: ZipCode, name: string, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', path: displayEntryName(name), message };
  const h = hint ?? HINTS[code];
  if (h !== undefined) d.hint = h;
  return d;
}

const HINTS: Partial<Record<ZipCode, string>> = {
  'zip.too_large': 'Ship a smaller bundle: leave out build outputs, caches and test data.',
  'zip.not_a_zip': 'Create the bundle with a standard zip tool (`zip -r`, `python3 -m zipfile -c`).',
  'zip.zip64_unsupported': 'Re-create the zip without forcing ZIP64 (e.g. without `zip -fz`).',
  'zip.too_many_entries': 'Bundle fewer files, or raise the limit on the host.',
  'zip.too_large_uncompressed': 'Bundle fewer or smaller files, or raise the limit on the host.',
  'zip.encrypted': 'Bundles cannot be encrypted: re-create the zip without a password.',
  'zip.unsupported_method': 'Re-create the zip with deflate or no compression.',
  'zip.name_encoding': 'Use ASCII file names, or a zip tool that sets the UTF-8 flag (`python3 -m zipfile -c` does).',
  'zip.symlink': 'Replace the link with a copy of the file it points to.',
  'zip.special_file': 'Bundle regular files only.',
  'zip.path_traversal': 'Entry names must stay inside the bundle: remove `..`.',
  'zip.path_absolute': 'Use relative names (`pkg/mod.py`, not `/pkg/mod.py`).',
  'zip.path_drive': 'Use relative names without a drive letter.',
  'zip.path_backslash': 'Use `/` as the separator.',
  'zip.path_control_char': 'Rename the file: names cannot contain control characters.',
  'zip.path_invisible_char': 'Rename the file: names cannot contain invisible characters.',
  'zip.path_not_nfc': 'Rename the file using composed characters (NFC), e.g. `é` as one code point.',
  'zip.path_unportable': 'Rename the file so that it can exist on Windows too.',
  'zip.duplicate_entry': 'Keep one entry per name.',
  'zip.case_collision': 'Rename one of them: the bundle must unpack on case-insensitive file systems.',
  'zip.normalization_collision': 'Rename one of them: the names look identical.',
  'zip.crc_mismatch': 'The archive is corrupt: re-create it.',
  'zip.inflate_failed': 'The archive is corrupt: re-create it.',
};

export { ZIP_CODES };
