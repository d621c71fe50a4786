import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import { HttpProxyError, type HttpProxyErrorCode } from '../proxy/HttpProxy.js';
import { SqlError, type SqlErrorCode } from '../sql/SqlService.js';

/**
 * The services' own error codes (`sql.timeout`, `http.domain_not_allowed`, …) as PROTOCOL.md §8 codes, so
 * the SDK raises its usual exception classes; the service code travels in `data.code`.
 *
 * | service code | protocol code |
 * |---|---|
 * | http.domain_not_allowed, http.scheme_not_allowed, http.port_not_allowed, http.address_not_allowed | -32001 CapabilityDenied (`capability: "proxy:http"`) |
 * | sql.not_allowed, sql.invalid_params, sql.not_a_query, sql.error, http.invalid_url, http.invalid_request | -32602 InvalidParams |
 * | sql.too_many_rows, sql.quota_exceeded, http.request_too_large, http.response_too_large | -32004 PayloadTooLarge |
 * | sql.timeout, http.timeout | -32002 Timeout |
 * | http.too_many_redirects, http.network_error, sql.closed | -32603 InternalError (the upstream or the service failed, not the plugin's params) |
 */
const SQL: Record<SqlErrorCode, number> = {
  'sql.not_allowed': ErrorCodes.InvalidParams,
  'sql.invalid_params': ErrorCodes.InvalidParams,
  'sql.not_a_query': ErrorCodes.InvalidParams,
  'sql.error': ErrorCodes.InvalidParams,
  'sql.too_many_rows': ErrorCodes.PayloadTooLarge,
  'sql.quota_exceeded': ErrorCodes.PayloadTooLarge,
  'sql.timeout': ErrorCodes.Timeout,
  'sql.closed': ErrorCodes.InternalError,
};

const HTTP: Record<HttpProxyErrorCode, number> = {
  'http.domain_not_allowed': ErrorCodes.CapabilityDenied,
  'http.scheme_not_allowed': ErrorCodes.CapabilityDenied,
  'http.port_not_allowed': ErrorCodes.CapabilityDenied,
  'http.address_not_allowed': ErrorCodes.CapabilityDenied,
  'http.invalid_url': ErrorCodes.InvalidParams,
  'http.invalid_request': ErrorCodes.InvalidParams,
  'http.request_too_large': ErrorCodes.PayloadTooLarge,
  'http.response_too_large': ErrorCodes.PayloadTooLarge,
  'http.timeout': ErrorCodes.Timeout,
  'http.too_many_redirects': ErrorCodes.InternalError,
  'http.network_error': ErrorCodes.InternalError,
};

export interface ServiceLimits {
  sqlTimeoutMs: number;
  httpTimeoutMs: number;
}

/** An SqlError or HttpProxyError as the RpcError the guest receives; anything else is rethrown. */
export function toRpcError(error: unknown, limits: ServiceLimits): never {
  if (error instanceof SqlError) throw mapped(SQL[error.code] ?? ErrorCodes.InternalError, error.code, error.message, limits.sqlTimeoutMs, '/sql', undefined);
  if (error instanceof HttpProxyError) throw mapped(HTTP[error.code] ?? ErrorCodes.InternalError, error.code, error.message, limits.httpTimeoutMs, '/url', 'proxy:http');
  throw error;
}

function mapped(code: number, service: string, message: string, timeoutMs: number, path: string, capability: string | undefined): RpcError {
  const data: Record<string, unknown> = { code: service };
  if (code === ErrorCodes.CapabilityDenied && capability) data['capability'] = capability;
  if (code === ErrorCodes.InvalidParams) data['errors'] = [{ path, code: service, message }];
  if (code === ErrorCodes.Timeout) data['timeout_ms'] = timeoutMs;
  if (code === ErrorCodes.PayloadTooLarge) {
    const numbers = [...message.matchAll(/(\d+)/g)].map((m) => Number(m[1]));
    // Sizes when the message names them ("… is 6000000 bytes; the limit is 5242880"); the code says enough otherwise.
    if (numbers.length >= 2) Object.assign(data, { actual: numbers[0], limit: numbers[1] });
    else if (numbers.length === 1) data['limit'] = numbers[0];
  }
  return new RpcError(code, message, data as ConstructorParameters<typeof RpcError>[2]);
}
