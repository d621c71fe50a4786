/**
 * An in-memory DashboardBackend for tests, demos and host authors trying the bridge without a runner.
 * It keeps KV per (plugin, server), answers metrics from fixed daily series, and runs dashboard handlers
 * written in JS with the same `(ctx, params)` shape as seed 002's Python ones.
 */
import { BridgeError, type JsonObject } from '../protocol/BridgeError.js';
import { BridgeErrorCode } from '../protocol/errorCodes.js';
import type { DashboardBackend, DashboardBackendRequest } from './DashboardBackend.js';

export interface MemoryHandlerContext {
  serverId: string;
  pluginId: string;
  userId: string;
  kv: {
    get(key: string): unknown;
    set(key: string, value: unknown): void;
    delete(key: string): boolean;
    count(options?: { prefix?: string }): number;
    list(options?: { prefix?: string }): string[];
    getMany(keys: string[]): Record<string, unknown>;
  };
  metrics: {
    query(name: string, period?: string): { labels: string[]; series: { name: string; data: number[] }[] };
    total(name: string, period?: string): number;
  };
}

export type MemoryHandler = (ctx: MemoryHandlerContext, params: JsonObject) => unknown;

export interface MemoryBackendOptions {
  /** Dashboard handlers by name (what `@plugin.on_dashboard("name")` registers). */
  handlers?: Record<string, MemoryHandler>;
  /** Daily values per metric name, oldest first; `query`/`total` read the last N days of it. */
  metrics?: Record<string, number[]>;
  /** SQL for `storage:sql` plugins; without it `sql.*` answers MethodNotFound. */
  sql?: (method: 'query' | 'execute', sql: string, params: unknown) => unknown;
  /** Artificial latency per call, milliseconds (to test loading states). */
  delayMs?: number;
}

export class MemoryDashboardBackend implements DashboardBackend {
  /** Every request received, newest last (tests assert on the ids the server supplied). */
  readonly requests: DashboardBackendRequest[] = [];
  readonly #stores = new Map<string, Map<string, unknown>>();

  constructor(private readonly options: MemoryBackendOptions = {}) {}

  /** The KV store of one install, for seeding and inspection. */
  store(pluginId: string, serverId: string): Map<string, unknown> {
    const key = `${pluginId}\u0000${serverId}`;
    let store = this.#stores.get(key);
    if (!store) this.#stores.set(key, (store = new Map()));
    return store;
  }

  async call(request: DashboardBackendRequest): Promise<unknown> {
    this.requests.push(request);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    const ctx = this.#context(request);
    const p = request.params;
    switch (`${request.namespace}.${request.method}`) {
      case 'kv.get':
        return { value: ctx.kv.get(String(p.key)) ?? null };
      case 'kv.set':
        ctx.kv.set(String(p.key), p.value);
        return {};
      case 'kv.delete':
        return { deleted: ctx.kv.delete(String(p.key)) };
      case 'kv.list': {
        const prefix = typeof p.prefix === 'string' ? p.prefix : '';
        const keys = [...this.store(request.pluginId, request.serverId).keys()].filter((k) => k.startsWith(prefix)).sort();
        const limit = typeof p.limit === 'number' ? p.limit : 100;
        const start = typeof p.cursor === 'string' ? Number(p.cursor) || 0 : 0;
        const page = keys.slice(start, start + limit);
        return { keys: page, cursor: start + limit < keys.length ? String(start + limit) : null };
      }
      case 'kv.get_many':
        return { values: Object.fromEntries((p.keys as string[]).map((k) => [k, ctx.kv.get(k) ?? null])) };
      case 'kv.set_many':
        for (const [k, v] of Object.entries(p.values as JsonObject)) ctx.kv.set(k, v);
        return {};
      case 'metrics.query':
        return ctx.metrics.query(String(p.name), String(p.period));
      case 'metrics.total':
        return { total: ctx.metrics.total(String(p.name), String(p.period)) };
      case 'sql.query':
      case 'sql.execute':
        if (!this.options.sql) throw Object.assign(new Error('This backend has no SQL store'), { code: -32601 });
        return this.options.sql(request.method as 'query' | 'execute', String(p.sql), p.params);
    }
    if (request.namespace !== 'dashboard') throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `${request.namespace}.${request.method} is not supported`);
    const handler = this.options.handlers?.[request.method];
    if (!handler || !Object.hasOwn(this.options.handlers ?? {}, request.method)) {
      throw Object.assign(new Error(`No dashboard handler "${request.method}"`), { code: -32601 });
    }
    try {
      return await handler(ctx, request.params);
    } catch (error) {
      // What the runner does with a Python exception: HandlerError with the message, no traceback.
      throw Object.assign(new Error(`${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`), { code: -32000 });
    }
  }

  #context(request: DashboardBackendRequest): MemoryHandlerContext {
    const store = this.store(request.pluginId, request.serverId);
    const series = (name: string, period = '7d'): { labels: string[]; data: number[] } => {
      const m = /^(\d+)([hdwm])$/.exec(period);
      const days = m ? Math.max(1, Math.min(366, Number(m[1]) * (m[2] === 'w' ? 7 : m[2] === 'm' ? 30 : m[2] === 'h' ? 1 / 24 : 1))) : 7;
      const n = Math.max(1, Math.round(days));
      const all = this.options.metrics?.[name] ?? [];
      const data = Array.from({ length: n }, (_, i) => all[all.length - n + i] ?? 0);
      const labels = Array.from({ length: n }, (_, i) => (i === n - 1 ? 'today' : `-${n - 1 - i}d`));
      return { labels, data };
    };
    return {
      serverId: request.serverId,
      pluginId: request.pluginId,
      userId: request.userId,
      kv: {
        get: (key) => (store.has(key) ? structuredClone(store.get(key)) : null),
        set: (key, value) => void store.set(key, structuredClone(value)),
        delete: (key) => store.delete(key),
        count: (o) => [...store.keys()].filter((k) => k.startsWith(o?.prefix ?? '')).length,
        list: (o) => [...store.keys()].filter((k) => k.startsWith(o?.prefix ?? '')).sort(),
        getMany: (keys) => Object.fromEntries(keys.map((k) => [k, store.has(k) ? structuredClone(store.get(k)) : null])),
      },
      metrics: {
        query: (name, period) => {
          const s = series(name, period);
          return { labels: s.labels, series: [{ name, data: s.data }] };
        },
        total: (name, period = '30d') => series(name, period).data.reduce((a, b) => a + b, 0),
      },
    };
  }
}

/**
 * Seed 002's four Python handlers, line for line in JS, for tests and demos that have no Python runner.
 */
export const seedDashboardHandlers: Record<string, MemoryHandler> = {
  get_active_users: (ctx) => ({ value: ctx.kv.count({ prefix: 'active_user:' }), change: '+12%' }),
  get_messages_chart: (ctx) => {
    const data = ctx.metrics.query('messages', '7d');
    return { labels: data.labels, series: [{ name: 'Messages', data: data.series[0]?.data ?? [] }] };
  },
  get_settings: (ctx) => ({
    values: {
      channel_id: ctx.kv.get('welcome_channel') || '',
      message: ctx.kv.get('welcome_message') || 'Welcome!',
    },
  }),
  save_settings: (ctx, params) => {
    const values = params.values as JsonObject | undefined;
    if (!values || typeof values !== 'object') throw new Error("KeyError: 'values'");
    ctx.kv.set('welcome_channel', values.channel_id);
    ctx.kv.set('welcome_message', values.message);
    return { ok: true };
  },
};
