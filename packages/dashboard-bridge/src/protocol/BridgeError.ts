import { BridgeErrorCode, isBridgeErrorCode, jsonRpcToBridgeCode } from './errorCodes.js';

/** What crosses the wire for an error: plain data, no stack (host stacks stay on the host). */
export interface SerializedBridgeError {
  code: BridgeErrorCode;
  message: string;
  /** Machine-readable detail, e.g. `{ capability: 'storage:sql' }` or `{ limit, actual }`. */
  data?: JsonObject;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The one error class of this package. `code` is stable; `message` is for people. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: BridgeErrorCode;
  readonly data: JsonObject | undefined;

  constructor(code: BridgeErrorCode, message: string, options: { data?: JsonObject; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options.data;
  }

  /** Normalise any thrown value; the original is kept as `cause`. */
  static fromUnknown(value: unknown, fallback: BridgeErrorCode = BridgeErrorCode.INTERNAL): BridgeError {
    if (value instanceof BridgeError) return value;
    if (typeof value === 'object' && value !== null) {
      const v = value as { code?: unknown; message?: unknown; data?: unknown; name?: unknown };
      const message = typeof v.message === 'string' ? v.message : String(value);
      if (isBridgeErrorCode(v.code)) return new BridgeError(v.code, message, dataOption(v.data, value));
      if (typeof v.code === 'number' && jsonRpcToBridgeCode[v.code] !== undefined) {
        return new BridgeError(jsonRpcToBridgeCode[v.code]!, message, dataOption(v.data, value));
      }
      if (v.name === 'DataCloneError') return new BridgeError(BridgeErrorCode.UNSERIALIZABLE, message, { cause: value });
      return new BridgeError(fallback, message, { cause: value });
    }
    return new BridgeError(fallback, typeof value === 'string' ? value : 'Unknown error', { cause: value });
  }
}

function dataOption(data: unknown, cause: unknown): { data?: JsonObject; cause: unknown } {
  return isPlainJsonObject(data) ? { data, cause } : { cause };
}

function isPlainJsonObject(v: unknown): v is JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  try {
    return JSON.stringify(v).length < 4096;
  } catch {
    return false;
  }
}

/** Error → plain `{code, message, data?}` for postMessage / HTTP bodies. Never includes a stack. */
export function serializeError(error: unknown): SerializedBridgeError {
  const e = BridgeError.fromUnknown(error);
  const out: SerializedBridgeError = { code: e.code, message: e.message.slice(0, 2000) };
  if (e.data !== undefined) out.data = JSON.parse(JSON.stringify(e.data)) as JsonObject;
  return out;
}

/** Plain wire data → BridgeError; anything malformed becomes an INTERNAL error naming the problem. */
export function deserializeError(value: unknown): BridgeError {
  if (typeof value !== 'object' || value === null) {
    return new BridgeError(BridgeErrorCode.INTERNAL, 'Malformed error from the other side of the bridge');
  }
  const v = value as { code?: unknown; message?: unknown; data?: unknown };
  const code = isBridgeErrorCode(v.code) ? v.code : BridgeErrorCode.INTERNAL;
  const message = typeof v.message === 'string' ? v.message : 'Unknown error';
  return isPlainJsonObject(v.data) ? new BridgeError(code, message, { data: v.data }) : new BridgeError(code, message);
}
