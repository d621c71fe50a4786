/**
 * The one error class of this package. Every failure the host or a backend reports carries a stable
 * `code` from this table, a message that names what went wrong and where, an optional `hint`, and the
 * original error as `cause`.
 */
export const SandboxErrorCodes = {
  /** bubblewrap (or another backend prerequisite) is not installed. */
  BackendUnavailable: 'backend_unavailable',
  /** The backend could not start the process. */
  SpawnFailed: 'spawn_failed',
  /** No usable Python interpreter was found. */
  InterpreterNotFound: 'interpreter_not_found',
  /** The guest did not complete the handshake (exited, timed out, wrong protocol version). */
  HandshakeFailed: 'handshake_failed',
  /** The worker is not running (crashed, failed, stopped). */
  WorkerUnavailable: 'worker_unavailable',
  /** The worker gave up after too many crashes in its crash window. */
  CrashLoop: 'crash_loop',
  /** No such install / plugin. */
  NotFound: 'not_found',
  /** An install already exists for this plugin and server. */
  AlreadyInstalled: 'already_installed',
  /** The host did not grant a capability the plugin requires (install refused). */
  CapabilityDenied: 'capability_denied',
  /** A lifecycle transition that the install's state does not allow. */
  InvalidState: 'invalid_state',
  /** An event name or payload that is not one of PROTOCOL.md §6. */
  InvalidEvent: 'invalid_event',
  /** A per-install queue is full. */
  QueueFull: 'queue_full',
  /** A request to the guest failed (handler error, timeout, closed connection). */
  GuestError: 'guest_error',
  /** The host has been closed. */
  Closed: 'closed',
  /** Storage failure (SQLite). */
  Storage: 'storage',
  /** A plugin's requirements.txt could not be installed (nothing was started). */
  DependenciesFailed: 'dependencies_failed',
} as const;

export type SandboxErrorCode = (typeof SandboxErrorCodes)[keyof typeof SandboxErrorCodes];

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  readonly code: SandboxErrorCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(
    code: SandboxErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; data?: Record<string, unknown> } = {},
  ) {
    super(options.hint ? `${message} (hint: ${options.hint})` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.data = options.data;
  }

  /** Normalises any thrown value into a SandboxError, keeping the original as `cause`. */
  static fromUnknown(error: unknown, code: SandboxErrorCode = SandboxErrorCodes.GuestError): SandboxError {
    if (error instanceof SandboxError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new SandboxError(code, message, { cause: error });
  }

  toJSON(): { code: SandboxErrorCode; message: string; hint?: string; data?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.data === undefined ? {} : { data: this.data }),
    };
  }
}
