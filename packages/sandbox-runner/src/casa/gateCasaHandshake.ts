import type { GuestCaller } from '../host/guestCalls.js';
import type { GuestConnection } from '../host/GuestConnection.js';
import type { HostEventInput } from '../host/hostEvents.js';
import { CASA_MESSAGE_EVENTS } from './permissions.js';

/**
 * The host's own `events.message` gate. `casa_runtime` registers `on_message` only with the grant, but the
 * guest is plugin-controlled code (its guard rails are not a boundary), so the host also drops
 * `message_create` from a Casa guest's handshake unless the install holds `casa:message_events`: the worker
 * then never routes a message to it, whatever the guest claims.
 */
export function gateCasaHandshake(conn: GuestConnection, caller: GuestCaller, emit: (event: HostEventInput) => void): GuestConnection {
  if (caller.capabilities.has(CASA_MESSAGE_EVENTS)) return conn;
  // Inherit the getters (eventBacklog, eventsAcked read the live connection) and override `request` only.
  const gated: GuestConnection = Object.create(conn) as GuestConnection;
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
