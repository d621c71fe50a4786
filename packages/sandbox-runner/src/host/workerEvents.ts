import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { SandboxExit } from '../backend.js';
import { SandboxError } from '../errors.js';
import type { HostEventInput } from './hostEvents.js';

/** An error answer to a host→guest request, as a host event. */
export function requestErrorEvent(during: string, error: unknown): HostEventInput {
  if (error instanceof RpcError) {
    const code = error.code === ErrorCodes.HandlerError ? 'handler_error' : rpcCodeName(error.code);
    return { type: 'error', code, message: error.message, during, ...(error.data === undefined ? {} : { data: error.data }) };
  }
  const e = SandboxError.fromUnknown(error);
  return { type: 'error', code: e.code, message: e.message, during };
}

/** `-32001` → `capability_denied`: the host events' snake_case spelling of a protocol code. */
export function rpcCodeName(code: number): string {
  const name = (Object.entries(ErrorCodes) as Array<[string, number]>).find(([, c]) => c === code)?.[0];
  return name ? name.replace(/[A-Z]/g, (m, i: number) => (i ? '_' : '') + m.toLowerCase()) : `rpc_${code}`;
}

/** How a sandbox ended, in words for statuses and errors. */
export function describeExit(exit: SandboxExit): string {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  return exit.limit ? `${how}, ${exit.limit} limit reached` : how;
}
