/**
 * Every diagnostic code the zip reader can emit, with what it means. Codes are stable: once released they
 * are never renamed or reworded in meaning. The README's table is checked against this one by a test.
 */
export const ZIP_CODES = {
  // Archive level
  'zip.too_large': 'The archive is bigger than maxZipBytes.',
  'zip.truncated': 'The file starts like a zip (a local header at offset 0) but has no end record: it was cut short.',
  'zip.not_a_zip': 'No end-of-central-directory record, and no local header at the start: not a zip archive.',
  'zip.trailing_data': 'Bytes follow the end-of-central-directory record (its comment length does not reach the end).',
  'zip.ambiguous_eocd': 'More than one end-of-central-directory record fits: readers could disagree on the contents.',
  'zip.multi_disk': 'The archive claims to span several disks.',
  'zip.zip64_unsupported': 'ZIP64 records or fields: never needed under the limits, so refused.',
  'zip.bad_central_directory': 'The central directory is malformed (bad signature, wrong size or count, out of range).',
  'zip.too_many_entries': 'More files (maxEntries) or directories (maxDirectories) than allowed.',
  'zip.too_large_uncompressed': 'The declared uncompressed sizes add up to more than maxUncompressedBytes.',
  'zip.prefix_data': 'Bytes before the first local header other than a `#!` line (self-extractor stub, polyglot file).',
  'zip.gap': 'Bytes that belong to nothing: between entries, before the central directory, or between it and the end record.',
  'zip.overlap': 'Two entries share bytes, or an entry runs into the central directory (overlap zip bomb).',
  'zip.too_many_problems': 'So many problems that the rest were not listed.',
  // Entry level
  'zip.encrypted': 'The entry is encrypted (general-purpose bit 0, 6 or 13).',
  'zip.unsupported_method': 'Compression method other than 0 (stored) or 8 (deflate).',
  'zip.bad_local_header': 'The local header is missing, garbled or out of range.',
  'zip.local_header_mismatch': 'The local header disagrees with the central directory (flags, method, CRC or sizes).',
  'zip.name_mismatch': 'The local header, or a Unicode path extra field, names the entry differently from the central directory.',
  'zip.name_encoding': 'The name is not valid UTF-8, or is non-ASCII without the UTF-8 flag (bit 11).',
  'zip.bad_extra_field': 'The extra field is not a well-formed list of (id, length, data) records.',
  'zip.data_descriptor_mismatch': 'The data descriptor is missing or disagrees with the central directory.',
  'zip.impossible_size': 'The declared sizes cannot be true (stored entry with compressed ≠ uncompressed, deflate beyond 1032:1).',
  'zip.directory_with_data': 'A directory entry carries data.',
  'zip.entry_too_large': 'One entry declares more than maxEntryBytes.',
  'zip.ratio_exceeded': 'One entry declares a compression ratio above maxCompressionRatio.',
  'zip.symlink': 'The entry is a symbolic link (external attributes).',
  'zip.special_file': 'The entry is a device, FIFO or socket (external attributes).',
  'zip.entry_type_mismatch': 'The attributes say directory but the name is a file, or the reverse.',
  // Names and paths (also used for directory layouts)
  'zip.path_empty': 'The name is empty.',
  'zip.path_traversal': 'A `..` segment.',
  'zip.path_absolute': 'The path starts with `/`.',
  'zip.path_drive': 'The path starts with a drive letter (`C:`).',
  'zip.path_backslash': 'The path contains `\\` (a separator on Windows).',
  'zip.path_control_char': 'The path contains a control character (NUL, C0, DEL, C1).',
  'zip.path_invisible_char': 'The path contains an invisible or formatting character (bidi override, zero-width, U+FFFD).',
  'zip.path_empty_segment': 'The path contains an empty segment (`a//b`).',
  'zip.path_dot_segment': 'The path contains a `.` segment.',
  'zip.path_not_nfc': 'The path is not in Unicode NFC form.',
  'zip.path_unportable': 'The path cannot exist on Windows (`<>:"|?*`, trailing dot or space, CON/NUL/COM1…).',
  'zip.path_too_long': 'The path is longer than 1024 UTF-8 bytes or 64 segments, or a segment longer than 255 bytes.',
  // Sets of names
  'zip.duplicate_entry': 'Two entries have the same name.',
  'zip.case_collision': 'Two names differ only by letter case.',
  'zip.normalization_collision': 'Two names are equal after Unicode normalization (NFC or NFKC, case-folded).',
  'zip.file_directory_conflict': 'A name is used both as a file and as a directory.',
  // Inflating
  'zip.inflate_failed': 'The deflate data is corrupt, or the deflate stream ends before the entry\'s compressed bytes do.',
  'zip.size_mismatch': 'The entry inflates to more or fewer bytes than declared.',
  'zip.crc_mismatch': 'The CRC-32 of the inflated data differs from the declared one.',
} as const;

export type ZipCode = keyof typeof ZIP_CODES;
