/**
 * The bridge handshake: how a sandboxed dashboard frame and the embedding page find each other and
 * move to a private MessagePort.
 *
 * Requirements
 * 1. The frame is sandboxed without `allow-same-origin`, so its origin is "null" — and so is every other
 *    sandboxed frame's, an attacker's included. The host therefore recognises its frame only by
 *    `event.source === iframe.contentWindow`, and can post to it only with targetOrigin '*'.
 * 2. Whatever document sits in the frame when the host posts with '*' can read the message, so window
 *    messages carry no ids, context or theme: only the nonce the frame already holds, and a port.
 * 3. Either side may start first (the host script may run before or after the frame's), and the frame may
 *    reload or navigate any number of times; every new document must be able to connect again.
 * 4. After the handshake the host reads nothing from window messages except a new SYN; all calls and
 *    replies use the MessagePort (about 5× faster than window messaging at 100 KB, research §5).
 * 5. A protocol version is agreed in the handshake so either side can evolve.
 *
 * Protocol
 * 1. Host listens for `message` on its window and posts HOST_SYN (no payload) to the frame when it starts
 *    and on every iframe `load`. HOST_SYN only asks "send your SYN"; it lets a late host catch an early frame.
 * 2. Frame, when its SDK starts and whenever `window.parent` sends HOST_SYN while it holds no live port, posts
 *    SYN {versions, token, attempt} to `window.parent` (attempt counts this document's SYNs). The token is the `#maidkit-bridge=` fragment the host put in
 *    the frame's URL; the target origin is the `maidkit-host=` fragment value when present, else '*'.
 * 3. Host accepts a SYN only if its source is the frame's current contentWindow, its token matches, a
 *    version is shared and the frame has not handshaken 20 times in the last 10 s. It then closes any previous port (a SYN means a new document or a new SDK), creates
 *    a MessageChannel, posts ACK {version, token, attempt} with port2 transferred, and sends INIT {context, vars,
 *    pages} over port1 — the first message that carries anything about the user.
 * 4. Frame accepts an ACK only from `window.parent` (and from the expected host origin when known) with its
 *    own token and the attempt of its latest SYN (a HOST_SYN crossing the first SYN makes the host answer
 *    twice; both sides settle on the second channel), adopts the port, and resolves `ready` on INIT.
 * 5. Reload: the new document repeats step 2 and step 3 replaces the connection. If an iframe `load`
 *    arrives with no SYN since the previous `load`, the document in the frame is not the one the port was
 *    made for, so the host closes the port and waits for a new SYN.
 */
import { BridgeError } from './BridgeError.js';
import { BridgeErrorCode } from './errorCodes.js';
import { isAckMessage, isHostSynMessage, isSynMessage } from './guards.js';
import { BRIDGE_NS, PROTOCOL_VERSIONS, type AckMessage, type HostSynMessage, type SynMessage } from './types.js';

export const TOKEN_PARAM = 'maidkit-bridge';
export const HOST_ORIGIN_PARAM = 'maidkit-host';

/** The newest version both sides speak, or null. */
export function negotiateVersion(offered: readonly number[], supported: readonly number[] = PROTOCOL_VERSIONS): number | null {
  for (const v of supported) if (offered.includes(v)) return v;
  return null;
}

/** A fresh unguessable token (128 bits, hex). */
export function createToken(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `src` with the handshake fragment (token, host origin) appended. Any existing fragment is replaced. */
export function withHandshakeFragment(src: string, token: string, hostOrigin: string): string {
  const base = src.split('#')[0] ?? src;
  return `${base}#${TOKEN_PARAM}=${token}&${HOST_ORIGIN_PARAM}=${encodeURIComponent(hostOrigin)}`;
}

/** Read the token and host origin back out of a frame's `location.hash`. */
export function readHandshakeFragment(hash: string): { token: string | null; hostOrigin: string | null } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get(TOKEN_PARAM);
  const hostOrigin = params.get(HOST_ORIGIN_PARAM);
  return {
    token: token !== null && /^[A-Za-z0-9_-]{8,128}$/.test(token) ? token : null,
    hostOrigin: hostOrigin !== null && /^https?:\/\/[^/\s]+$/.test(hostOrigin) ? hostOrigin : null,
  };
}

export type RefusalReason = 'foreign_source' | 'bad_token' | 'version' | 'malformed' | 'too_many_handshakes';

export interface HostHandshakeOptions {
  hostWindow: Window;
  /** The frame's current window (it changes identity never, but is null before the iframe is attached). */
  frameWindow: () => Window | null;
  token: string;
  /** A new connection: the port to use and the agreed version. The previous port is already closed. */
  onConnect: (port: MessagePort, version: number) => void;
  /** A message that looked like ours but was refused, for diagnostics. */
  onRefused?: (reason: RefusalReason, event: MessageEvent) => void;
}

export interface HostHandshake {
  /** Post HOST_SYN (on start and on iframe `load`). */
  poke(): void;
  /** Tell the handshake the iframe fired `load` (it pokes if needed); returns true if the current port was stale. */
  frameLoaded(): boolean;
  stop(): void;
}

/** Host half of the handshake (steps 1, 3, 5). */
export function startHostHandshake(options: HostHandshakeOptions): HostHandshake {
  let port: MessagePort | null = null;
  let synSinceLoad = false;
  // Each accepted SYN allocates a MessageChannel in the host page: a frame may reconnect often (reloads),
  // but not hundreds of times a second.
  const recent: number[] = [];
  const MAX_HANDSHAKES = 20;
  const WINDOW_MS = 10_000;

  const onMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || (data as { ns?: unknown }).ns !== BRIDGE_NS) return;
    const frame = options.frameWindow();
    if (frame === null || event.source !== frame) return void options.onRefused?.('foreign_source', event);
    if (!isSynMessage(data)) return void options.onRefused?.('malformed', event);
    if (data.token !== options.token) return void options.onRefused?.('bad_token', event);
    const version = negotiateVersion(data.versions);
    if (version === null) return void options.onRefused?.('version', event);
    const now = Date.now();
    while (recent.length > 0 && now - (recent[0] ?? 0) > WINDOW_MS) recent.shift();
    if (recent.length >= MAX_HANDSHAKES) return void options.onRefused?.('too_many_handshakes', event);
    recent.push(now);

    port?.close();
    const channel = new MessageChannel();
    port = channel.port1;
    synSinceLoad = true;
    const ack: AckMessage = { ns: BRIDGE_NS, type: 'ACK', version, token: options.token, attempt: data.attempt };
    frame.postMessage(ack, '*', [channel.port2]);
    options.onConnect(channel.port1, version);
  };
  options.hostWindow.addEventListener('message', onMessage);
  const poke = (): void => {
    const msg: HostSynMessage = { ns: BRIDGE_NS, type: 'HOST_SYN' };
    options.frameWindow()?.postMessage(msg, '*');
  };

  return {
    poke,
    frameLoaded() {
      const stale = !synSinceLoad && port !== null;
      const fresh = synSinceLoad;
      synSinceLoad = false;
      if (stale) {
        port?.close();
        port = null;
      }
      // The document that just loaded already connected: no need to ask it for a SYN.
      if (!fresh) poke();
      return stale;
    },
    stop() {
      options.hostWindow.removeEventListener('message', onMessage);
      port?.close();
      port = null;
    },
  };
}

export interface FrameHandshakeOptions {
  window: Window;
  token: string;
  hostOrigin: string | null;
  /** True while the frame holds a live port; HOST_SYN is then ignored (the host already knows us). */
  isConnected: () => boolean;
  /** Called for every accepted ACK (a later one replaces the earlier port). */
  onPort: (port: MessagePort, version: number) => void;
}

/** Frame half of the handshake (steps 2 and 4). Returns a stop function. */
export function startFrameHandshake(options: FrameHandshakeOptions): () => void {
  const w = options.window;
  const parent = w.parent;
  let attempt = 0;
  const sendSyn = (): void => {
    attempt++;
    const syn: SynMessage = { ns: BRIDGE_NS, type: 'SYN', versions: [...PROTOCOL_VERSIONS], token: options.token, attempt };
    parent.postMessage(syn, options.hostOrigin ?? '*');
  };
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== parent || parent === w) return;
    if (options.hostOrigin !== null && event.origin !== options.hostOrigin) return;
    const data: unknown = event.data;
    if (isHostSynMessage(data)) return options.isConnected() ? undefined : sendSyn();
    // Only the answer to the latest SYN: when a HOST_SYN crossed our first SYN, the host answers both,
    // and adopting the earlier port would mean dropping it (and its calls) a moment later.
    if (!isAckMessage(data) || data.token !== options.token || data.attempt !== attempt) return;
    const port = event.ports[0];
    if (port === undefined || negotiateVersion([data.version]) === null) return;
    options.onPort(port, data.version);
  };
  w.addEventListener('message', onMessage);
  if (parent !== w) sendSyn();
  return () => w.removeEventListener('message', onMessage);
}

export function handshakeTimeoutError(ms: number): BridgeError {
  return new BridgeError(BridgeErrorCode.HANDSHAKE_TIMEOUT, `The dashboard host did not answer the bridge handshake within ${ms} ms (is this page inside a maidkit dashboard iframe?)`);
}
