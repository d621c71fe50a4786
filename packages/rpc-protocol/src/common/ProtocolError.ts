/**
 * Local connection problems, as opposed to `RpcError` (an answer from the other side). These never
 * travel: they are reported through `peer.onError`, or reject a pending `peer.request`.
 */
export const ProtocolErrorCodes = {
  /** A header announced a body over `maxMessageBytes`; the connection is closed (fatal). */
  oversized: 'oversized',
  /** Bytes that are not a frame were discarded up to the next `Content-Length:` header. */
  stray_output: 'stray_output',
  /** A frame header was unusable (no/negative/non-numeric length, too long); it was skipped. */
  malformed_frame: 'malformed_frame',
  /** A frame's body was not UTF-8 JSON; a -32700 reply was sent. */
  parse_error: 'parse_error',
  /** Valid JSON that is not a JSON-RPC 2.0 message (or a batch); a -32600 reply was sent if it had an id. */
  invalid_message: 'invalid_message',
  /** A response for an id this side is not waiting for (nor recently timed out). */
  unknown_response: 'unknown_response',
  /** A request reused the id of a request still running; it was answered -32600. */
  duplicate_id: 'duplicate_id',
  /** A notification failed its method's schema and was dropped. */
  invalid_params: 'invalid_params',
  /** A notification handler threw or rejected (notifications have no response to carry it). */
  notification_failed: 'notification_failed',
  /** The inbound queue stayed full while responses were still expected; excess input was refused. */
  inbound_overflow: 'inbound_overflow',
  /** An event could not be queued: the flow window and the bounded event queue are both full. */
  flow_overflow: 'flow_overflow',
  /** The connection is closed (the stream ended, `close()` was called, or a fatal error occurred). */
  closed: 'closed',
  /** The stream ended in the middle of a frame. */
  truncated_frame: 'truncated_frame',
  /** Writing to the output stream failed. */
  write_failed: 'write_failed',
  /** The `initialize` exchange failed (no answer, a malformed answer, or a version neither side speaks). */
  handshake_failed: 'handshake_failed',
  /** Version negotiation failed: the lists are in the message and in `detail`. */
  unsupported_version: 'unsupported_version',
} as const;

export type ProtocolErrorCode = keyof typeof ProtocolErrorCodes;

export interface ProtocolErrorOptions {
  cause?: unknown;
  /** True when the connection was closed because of this error. */
  fatal?: boolean;
  /** Machine-readable context: byte counts, samples, limits, version lists. */
  detail?: Record<string, unknown>;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  readonly fatal: boolean;
  readonly detail: Record<string, unknown>;

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fatal = options.fatal ?? false;
    this.detail = options.detail ?? {};
  }
}
