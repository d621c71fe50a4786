/**
 * Every way a bridge call can fail, as stable string codes. The table is `as const` so the code union is
 * derived from it and JS users can compare against `BridgeErrorCode.CALL_TIMEOUT` without string typos.
 */
export const BridgeErrorCode = {
  /** The iframe never completed the SYN/ACK exchange within the handshake timeout. */
  HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
  /** The two sides share no protocol version. */
  PROTOCOL_VERSION: 'PROTOCOL_VERSION',
  /** A call ran past its deadline (15 s by default). */
  CALL_TIMEOUT: 'CALL_TIMEOUT',
  /** The bridge is not connected: before the handshake, after `destroy()`, or the frame reloaded. */
  NOT_CONNECTED: 'NOT_CONNECTED',
  /** The namespace is not one of kv, metrics, sql, dashboard. */
  NAMESPACE_DENIED: 'NAMESPACE_DENIED',
  /** The namespace is allowed but the method is not in its fixed table (or not a registered handler). */
  METHOD_NOT_FOUND: 'METHOD_NOT_FOUND',
  /** The plugin lacks the capability the method needs (e.g. `storage:sql`). */
  CAPABILITY_DENIED: 'CAPABILITY_DENIED',
  /** Params are missing, of the wrong type, or not JSON-safe. */
  INVALID_PARAMS: 'INVALID_PARAMS',
  /** A request or a result is over its size cap. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Too many calls per second or too many in flight. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** `navigateTo` named a page the dashboard does not have. */
  PAGE_NOT_FOUND: 'PAGE_NOT_FOUND',
  /** The plugin's handler raised, or the backend refused the call. */
  HANDLER_ERROR: 'HANDLER_ERROR',
  /** The result does not have the shape the method promises. */
  INVALID_RESULT: 'INVALID_RESULT',
  /** A value could not be structured-cloned (functions, DOM nodes, proxies). */
  UNSERIALIZABLE: 'UNSERIALIZABLE',
  /** The host is not allowed to serve this caller (unknown plugin, no session, wrong origin). */
  FORBIDDEN: 'FORBIDDEN',
  /** A bug on the side that answered. */
  INTERNAL: 'INTERNAL',
} as const;

export type BridgeErrorCode = (typeof BridgeErrorCode)[keyof typeof BridgeErrorCode];

const codes = new Set<string>(Object.values(BridgeErrorCode));

export function isBridgeErrorCode(value: unknown): value is BridgeErrorCode {
  return typeof value === 'string' && codes.has(value);
}

/**
 * PROTOCOL.md §8 numeric codes → bridge codes, so a backend that throws the runner's JSON-RPC errors
 * reaches the iframe with the matching bridge code.
 */
export const jsonRpcToBridgeCode: Readonly<Record<number, BridgeErrorCode>> = {
  [-32601]: BridgeErrorCode.METHOD_NOT_FOUND,
  [-32602]: BridgeErrorCode.INVALID_PARAMS,
  [-32603]: BridgeErrorCode.INTERNAL,
  [-32000]: BridgeErrorCode.HANDLER_ERROR,
  [-32001]: BridgeErrorCode.CAPABILITY_DENIED,
  [-32002]: BridgeErrorCode.CALL_TIMEOUT,
  [-32003]: BridgeErrorCode.METHOD_NOT_FOUND,
  [-32004]: BridgeErrorCode.PAYLOAD_TOO_LARGE,
  [-32005]: BridgeErrorCode.RATE_LIMITED,
  [-32006]: BridgeErrorCode.NOT_CONNECTED,
};

/** HTTP status the server answers with for each code. */
export const httpStatusFor: Readonly<Record<BridgeErrorCode, number>> = {
  HANDSHAKE_TIMEOUT: 504,
  PROTOCOL_VERSION: 400,
  CALL_TIMEOUT: 504,
  NOT_CONNECTED: 503,
  NAMESPACE_DENIED: 403,
  METHOD_NOT_FOUND: 404,
  CAPABILITY_DENIED: 403,
  INVALID_PARAMS: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  PAGE_NOT_FOUND: 404,
  HANDLER_ERROR: 502,
  INVALID_RESULT: 502,
  UNSERIALIZABLE: 400,
  FORBIDDEN: 403,
  INTERNAL: 500,
};
