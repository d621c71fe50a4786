/**
 * Every problem the manifest package finds is a Diagnostic: a stable `code` (never reworded once
 * released), where it is (`path`: a JSON Pointer into a manifest, or a file path inside the bundle), a
 * sentence for humans, and a hint on how to fix it. Readers return all of them at once.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable machine code, e.g. `zip.path_traversal`, `manifest.unknown_capability`. */
  code: string;
  severity: Severity;
  /** JSON Pointer (`/slash_commands/0/name`) into the named `file`, or a path inside the bundle. */
  path: string;
  /** The bundle file the diagnostic is about (`manifest.json`, `__main__.py`…), when there is one. */
  file?: string;
  message: string;
  hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Builds a diagnostic without `undefined`-valued optional keys (exactOptionalPropertyTypes). */
export function diagnostic(
  code: string,
  severity: Severity,
  path: string,
  message: string,
  extra: { file?: string | undefined; hint?: string | undefined } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, path, message };
  if (extra.file !== undefined) d.file = extra.file;
  if (extra.hint !== undefined) d.hint = extra.hint;
  return d;
}

/** `["slash_commands", 0, "name"]` → `/slash_commands/0/name` (RFC 6901 escaping). */
export function pointer(...segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) out += '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1');
  return out;
}

/** Errors first, then by file and path, so printed reports read top to bottom. Stable for equal keys. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || (a.d.file ?? '').localeCompare(b.d.file ?? '') || a.i - b.i)
    .map(({ d }) => d);
}
