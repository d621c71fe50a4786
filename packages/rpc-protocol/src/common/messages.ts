/**
 * Every JSON-RPC 2.0 message this protocol carries, as one union, and the one function that sorts a
 * parsed body into it (PROTOCOL.md §1.3–§1.4). Platform-free: the Node peer and any other transport
 * classify with the same rules, so they answer malformed input identically.
 */
import { RpcError } from './RpcError.js';

export type RequestId = number | string;

export type IncomingMessage =
  | { kind: 'request'; id: RequestId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: RequestId; result: unknown }
  | { kind: 'error_response'; id: RequestId; error: RpcError }
  /** An error response with `id: null`: the other side could not tell which request failed. */
  | { kind: 'orphan_error'; error: RpcError }
  /**
   * Not a valid message. `reply` says whether to answer -32600 (never for something response-shaped, or
   * two peers would bounce errors forever); `pendingId` is set for a malformed response whose id may be
   * awaited, so that request can fail instead of hanging.
   */
  | { kind: 'invalid'; reason: string; replyId: RequestId | null; reply: boolean; pendingId?: RequestId };

const isId = (v: unknown): v is RequestId => typeof v === 'number' || typeof v === 'string';

/** Sort a parsed JSON body into the union. Never throws. */
export function classifyMessage(msg: unknown): IncomingMessage {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    const reason = Array.isArray(msg) ? 'a batch (JSON array); batches are not supported' : 'not a JSON object';
    return { kind: 'invalid', reason, replyId: null, reply: true };
  }
  const m = msg as Record<string, unknown>;
  const id = m['id'];
  const method = m['method'];
  const responseLike = 'result' in m || 'error' in m;
  if (m['jsonrpc'] !== '2.0') {
    return { kind: 'invalid', reason: 'the "jsonrpc" member must be "2.0"', replyId: isId(id) && typeof method === 'string' ? id : null, reply: !responseLike || typeof method === 'string' };
  }
  if (typeof method === 'string') {
    if ('id' in m && !isId(id)) return { kind: 'invalid', reason: 'the "id" member must be a string or a number', replyId: null, reply: true };
    const params = m['params'];
    if (params !== undefined && (params === null || typeof params !== 'object')) {
      return { kind: 'invalid', reason: 'the "params" member must be an object or an array', replyId: isId(id) ? id : null, reply: true };
    }
    return isId(id) ? { kind: 'request', id, method, params: params ?? {} } : { kind: 'notification', method, params: params ?? {} };
  }
  if (method !== undefined) return { kind: 'invalid', reason: 'the "method" member must be a string', replyId: isId(id) ? id : null, reply: true };
  if (isId(id) && ('result' in m) !== ('error' in m)) {
    return 'error' in m ? { kind: 'error_response', id, error: RpcError.fromObject(m['error']) } : { kind: 'response', id, result: m['result'] };
  }
  if (id === null && 'error' in m && !('result' in m)) return { kind: 'orphan_error', error: RpcError.fromObject(m['error']) };
  if (responseLike && isId(id)) {
    return { kind: 'invalid', reason: 'a response must have exactly one of "result" and "error"', replyId: null, reply: false, pendingId: id };
  }
  return { kind: 'invalid', reason: 'neither a request, a notification nor a response (no "method" member)', replyId: null, reply: !responseLike };
}

/**
 * Best effort: the id of a request whose body failed to parse, so its caller gets an answer instead of
 * waiting for a timeout. Only for bodies that look like requests (they mention "method").
 */
export function recoverRequestId(text: string): RequestId | null {
  if (!/"method"\s*:/.test(text)) return null;
  const m = /"id"\s*:\s*(-?\d{1,15}(?![\d.eE])|"((?:[^"\\]|\\.){0,200})")/.exec(text);
  if (!m) return null;
  if (m[2] !== undefined) {
    try {
      return JSON.parse(`"${m[2]}"`) as string;
    } catch {
      return null;
    }
  }
  return Number(m[1]);
}
