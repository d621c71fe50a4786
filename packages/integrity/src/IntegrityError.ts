/**
 * Every refusal in this package is an IntegrityError with a stable `code` from this table (codes are
 * never reworded once released; the sentence beside each is the default hint shown to a human).
 */
export const INTEGRITY_ERROR_CODES = {
  // Bundle content
  path_invalid: 'A file path is unsafe (empty, absolute, `..`, backslash or control character).',
  path_duplicate: 'Two files share a path (exactly, or after Unicode NFC + case folding).',
  bundle_too_large: 'The bundle (or HMAC-mode code) is larger than the configured limit.',
  size_mismatch: 'The bundle size differs from the size in the signed statement.',
  sha256_mismatch: 'The SHA-256 of the bytes differs from the signed one: the download was altered.',
  bundle_digest_mismatch: 'The canonical (h1:) digest of the files differs from the signed one.',
  digest_malformed: 'A digest is not in its documented form (`h1:` + base64, or 64 lowercase hex).',
  // Statements
  statement_malformed: 'The statement is not valid JSON or lacks / mistypes a required field.',
  statement_not_canonical: 'The statement file is not in canonical JSON (sorted keys, no whitespace).',
  statement_unknown_version: 'The statement declares a format version this verifier does not know.',
  statement_wrong_type: 'The statement is for another purpose (e.g. a key rotation given as a release).',
  statement_expired: 'The statement is past its expiresAt: ask the publisher for a fresh one.',
  statement_not_yet_valid: 'The statement is issued in the future (beyond the allowed clock skew).',
  plugin_mismatch: 'The statement is for another plugin id than the bundle being installed.',
  version_mismatch: 'The statement is for another version than the bundle being installed.',
  encoding_invalid: 'A value cannot be encoded as canonical JSON (non-integer number, lone surrogate…).',
  // Signatures and keys
  signature_malformed: 'A signature has the wrong length or is not valid base64 / lowercase hex.',
  signature_invalid: 'A signature does not verify: the statement was altered or forged.',
  threshold_not_met: 'Fewer distinct trusted keys signed than the trust policy requires.',
  key_unknown: 'The signing key id is not in the pinned key set.',
  key_revoked: 'The signing key has been revoked.',
  key_mismatch: 'The signature was made by another key than the one pinned under that key id.',
  key_conflict: 'A key id is already pinned to another public key.',
  key_malformed: 'A key or key file is not in the documented format.',
  key_file_permissions: 'A secret key file is readable by group or others: chmod 600 it.',
  key_file_exists: 'Refusing to overwrite an existing key file.',
  // Version policy
  rollback: 'The version is lower than one already accepted for this plugin.',
  version_conflict: 'This version was already accepted with different content (versions are immutable).',
  consent_required_major: 'A MAJOR version bump needs the user to re-consent before updating.',
  consent_required_capabilities: 'The update asks for new capabilities: the user must re-consent.',
  state_store_failed: 'The accepted-version state store failed to read or write.',
  // HMAC compatibility mode
  hmac_ambiguous_input: 'A plugin id or version contains `:` (or is empty), which makes the HMAC input ambiguous.',
  hmac_mismatch: 'The HMAC tag does not match this plugin id, version and content.',
  // Publishing pipeline
  pipeline_illegal_transition: 'That step is not allowed from the version\'s current state.',
  pipeline_forbidden: 'The actor\'s role may not take that step (a yank needs an admin).',
  pipeline_immutable: 'Approved versions are immutable: submit a new version instead.',
  pipeline_not_found: 'No such plugin version in the pipeline.',
  pipeline_conflict: 'The version changed state concurrently; reload and retry.',
  pipeline_check_mismatch: 'The static check found another plugin id or version than was submitted.',
} as const;

export type IntegrityErrorCode = keyof typeof INTEGRITY_ERROR_CODES;

export interface IntegrityErrorOptions {
  /** Where: a file path inside the bundle, a statement field (`/statement/version`), a key id… */
  path?: string;
  /** How to fix it; defaults to the code table's sentence. */
  hint?: string;
  cause?: unknown;
}

export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  readonly code: IntegrityErrorCode;
  readonly path: string | undefined;
  readonly hint: string;

  constructor(code: IntegrityErrorCode, message: string, options: IntegrityErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
    this.hint = options.hint ?? INTEGRITY_ERROR_CODES[code];
  }

  static is(value: unknown, code?: IntegrityErrorCode): value is IntegrityError {
    return value instanceof IntegrityError && (code === undefined || value.code === code);
  }

  /** Rebuilds an error sent across a boundary with `toJSON()` (unknown codes are not trusted). */
  static fromJSON(value: unknown): IntegrityError {
    const v = (typeof value === 'object' && value !== null ? value : {}) as { code?: unknown; message?: unknown; path?: unknown; hint?: unknown };
    if (!isIntegrityErrorCode(v.code)) return new IntegrityError('statement_malformed', 'an error from elsewhere had no known integrity code', { cause: value });
    return new IntegrityError(v.code, typeof v.message === 'string' ? v.message : v.code, {
      ...(typeof v.path === 'string' ? { path: v.path } : {}),
      ...(typeof v.hint === 'string' ? { hint: v.hint } : {}),
    });
  }

  /** Passes IntegrityErrors through; wraps anything else under `fallback`, keeping it as the cause. */
  static fromUnknown(err: unknown, fallback: IntegrityErrorCode, message: string): IntegrityError {
    return err instanceof IntegrityError ? err : new IntegrityError(fallback, message, { cause: err });
  }

  /** A plain object for logs and `--json` output (never includes `cause`, which may carry input). */
  toJSON(): { name: 'IntegrityError'; code: IntegrityErrorCode; message: string; path?: string; hint: string } {
    return { name: this.name, code: this.code, message: this.message, ...(this.path === undefined ? {} : { path: this.path }), hint: this.hint };
  }
}

export function isIntegrityErrorCode(value: unknown): value is IntegrityErrorCode {
  return typeof value === 'string' && Object.hasOwn(INTEGRITY_ERROR_CODES, value);
}
