import { METHOD_LIST, createPeer, type ProtocolError } from '@maidkit/rpc-protocol';
import type { SandboxHandle } from '../backend.js';
import type { GuestConnection } from './GuestConnection.js';
import type { ProtocolLimits } from './Worker.js';

/** Guest→host request methods: the ones the host registers a handler for (the rest are -32601). */
const GUEST_REQUESTS = METHOD_LIST.filter((d) => d.kind === 'request' && d.direction === 'guest_to_host').map((d) => d.method);
const GUEST_NOTIFICATIONS = METHOD_LIST.filter((d) => d.kind === 'notification' && d.direction === 'guest_to_host' && d.method !== 'flow.ack').map((d) => d.method);

export interface ConnectOptions {
  /** Guest→host handlers running at once; the peer queues (bounded) and then pauses input beyond. */
  maxConcurrency: number;
  /** Guest→host methods outside PROTOCOL.md §5 that this guest may call (Casa Cloner's `casa.*`), each doing its own checks. */
  extraRequests?: Readonly<Record<string, (params: unknown) => Promise<unknown>>>;
}

/**
 * Adapts `@maidkit/rpc-protocol`'s peer (framing, size cap, stray-output resync, timeouts,
 * cancellation, flow window) to what the Worker needs. Params are validated by the host in
 * `handleGuestCall` — after the capability check, which must come first — so inbound validation is off.
 */
export function connectGuest(handle: SandboxHandle, limits: ProtocolLimits, options: ConnectOptions): GuestConnection {
  const peer = createPeer(handle.stdout, handle.stdin, {
    maxMessageBytes: limits.max_message_bytes,
    requestTimeoutMs: limits.request_timeout_ms,
    flowWindow: limits.flow_window,
    // Events beyond the window come back as 'dropped' and wait in the Worker's own bounded queue
    // (one queue, one drop-oldest policy, whether the worker is restarting or just busy).
    maxQueuedEvents: 0,
    maxConcurrency: options.maxConcurrency,
    validateInbound: false,
    autoAckEvents: false,
  });
  let sent = 0;
  let requestHandler: (method: string, params: unknown) => Promise<unknown> = async () => undefined;
  let notificationHandler: (method: string, params: unknown) => void = () => {};
  let problemHandler: Parameters<GuestConnection['onProblem']>[0] = () => {};
  for (const method of GUEST_REQUESTS) peer.onRequest(method, (params) => requestHandler(method, params));
  for (const [method, handler] of Object.entries(options.extraRequests ?? {})) peer.onRequest(method, handler);
  for (const method of GUEST_NOTIFICATIONS) peer.onNotification(method, (params) => notificationHandler(method, params));
  peer.onError((error: ProtocolError) => {
    // A closed connection is reported by the process exit instead.
    if (error.code === 'closed' || error.code === 'flow_overflow') return;
    problemHandler({ code: error.code, message: error.message, fatal: error.fatal ?? false, ...(error.detail ? { detail: error.detail } : {}) });
  });
  return {
    request: (method, params, opts) => peer.request(method, params, opts?.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    notify: (method, params) => void peer.notify(method, params),
    sendEvent: (params) => {
      if (peer.notify('event', params) !== 'sent') return false;
      sent++;
      return true;
    },
    whenReady: () => peer.whenReady(),
    get eventsAcked() {
      return sent - peer.stats.eventsInFlight;
    },
    get eventBacklog() {
      const stats = peer.stats;
      return stats.eventsInFlight + stats.eventsQueued;
    },
    onRequest: (handler) => (requestHandler = handler),
    onNotification: (handler) => (notificationHandler = handler),
    onProblem: (handler) => (problemHandler = handler),
    close: () => peer.close(),
  };
}
