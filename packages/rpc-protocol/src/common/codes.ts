/**
 * The one table of JSON-RPC error codes maidkit speaks.
 *
 * -32768..-32000 is reserved by JSON-RPC 2.0; the standard codes are -32700 and -32600..-32603.
 * maidkit uses -32099..-32000 (the spec's "server error" range) for its own codes and nothing above
 * -32000, so a plugin can never mint a code that collides with the protocol's.
 */
export const ErrorCodes = {
  /** The frame's body is not JSON (or not UTF-8). */
  ParseError: -32700,
  /** Valid JSON but not a JSON-RPC 2.0 message, a batch array, or a duplicate id. */
  InvalidRequest: -32600,
  /** Unknown method, or a handler the receiver did not register. */
  MethodNotFound: -32601,
  /** Params fail the method's schema; `data.errors` lists every problem with a JSON Pointer. */
  InvalidParams: -32602,
  /** A bug on the receiving side. */
  InternalError: -32603,
  /** The plugin's handler raised; `data: {type, message, traceback}`. */
  HandlerError: -32000,
  /** The caller lacks the capability; `data: {capability}`. */
  CapabilityDenied: -32001,
  /** The request ran past its deadline; `data: {timeout_ms}`. */
  Timeout: -32002,
  /** No such install, interaction or key where that is an error. */
  NotFound: -32003,
  /** A message or value over its limit; `data: {limit, actual}`. */
  PayloadTooLarge: -32004,
  /** Too many calls; `data: {retry_after_ms}`. */
  RateLimited: -32005,
  /** The request was cancelled (`$/cancelRequest`, or the caller's abort signal). */
  Cancelled: -32006,
  /** The guest speaks none of the offered protocol versions; `data: {supported, offered}`. */
  UnsupportedProtocolVersion: -32010,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;
export type ErrorCode = (typeof ErrorCodes)[ErrorCodeName];

const NAMES = new Map<number, ErrorCodeName>(
  (Object.entries(ErrorCodes) as Array<[ErrorCodeName, number]>).map(([name, code]) => [code, name]),
);

/** The table name of a numeric code (`-32001` → `'CapabilityDenied'`), or `undefined` for a foreign code. */
export function errorCodeName(code: number): ErrorCodeName | undefined {
  return NAMES.get(code);
}

/** The protocol version this package speaks by default, and every version it can speak (newest first). */
export const PROTOCOL_VERSION = '1.0';
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = Object.freeze([PROTOCOL_VERSION]);

/** Defaults shared by both sides (PROTOCOL.md §1, §2.1, §9). */
export const DEFAULT_LIMITS = Object.freeze({
  /** 1 MiB: a header announcing more is fatal for the connection. */
  max_message_bytes: 1_048_576,
  request_timeout_ms: 10_000,
  max_concurrency: 8,
  /** Events the host may have outstanding (not yet `flow.ack`ed) per worker. */
  flow_window: 1024,
});
