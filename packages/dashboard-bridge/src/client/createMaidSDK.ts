/**
 * The iframe side of the bridge: the `MaidSDK` object of seed 002. Every call returns a Promise that
 * settles within `callTimeoutMs` and rejects only with BridgeError.
 */
import { BridgeError, deserializeError, type JsonObject } from '../protocol/BridgeError.js';
import { BridgeErrorCode } from '../protocol/errorCodes.js';
import { isDestroyMessage, isInitMessage, isReplyMessage, isResizedMessage, isThemeMessage } from '../protocol/guards.js';
import { handshakeTimeoutError, readHandshakeFragment, startFrameHandshake } from '../protocol/handshake.js';
import { checkJson } from '../protocol/jsonSafe.js';
import { DEFAULT_LIMITS } from '../protocol/limits.js';
import { applyThemeVars } from '../protocol/theme.js';
import {
  BRIDGE_NS,
  type BridgeContext,
  type BridgeNamespace,
  type FramePortMessage,
  type Theme,
  type ThemeVars,
} from '../protocol/types.js';
import { startAutoResize, type AutoResizer } from './autoResize.js';
import { Emitter } from './Emitter.js';

export interface MaidSDKOptions {
  /** The frame's window (default: the global one). */
  window?: Window;
  /** Per-call deadline (default 15 s). */
  callTimeoutMs?: number;
  /** Handshake deadline (default 10 s). */
  handshakeTimeoutMs?: number;
  /** Params larger than this are refused before they are sent (the host checks again). */
  maxRequestBytes?: number;
  /** Apply the host's theme variables to `:root` (default true). */
  applyTheme?: boolean;
}

export interface MaidSDKEvents {
  theme: Theme;
  resize: { width: number; height: number };
  connect: BridgeContext;
  disconnect: undefined;
  [event: string]: unknown;
}

export interface KvListResult {
  keys: string[];
  cursor: string | null;
}
export interface MetricsSeries {
  labels: string[];
  series: { name: string; data: number[] }[];
}
export interface SqlQueryResult {
  columns: string[];
  /** One entry per row, as the runner returns them (`{column: value}` objects in maidkit's runner). */
  rows: unknown[];
}
export interface SqlExecuteResult {
  changes: number;
  last_insert_rowid: number | null;
}

export interface MaidSDK {
  /** Run `fn` after the bridge handshake completes. Resolves after `fn` ran; rejects on handshake timeout. */
  ready(fn?: () => unknown): Promise<void>;
  /** Sync: server / plugin / user ids and theme. Throws NOT_CONNECTED before `ready`. */
  getContext(): BridgeContext;
  /** Sync: "dark" or "light" ("dark" before the handshake). */
  getTheme(): Theme;
  on<K extends keyof MaidSDKEvents & string>(event: K, fn: (payload: MaidSDKEvents[K]) => void): void;
  off<K extends keyof MaidSDKEvents & string>(event: K, fn: (payload: MaidSDKEvents[K]) => void): void;
  /** Ask the host to size the iframe: to `height`, or to the content (and keep tracking it) when omitted. */
  resize(height?: number): Promise<void>;
  /** Switch to another page of the plugin's dashboard manifest. */
  navigateTo(pageId: string): Promise<void>;
  /** Call a Python `@plugin.on_dashboard` handler (`"get_settings"` or `"dashboard.get_settings"`). */
  rpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  kv: {
    get<T = unknown>(key: string): Promise<T | null>;
    set(key: string, value: unknown): Promise<void>;
    delete(key: string): Promise<boolean>;
    list(prefix?: string, options?: { limit?: number; cursor?: string }): Promise<KvListResult>;
    getMany(keys: string[]): Promise<Record<string, unknown>>;
    setMany(values: Record<string, unknown>): Promise<void>;
  };
  metrics: {
    query(name: string, period?: string): Promise<MetricsSeries>;
    total(name: string, period?: string): Promise<number>;
  };
  sql: {
    query(sql: string, params?: unknown[] | Record<string, unknown>): Promise<SqlQueryResult>;
    execute(sql: string, params?: unknown[] | Record<string, unknown>): Promise<SqlExecuteResult>;
  };
  /** Drop the connection and stop listening (tests, or a page that unloads its UI). */
  destroy(): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: BridgeError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function createMaidSDK(options: MaidSDKOptions = {}): MaidSDK {
  const win = options.window ?? window;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_LIMITS.callTimeoutMs;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_LIMITS.handshakeTimeoutMs;
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_LIMITS.maxRequestBytes;
  const emitter = new Emitter<MaidSDKEvents>();

  let port: MessagePort | null = null;
  let context: BridgeContext | null = null;
  let pages: string[] = [];
  let nextId = 1;
  let destroyed = false;
  let resizer: AutoResizer | null = null;
  const pending = new Map<number, Pending>();

  let markReady!: () => void;
  let markFailed!: (e: BridgeError) => void;
  const readyPromise = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  readyPromise.catch(() => undefined); // surfaced through ready() and calls, not as an unhandled rejection

  const rejectAll = (error: BridgeError): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error);
    }
  };

  const onPortMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (isReplyMessage(data)) {
      const p = pending.get(data.id);
      if (!p) return;
      pending.delete(data.id);
      clearTimeout(p.timer);
      if (data.ok) p.resolve(data.result);
      else p.reject(deserializeError(data.error));
    } else if (isInitMessage(data)) {
      context = { ...data.context };
      pages = [...data.pages];
      setTheme(data.context.theme, data.vars);
      emitter.emit('connect', { ...context });
      markReady();
    } else if (isThemeMessage(data)) {
      if (context) context.theme = data.theme;
      setTheme(data.theme, data.vars);
      emitter.emit('theme', data.theme);
    } else if (isResizedMessage(data)) {
      emitter.emit('resize', { width: win.innerWidth, height: data.height });
    } else if (isDestroyMessage(data)) {
      disconnect();
    }
  };

  const setTheme = (theme: Theme, vars: ThemeVars): void => {
    if (options.applyTheme === false) return;
    applyThemeVars(win.document.documentElement, theme, vars);
  };

  const disconnect = (): void => {
    port?.close();
    port = null;
    rejectAll(new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'The dashboard host closed the bridge'));
    emitter.emit('disconnect', undefined);
  };

  const { token, hostOrigin } = readHandshakeFragment(win.location.hash);
  const stopHandshake =
    token === null
      ? () => undefined
      : startFrameHandshake({
          window: win,
          token,
          hostOrigin,
          isConnected: () => port !== null,
          onPort(newPort) {
            if (destroyed) return void newPort.close();
            if (port) disconnect();
            port = newPort;
            port.onmessage = onPortMessage;
          },
        });
  const handshakeTimer = setTimeout(() => {
    if (context === null) markFailed(handshakeTimeoutError(handshakeTimeoutMs));
  }, token === null ? 0 : handshakeTimeoutMs);
  if (token === null) {
    markFailed(new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'This page was not opened by a maidkit dashboard host (no #maidkit-bridge token in its URL)'));
  }
  readyPromise.then(() => clearTimeout(handshakeTimer), () => undefined);

  const send = <T>(build: (id: number) => FramePortMessage, timeoutMs = callTimeoutMs): Promise<T> =>
    readyPromise.then(
      () =>
        new Promise<T>((resolve, reject) => {
          if (destroyed || port === null) return reject(new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'The bridge is not connected'));
          const id = nextId++;
          const message = build(id);
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new BridgeError(BridgeErrorCode.CALL_TIMEOUT, `${describe(message)} got no answer within ${timeoutMs} ms`, { data: { timeout_ms: timeoutMs } }));
          }, timeoutMs);
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
          try {
            port.postMessage(message);
          } catch (error) {
            clearTimeout(timer);
            pending.delete(id);
            reject(new BridgeError(BridgeErrorCode.UNSERIALIZABLE, `${describe(message)}: params cannot be sent (${(error as Error).message})`, { cause: error }));
          }
        }),
    );

  const call = <T>(namespace: BridgeNamespace, method: string, params: Record<string, unknown>): Promise<T> => {
    const size = checkJson(params, maxRequestBytes);
    if (!size.ok) {
      const error =
        size.reason === 'too_large'
          ? new BridgeError(BridgeErrorCode.PAYLOAD_TOO_LARGE, `${namespace}.${method}: params are larger than ${maxRequestBytes} bytes`, { data: { limit: maxRequestBytes } })
          : new BridgeError(BridgeErrorCode.INVALID_PARAMS, `${namespace}.${method}: params${size.path} is not JSON-safe`, { data: { path: size.path } });
      return Promise.reject(error);
    }
    return send<T>((id) => ({ ns: BRIDGE_NS, type: 'CALL', id, namespace, method, params }));
  };

  const shape = <T>(method: string, value: unknown, ok: (v: Record<string, unknown>) => boolean, pick: (v: Record<string, unknown>) => T): T => {
    if (typeof value === 'object' && value !== null && ok(value as Record<string, unknown>)) return pick(value as Record<string, unknown>);
    throw new BridgeError(BridgeErrorCode.INVALID_RESULT, `${method} returned an unexpected shape`);
  };
  const optionalParams = (p: Record<string, unknown>): Record<string, unknown> => {
    for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
    return p;
  };

  const sdk: MaidSDK = {
    ready(fn) {
      return readyPromise.then(async () => {
        if (typeof fn === 'function') await fn();
      });
    },
    getContext() {
      if (context === null) throw new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'getContext() was called before MaidSDK.ready()');
      return { ...context };
    },
    getTheme() {
      return context?.theme ?? 'dark';
    },
    on(event, fn) {
      emitter.on(event, fn);
    },
    off(event, fn) {
      emitter.off(event, fn);
    },
    resize(height) {
      if (height !== undefined && (typeof height !== 'number' || !Number.isFinite(height) || height < 0)) {
        return Promise.reject(new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'resize(height): height must be a non-negative number of pixels'));
      }
      return readyPromise.then(() => {
        let h = height;
        if (h === undefined) {
          resizer ??= startAutoResize(win.document, (measured) => {
            void send((id) => ({ ns: BRIDGE_NS, type: 'RESIZE', id, height: measured })).catch(() => undefined);
          });
          h = resizer.measure();
        } else {
          resizer?.stop();
          resizer = null;
        }
        const target = Math.ceil(h);
        return send<void>((id) => ({ ns: BRIDGE_NS, type: 'RESIZE', id, height: target })).then(() => undefined);
      });
    },
    navigateTo(pageId) {
      if (typeof pageId !== 'string' || pageId === '') return Promise.reject(new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'navigateTo(pageId): pageId must be a non-empty string'));
      return readyPromise.then(() => {
        if (!pages.includes(pageId)) throw new BridgeError(BridgeErrorCode.PAGE_NOT_FOUND, `No dashboard page "${pageId}"; pages are ${pages.join(', ') || '(none)'}`);
        return send<void>((id) => ({ ns: BRIDGE_NS, type: 'NAVIGATE', id, pageId })).then(() => undefined);
      });
    },
    rpc(method, params = {}) {
      if (typeof method !== 'string') return Promise.reject(new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'rpc(method, params): method must be a string'));
      const name = method.startsWith('dashboard.') ? method.slice('dashboard.'.length) : method;
      if (typeof params !== 'object' || params === null || Array.isArray(params)) return Promise.reject(new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'rpc(method, params): params must be an object'));
      return call('dashboard', name, params);
    },
    kv: {
      get: (key) => call('kv', 'get', { key }).then((r) => shape('kv.get', r, () => true, (v) => (v.value ?? null) as never)),
      set: (key, value) => call('kv', 'set', { key, value }).then(() => undefined),
      delete: (key) => call('kv', 'delete', { key }).then((r) => shape('kv.delete', r, () => true, (v) => v.deleted === true)),
      list: (prefix, opts = {}) =>
        call('kv', 'list', optionalParams({ prefix, limit: opts.limit, cursor: opts.cursor })).then((r) =>
          shape('kv.list', r, (v) => Array.isArray(v.keys), (v) => ({ keys: v.keys as string[], cursor: (v.cursor as string | null | undefined) ?? null })),
        ),
      getMany: (keys) => call('kv', 'get_many', { keys }).then((r) => shape('kv.getMany', r, (v) => typeof v.values === 'object' && v.values !== null, (v) => v.values as Record<string, unknown>)),
      setMany: (values) => call('kv', 'set_many', { values }).then(() => undefined),
    },
    metrics: {
      query: (name, period = '7d') =>
        call('metrics', 'query', { name, period }).then((r) => shape('metrics.query', r, (v) => Array.isArray(v.labels) && Array.isArray(v.series), (v) => v as unknown as MetricsSeries)),
      total: (name, period = '30d') => call('metrics', 'total', { name, period }).then((r) => shape('metrics.total', r, (v) => typeof v.total === 'number', (v) => v.total as number)),
    },
    sql: {
      query: (sql, params) =>
        call('sql', 'query', optionalParams({ sql, params })).then((r) => shape('sql.query', r, (v) => Array.isArray(v.rows), (v) => v as unknown as SqlQueryResult)),
      execute: (sql, params) =>
        call('sql', 'execute', optionalParams({ sql, params })).then((r) => shape('sql.execute', r, (v) => typeof v.changes === 'number', (v) => v as unknown as SqlExecuteResult)),
    },
    destroy() {
      destroyed = true;
      stopHandshake();
      resizer?.stop();
      clearTimeout(handshakeTimer);
      markFailed(new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'MaidSDK was destroyed'));
      disconnect();
    },
  };

  win.addEventListener('resize', () => emitter.emit('resize', { width: win.innerWidth, height: win.innerHeight }));
  return sdk;
}

function describe(message: FramePortMessage): string {
  switch (message.type) {
    case 'CALL':
      return `${message.namespace}.${message.method}`;
    case 'RESIZE':
      return 'resize';
    case 'NAVIGATE':
      return 'navigateTo';
  }
}

export type { JsonObject };
