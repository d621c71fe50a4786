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
