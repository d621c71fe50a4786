import { ErrorCodes, RpcError, getMethod } from '@maidkit/rpc-protocol';
import type { GuestCaller } from '../host/guestCalls.js';

export interface InstallContext {
  install_id: string;
  server_id: string;
}

/**
 * The installs a pooled worker serves (PROTOCOL.md §2.1 `mode: "pool"`). The Worker asks it who a
 * guest call is for, which installs still need `on_ready` after a (re)start, and what to announce in
 * `initialize`. Absent from a Worker = single mode.
 */
export interface WorkerTenants {
  /** The install named by a guest call's `install_id`, if this worker serves it; throws `RpcError` otherwise. */
  callerFor(method: string, params: unknown): GuestCaller;
  /** Installs that have not had `on_ready` in this process yet (marks them as done). */
  readyContexts(): InstallContext[];
  /** Capabilities announced in `initialize`: the union of the tenants' grants (the host checks each call regardless). */
  capabilities(): string[];
}

/**
 * Resolves a pooled worker's guest call to one of ITS installs. The method is checked first (an unknown
 * method is -32601 whoever asks); then an `install_id` the worker was not given is -32003 before any
 * capability is looked at, so a pooled plugin cannot act, or probe grants, for another install.
 */
export function resolveTenant(method: string, params: unknown, tenants: ReadonlyMap<string, GuestCaller>, poolId: string): GuestCaller {
  const descriptor = getMethod(method);
  if (!descriptor || descriptor.direction !== 'guest_to_host' || descriptor.kind !== 'request') {
    throw new RpcError(ErrorCodes.MethodNotFound, `method "${method}" is not something a plugin can ask this host for`);
  }
  // Own properties only: an inherited install_id is not one the guest sent.
  const installId = typeof params === 'object' && params !== null && !Array.isArray(params) && Object.hasOwn(params, 'install_id') ? (params as Record<string, unknown>)['install_id'] : undefined;
  const caller = typeof installId === 'string' ? tenants.get(installId) : undefined;
  if (!caller) {
    throw new RpcError(ErrorCodes.NotFound, `install_id ${JSON.stringify(installId ?? null).slice(0, 100)} is not served by this pooled worker (${poolId})`);
  }
  return caller;
}
