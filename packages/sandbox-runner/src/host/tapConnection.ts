import type { GuestConnection } from './GuestConnection.js';

/**
 * One JSON-RPC message between the host and a guest, as seen by the host: what `PluginHostOptions.rpcTrace`
 * receives (the `maidkit dev` playground shows them). Requests are reported once they are answered, with
 * their outcome and duration; notifications (events, logs, `initialized`) when they are sent or received.
 * `flow.ack` is consumed inside the protocol peer and is not reported.
 */
export interface RpcTraceEntry {
  time: string;
  pluginId: string;
  installId: string;
  direction: 'guest_to_host' | 'host_to_guest';
  kind: 'request' | 'notification';
  method: string;
  params: unknown;
  /** Requests: how the call ended. */
  outcome?: { ok: true; result: unknown } | { ok: false; error: { code?: number | string; message: string } };
  durationMs?: number;
}

export type RpcTrace = (entry: RpcTraceEntry) => void;

/**
 * Wraps a connection so every message through it is also handed to `trace`. A listener's bug never
 * breaks the connection; without a trace the host uses the bare connection (no cost on the hot path).
 */
export function tapConnection(conn: GuestConnection, who: { pluginId: string; installId: string }, trace: RpcTrace): GuestConnection {
  const report = (entry: Omit<RpcTraceEntry, 'time' | 'pluginId' | 'installId'>): void => {
    try {
      trace({ time: new Date().toISOString(), pluginId: who.pluginId, installId: who.installId, ...entry });
    } catch {
      // Tracing is for humans; it must not take the plugin down.
    }
  };
  const failure = (error: unknown): { ok: false; error: { code?: number | string; message: string } } => {
    const e = error as { code?: unknown; message?: unknown };
    const code = typeof e?.code === 'number' || typeof e?.code === 'string' ? e.code : undefined;
    return { ok: false, error: { ...(code === undefined ? {} : { code }), message: typeof e?.message === 'string' ? e.message : String(error) } };
  };
  /** Times a request (either direction) and reports it with its outcome. */
  const timed = async (direction: RpcTraceEntry['direction'], method: string, params: unknown, run: () => Promise<unknown>): Promise<unknown> => {
    const started = performance.now();
    try {
      const result = await run();
      report({ direction, kind: 'request', method, params, outcome: { ok: true, result: result ?? null }, durationMs: performance.now() - started });
      return result;
    } catch (error) {
      report({ direction, kind: 'request', method, params, outcome: failure(error), durationMs: performance.now() - started });
      throw error;
    }
  };
  return {
    request: (method, params, options) => timed('host_to_guest', method, params, () => conn.request(method, params, options)),
    notify: (method, params) => {
      conn.notify(method, params);
      report({ direction: 'host_to_guest', kind: 'notification', method, params });
    },
    sendEvent: (params) => {
      const sent = conn.sendEvent(params);
      if (sent) report({ direction: 'host_to_guest', kind: 'notification', method: 'event', params });
      return sent;
    },
    whenReady: () => conn.whenReady(),
    get eventBacklog() {
      return conn.eventBacklog;
    },
    get eventsAcked() {
      return conn.eventsAcked;
    },
    onRequest: (handler) => conn.onRequest((method, params) => timed('guest_to_host', method, params, () => handler(method, params))),
    onNotification: (handler) =>
      conn.onNotification((method, params) => {
        report({ direction: 'guest_to_host', kind: 'notification', method, params });
        handler(method, params);
      }),
    onProblem: (handler) => conn.onProblem(handler),
    close: () => conn.close(),
  };
}
