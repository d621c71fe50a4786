/**
 * The embedding page's side of the bridge. It owns the iframe's sandbox and URL, runs the handshake,
 * checks every call (namespace, method table, capability, size, rate) and only then forwards it through
 * `options.call`, adding the server/plugin/user ids itself.
 */
import { BridgeError, serializeError } from '../protocol/BridgeError.js';
import { BridgeErrorCode } from '../protocol/errorCodes.js';
import { isCallMessage, isNavigateMessage, isResizeMessage } from '../protocol/guards.js';
import { createToken, startHostHandshake, withHandshakeFragment, type RefusalReason } from '../protocol/handshake.js';
import { checkJson } from '../protocol/jsonSafe.js';
import { resolveLimits, type BridgeLimits } from '../protocol/limits.js';
import { resolveCall } from '../protocol/methods.js';
import { themeVars } from '../protocol/theme.js';
import {
  BRIDGE_NS,
  type BridgeCall,
  type BridgeContext,
  type HostPortMessage,
  type Theme,
  type ThemeVars,
} from '../protocol/types.js';
import { createHttpTransport } from './httpTransport.js';
import { TokenBucket } from './TokenBucket.js';

export interface DashboardHostContext {
  serverId: string;
  pluginId: string;
  userId: string;
}

/** Something the host refused, for logs and tests. */
export interface RefusedEvent {
  code: BridgeErrorCode | RefusalReason;
  message: string;
}

export interface DashboardHostOptions {
  /** URL of the plugin's dashboard entry (`…/p/<plugin>/dashboard/`), ideally on a separate origin. */
  src: string;
  /** Who is looking at which plugin on which server. The frame cannot choose these. */
  context: DashboardHostContext;
  /** Capabilities granted to the install (`storage:sql` unlocks `MaidSDK.sql`). */
  capabilities?: readonly string[];
  /** Registered `@plugin.on_dashboard` handler names; when given, other `rpc` names are refused here. */
  handlers?: readonly string[];
  /** Page ids `MaidSDK.navigateTo` may switch to. */
  pages?: readonly string[];
  theme?: Theme;
  themeVars?: Partial<Record<Theme, Partial<ThemeVars>>>;
  /** Forward a checked call to the plugin's backend (default: POST to the maidkit dashboard server). */
  call?: (call: BridgeCall) => Promise<unknown>;
  onNavigate?: (pageId: string) => void;
  onConnect?: (context: BridgeContext) => void;
  onRefused?: (event: RefusedEvent) => void;
  limits?: Partial<BridgeLimits>;
  /** iframe sandbox tokens (default `allow-scripts allow-forms`). `allow-same-origin` is refused. */
  sandbox?: string;
}

export interface DashboardHost {
  readonly connected: boolean;
  readonly theme: Theme;
  /** How many handshakes completed (a reload adds one). */
  readonly connections: number;
  /** Resolves at the next completed handshake (immediately if connected); rejects after the handshake timeout. */
  whenConnected(): Promise<void>;
  /** Switch theme; the frame gets the new variables and a `theme` event. */
  setTheme(theme: Theme): void;
  destroy(): void;
}

export function createDashboardHost(iframe: HTMLIFrameElement, options: DashboardHostOptions): DashboardHost {
  const limits = resolveLimits(options.limits);
  const ownerWindow = iframe.ownerDocument.defaultView;
  if (!ownerWindow) throw new BridgeError(BridgeErrorCode.INTERNAL, 'createDashboardHost: the iframe is not in a document with a window');
  const sandbox = options.sandbox ?? 'allow-scripts allow-forms';
  if (/\ballow-same-origin\b/.test(sandbox)) {
    throw new BridgeError(BridgeErrorCode.FORBIDDEN, 'createDashboardHost: "allow-same-origin" with "allow-scripts" lets the frame remove its own sandbox');
  }
  const call = options.call ?? createHttpTransport({ pluginId: options.context.pluginId });
  const pages = [...(options.pages ?? [])];
  let theme: Theme = options.theme ?? 'dark';
  let port: MessagePort | null = null;
  let connections = 0;
  let destroyed = false;
  let inFlight = 0;
  let bucket = new TokenBucket(limits.ratePerSecond, limits.burst);
  let waiters: { resolve: () => void; reject: (e: BridgeError) => void; timer: ReturnType<typeof setTimeout> }[] = [];

  const refuse = (code: RefusedEvent['code'], message: string): void => {
    options.onRefused?.({ code, message });
  };

  const frameContext = (): BridgeContext => ({
    discord_srv_id: options.context.serverId,
    plugin_id: options.context.pluginId,
    user_id: options.context.userId,
    theme,
  });

  const post = (target: MessagePort, message: HostPortMessage): void => {
    try {
      target.postMessage(message);
    } catch (error) {
      // A result that cannot be cloned: tell the frame instead of leaving its call hanging.
      if (message.type === 'REPLY') {
        target.postMessage({ ns: BRIDGE_NS, type: 'REPLY', id: message.id, ok: false, error: serializeError(new BridgeError(BridgeErrorCode.UNSERIALIZABLE, `The result could not be sent: ${(error as Error).message}`)) });
      }
    }
  };
  const replyError = (target: MessagePort, id: number, error: unknown): void => {
    post(target, { ns: BRIDGE_NS, type: 'REPLY', id, ok: false, error: serializeError(error) });
  };

  // Resize: coalesce to one per animation frame, clamp, ignore shrinks of 4 px or less.
  let pendingHeight: number | null = null;
  let rafId = 0;
  let appliedHeight = 0;
  const applyHeight = (): void => {
    rafId = 0;
    if (pendingHeight === null) return;
    const h = Math.min(limits.maxHeight, Math.max(limits.minHeight, Math.ceil(pendingHeight)));
    pendingHeight = null;
    if (appliedHeight !== 0 && h < appliedHeight && appliedHeight - h <= 4) return;
    appliedHeight = h;
    iframe.style.height = `${h}px`;
    if (port) post(port, { ns: BRIDGE_NS, type: 'RESIZED', height: h });
  };

  const onPortMessage = (source: MessagePort) => (event: MessageEvent): void => {
    if (source !== port) return;
    const data: unknown = event.data;
    const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
    const replyable = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;

    if (!bucket.take()) {
      refuse(BridgeErrorCode.RATE_LIMITED, 'Too many bridge messages');
      if (replyable) replyError(source, id, new BridgeError(BridgeErrorCode.RATE_LIMITED, `More than ${limits.ratePerSecond} calls per second`, { data: { retry_after_ms: bucket.retryAfterMs() } }));
      return;
    }
    if (isCallMessage(data)) return void handleCall(source, data.id, data.namespace, data.method, data.params);
    if (isResizeMessage(data)) {
      pendingHeight = data.height;
      if (rafId === 0) rafId = ownerWindow.requestAnimationFrame(applyHeight);
      return void post(source, { ns: BRIDGE_NS, type: 'REPLY', id: data.id, ok: true, result: null });
    }
    if (isNavigateMessage(data)) {
      if (!pages.includes(data.pageId)) {
        refuse(BridgeErrorCode.PAGE_NOT_FOUND, `navigateTo("${data.pageId.slice(0, 64)}")`);
        return replyError(source, data.id, new BridgeError(BridgeErrorCode.PAGE_NOT_FOUND, `No dashboard page "${data.pageId.slice(0, 64)}"`));
      }
      options.onNavigate?.(data.pageId);
      return void post(source, { ns: BRIDGE_NS, type: 'REPLY', id: data.id, ok: true, result: null });
    }
    refuse(BridgeErrorCode.INVALID_PARAMS, 'Malformed message on the bridge port');
    if (replyable) replyError(source, id, new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'Malformed bridge message'));
  };

  const handleCall = (source: MessagePort, id: number, namespace: string, method: string, params: unknown): void => {
    if (inFlight >= limits.maxInFlight) {
      refuse(BridgeErrorCode.RATE_LIMITED, 'Too many calls in flight');
      return replyError(source, id, new BridgeError(BridgeErrorCode.RATE_LIMITED, `More than ${limits.maxInFlight} calls in flight`, { data: { retry_after_ms: 100 } }));
    }
    let checked: BridgeCall;
    try {
      checked = resolveCall(namespace, method, params, { capabilities: options.capabilities ?? [], handlers: options.handlers, limits });
    } catch (error) {
      const e = BridgeError.fromUnknown(error);
      refuse(e.code, e.message);
      return replyError(source, id, e);
    }
    // The host, not the frame, says which server this is (seed 002: params always has discord_srv_id).
    if (checked.namespace === 'dashboard') checked.params = { ...checked.params, discord_srv_id: options.context.serverId };

    inFlight++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BridgeError(BridgeErrorCode.CALL_TIMEOUT, `${namespace}.${method} got no answer within ${limits.callTimeoutMs} ms`, { data: { timeout_ms: limits.callTimeoutMs } })), limits.callTimeoutMs);
    });
    Promise.race([Promise.resolve().then(() => call(checked)), deadline])
      .then((result) => {
        const size = checkJson(result ?? null, limits.maxResultBytes);
        if (!size.ok) {
          throw size.reason === 'too_large'
            ? new BridgeError(BridgeErrorCode.PAYLOAD_TOO_LARGE, `${namespace}.${method}: the result is larger than ${limits.maxResultBytes} bytes`, { data: { limit: limits.maxResultBytes } })
            : new BridgeError(BridgeErrorCode.INVALID_RESULT, `${namespace}.${method}: the result is not JSON-safe at ${size.path || '/'}`);
        }
        post(source, { ns: BRIDGE_NS, type: 'REPLY', id, ok: true, result: result ?? null });
      })
      .catch((error: unknown) => replyError(source, id, BridgeError.fromUnknown(error, BridgeErrorCode.HANDLER_ERROR)))
      .finally(() => {
        inFlight--;
        clearTimeout(timer);
      });
  };

  const token = createToken();
  const handshake = startHostHandshake({
    hostWindow: ownerWindow,
    frameWindow: () => iframe.contentWindow,
    token,
    onRefused: (reason) => refuse(reason, `Window message refused: ${reason}`),
    onConnect(newPort) {
      if (destroyed) return void newPort.close();
      port = newPort;
      bucket = new TokenBucket(limits.ratePerSecond, limits.burst);
      newPort.onmessage = onPortMessage(newPort);
      connections++;
      const context = frameContext();
      post(newPort, { ns: BRIDGE_NS, type: 'INIT', context, vars: themeVars(theme, options.themeVars), pages });
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.resolve();
      }
      waiters = [];
      options.onConnect?.(context);
    },
  });

  const onLoad = (): void => {
    if (handshake.frameLoaded()) port = null;
  };
  iframe.addEventListener('load', onLoad);
  iframe.setAttribute('sandbox', sandbox);
  iframe.setAttribute('allow', '');
  iframe.setAttribute('referrerpolicy', 'no-referrer');
  if (!iframe.style.height) iframe.style.height = `${limits.minHeight}px`;
  iframe.src = withHandshakeFragment(options.src, token, ownerWindow.location.origin);
  handshake.poke();

  return {
    get connected() {
      return port !== null && !destroyed;
    },
    get theme() {
      return theme;
    },
    get connections() {
      return connections;
    },
    whenConnected() {
      if (port !== null) return Promise.resolve();
      if (destroyed) return Promise.reject(new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'The dashboard host was destroyed'));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.timer !== timer);
          reject(new BridgeError(BridgeErrorCode.HANDSHAKE_TIMEOUT, `The dashboard frame did not complete the bridge handshake within ${limits.handshakeTimeoutMs} ms`));
        }, limits.handshakeTimeoutMs);
        waiters.push({ resolve, reject, timer });
      });
    },
    setTheme(next) {
      if (next !== 'dark' && next !== 'light') throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'setTheme: theme must be "dark" or "light"');
      theme = next;
      if (port) post(port, { ns: BRIDGE_NS, type: 'THEME', theme, vars: themeVars(theme, options.themeVars) });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (port) post(port, { ns: BRIDGE_NS, type: 'DESTROY' });
      handshake.stop();
      port = null;
      iframe.removeEventListener('load', onLoad);
      if (rafId !== 0) ownerWindow.cancelAnimationFrame(rafId);
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new BridgeError(BridgeErrorCode.NOT_CONNECTED, 'The dashboard host was destroyed'));
      }
      waiters = [];
    },
  };
}
