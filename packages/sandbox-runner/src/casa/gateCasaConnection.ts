import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { GuestCaller } from '../host/guestCalls.js';
import type { GuestConnection } from '../host/GuestConnection.js';
import type { HostEventInput } from '../host/hostEvents.js';
import { CASA_MESSAGE_EVENTS } from './permissions.js';

/** Guest→host methods behind the host's baseline `storage:kv` / `metrics`, which Casa's permissions do not cover. */
const STORAGE_METHODS = /^(kv|ephemeral)\./;
const METRICS_METHODS = /^metrics\./;

/** The `permissions` of the manifest.json the loader checked and wrote beside plugin.py. */
export function casaDeclaredPermissions(pluginDir: string): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8')) as { permissions?: unknown };
    return new Set(Array.isArray(manifest.permissions) ? manifest.permissions.filter((p): p is string => typeof p === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The host's own enforcement of Casa's permissions, around one Casa guest's connection. `casa_runtime`
 * checks them too, but the guest is plugin-controlled code (its guard rails are not a boundary):
 * - `events.message`: `message_create` is dropped from the handshake without `casa:message_events`, so the
 *   worker never routes a message to it, whatever the guest claims (warning `casa_ungranted_event`);
 * - `storage.local`: `storage:kv` is a host baseline for MMO Maid plugins, but a Casa plugin that did not
 *   declare `storage.local` is refused every `kv.*`/`ephemeral.*` call; Casa has no metrics API, so
 *   `metrics.*` is refused too (`-32001`, a `denied` event).
 */
export function gateCasaConnection(conn: GuestConnection, caller: GuestCaller, declared: ReadonlySet<string>, emit: (event: HostEventInput) => void): GuestConnection {
  // Inherit the getters (eventBacklog, eventsAcked read the live connection); override two methods.
  const gated: GuestConnection = Object.create(conn) as GuestConnection;
  const storage = declared.has('storage.local');
  gated.onRequest = (handler) =>
    conn.onRequest(async (method, params) => {
      const capability = !storage && STORAGE_METHODS.test(method) ? 'storage:kv' : METRICS_METHODS.test(method) ? 'metrics' : undefined;
      if (capability !== undefined) {
        emit({ type: 'denied', method, capability });
        const why = capability === 'storage:kv' ? 'its manifest does not declare storage.local' : 'Casa Cloner plugins have no metrics permission';
        throw new RpcError(ErrorCodes.CapabilityDenied, `${method} is refused to Casa Cloner plugin ${caller.pluginId}: ${why}`, { capability });
      }
      return handler(method, params);
    });
  if (caller.capabilities.has(CASA_MESSAGE_EVENTS)) return gated;
  gated.request = async (method, params, options) => {
    const result = await conn.request(method, params, options);
    if (method !== 'initialize' || typeof result !== 'object' || result === null) return result;
    const handlers = (result as { handlers?: unknown }).handlers;
    if (typeof handlers !== 'object' || handlers === null || !Array.isArray((handlers as { events?: unknown }).events)) return result;
    const events = (handlers as { events: unknown[] }).events;
    if (!events.includes('message_create')) return result;
    emit({ type: 'warning', code: 'casa_ungranted_event', message: `the plugin registered on_message without the events.message permission (${CASA_MESSAGE_EVENTS}); the host will not send it messages` });
    return { ...result, handlers: { ...handlers, events: events.filter((e) => e !== 'message_create') } };
  };
  return gated;
}
