import { MANIFEST_CODES, type ManifestCode } from './codes.js';
import type { Diagnostic } from './diagnostics.js';

/** Codes the error itself carries: the first error diagnostic's code, or `manifest.invalid` for a summary. */
export type ManifestErrorCode = ManifestCode | 'bundle.invalid' | (string & {});

/**
 * Thrown by the asserting entry points (`loadPlugin`, `assertValid`) when a bundle or manifest has
 * errors. It carries every diagnostic, not only the first, so a caller can print them all.
 */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  readonly code: ManifestErrorCode;
  readonly diagnostics: readonly Diagnostic[];

  constructor(message: string, options: { code: ManifestErrorCode; diagnostics?: readonly Diagnostic[]; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.diagnostics = options.diagnostics ?? [];
  }

  /** One error for a list of diagnostics; its code is the first error's when there is exactly one. */
  static fromDiagnostics(diagnostics: readonly Diagnostic[], subject = 'bundle'): ManifestError {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const head = first ? `${first.file ?? ''}${first.path}: ${first.message}` : 'no errors';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return new ManifestError(`invalid ${subject}: ${head}${more}`, {
      code: errors.length === 1 && first ? first.code : 'bundle.invalid',
      diagnostics,
    });
  }

  /** Normalises anything thrown into a ManifestError, keeping the original as `cause`. */
  static fromUnknown(err: unknown, code: ManifestErrorCode = 'source.unreadable'): ManifestError {
    if (err instanceof ManifestError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new ManifestError(message, { code, cause: err });
  }
}

/** True for a code in the table (zip codes are checked by the zip module's own table). */
export function isManifestCode(code: string): code is ManifestCode {
  return Object.hasOwn(MANIFEST_CODES, code);
}
