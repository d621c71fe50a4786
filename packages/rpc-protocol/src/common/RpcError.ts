import { ErrorCodes, errorCodeName, type ErrorCode } from './codes.js';
import type { JsonValue } from './json.js';

/** The `error` member of a JSON-RPC response, as it travels. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: JsonValue;
}

/**
 * A remote error: what a handler throws to answer a request with an error, and what `peer.request`
 * rejects with when the other side answered one. Wire-serialisable through `toJSON()`.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  readonly code: number;
  readonly data: JsonValue | undefined;

  constructor(code: ErrorCode | number, message: string, data?: JsonValue, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.data = data;
  }

  /** The table name of this error's code (`'CapabilityDenied'`), or `undefined` for a foreign code. */
  get codeName(): string | undefined {
    return errorCodeName(this.code);
  }

  toJSON(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  /** Rebuild an error from the wire; tolerant of a malformed `error` member (it becomes InternalError). */
  static fromObject(value: unknown): RpcError {
    if (value !== null && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v['code'] === 'number' && Number.isInteger(v['code'])) {
        const message = typeof v['message'] === 'string' ? v['message'] : 'error without a message';
        return new RpcError(v['code'], message, v['data'] as JsonValue | undefined);
      }
    }
    return new RpcError(ErrorCodes.InternalError, 'malformed error object in response', { received: safeJson(value) });
  }

  /**
   * Normalise anything a handler threw. An `RpcError` passes through; anything else becomes `fallbackCode`
   * with the original kept as `cause`. The stack is not put on the wire: a host must not leak its
   * internals to a plugin (a guest SDK adds its traceback itself, as HandlerError data).
   */
  static fromUnknown(err: unknown, fallbackCode: number = ErrorCodes.InternalError): RpcError {
    if (err instanceof RpcError) return err;
    if (err instanceof Error) {
      return new RpcError(fallbackCode, err.message, { type: err.name, message: err.message }, { cause: err });
    }
    return new RpcError(fallbackCode, String(err), { type: typeof err, message: String(err) }, { cause: err });
  }
}

function safeJson(value: unknown): JsonValue {
  try {
    return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
  } catch {
    return String(value);
  }
}
