/**
 * The whole postMessage protocol between a dashboard iframe (MaidSDK) and the embedding page
 * (createDashboardHost), as one discriminated union. Window messages carry only the handshake; every
 * other message travels over the MessagePort the host hands over in ACK.
 */
import type { SerializedBridgeError } from './BridgeError.js';
import type { JsonObject } from './BridgeError.js';

/** Marks our messages so unrelated postMessage traffic on the page is ignored cheaply. */
export const BRIDGE_NS = 'maidkit:bridge' as const;
/** Protocol versions this build speaks, newest first. */
export const PROTOCOL_VERSIONS: readonly number[] = [1];

export type Theme = 'dark' | 'light';

export const THEME_VAR_NAMES = [
  '--gold',
  '--gold-light',
  '--gold-dim',
  '--gold-bg',
  '--text',
  '--muted',
  '--border',
  '--surface',
  '--depth',
  '--green',
  '--red',
] as const;
export type ThemeVarName = (typeof THEME_VAR_NAMES)[number];
export type ThemeVars = Record<ThemeVarName, string>;

/** The namespaces an iframe may reach (seed 002). Anything else is refused before it leaves the page. */
export const BRIDGE_NAMESPACES = ['kv', 'metrics', 'sql', 'dashboard'] as const;
export type BridgeNamespace = (typeof BRIDGE_NAMESPACES)[number];

/** What `MaidSDK.getContext()` returns (seed 002, snake_case as written there). */
export interface BridgeContext {
  discord_srv_id: string;
  plugin_id: string;
  user_id: string;
  theme: Theme;
}

interface MessageBase {
  ns: typeof BRIDGE_NS;
}

// ---- window messages (handshake only; nothing sensitive) ----

/** host → frame: "I am listening; (re)send your SYN". Lets a late host catch an early frame. */
export interface HostSynMessage extends MessageBase {
  type: 'HOST_SYN';
}
/** frame → host: the frame is ready; `token` is the per-instance nonce from its URL fragment. */
export interface SynMessage extends MessageBase {
  type: 'SYN';
  versions: number[];
  token: string;
  /** Counts this document's SYNs; the ACK echoes it so a frame adopts only the answer to its latest SYN. */
  attempt: number;
}
/** host → frame, with a MessagePort transferred: the chosen version; everything else goes over the port. */
export interface AckMessage extends MessageBase {
  type: 'ACK';
  version: number;
  token: string;
  attempt: number;
}

// ---- port messages, host → frame ----

export interface InitMessage extends MessageBase {
  type: 'INIT';
  context: BridgeContext;
  vars: ThemeVars;
  pages: string[];
}
export interface ThemeMessage extends MessageBase {
  type: 'THEME';
  theme: Theme;
  vars: ThemeVars;
}
export interface ResizedMessage extends MessageBase {
  type: 'RESIZED';
  height: number;
}
export interface ReplyOkMessage extends MessageBase {
  type: 'REPLY';
  id: number;
  ok: true;
  result: unknown;
}
export interface ReplyErrorMessage extends MessageBase {
  type: 'REPLY';
  id: number;
  ok: false;
  error: SerializedBridgeError;
}
export type ReplyMessage = ReplyOkMessage | ReplyErrorMessage;
export interface DestroyMessage extends MessageBase {
  type: 'DESTROY';
}

// ---- port messages, frame → host ----

export interface CallMessage extends MessageBase {
  type: 'CALL';
  id: number;
  namespace: string;
  method: string;
  params: unknown;
}
export interface ResizeMessage extends MessageBase {
  type: 'RESIZE';
  id: number;
  height: number;
}
export interface NavigateMessage extends MessageBase {
  type: 'NAVIGATE';
  id: number;
  pageId: string;
}

export type WindowMessage = HostSynMessage | SynMessage | AckMessage;
export type HostPortMessage = InitMessage | ThemeMessage | ResizedMessage | ReplyMessage | DestroyMessage;
export type FramePortMessage = CallMessage | ResizeMessage | NavigateMessage;
export type BridgeMessage = WindowMessage | HostPortMessage | FramePortMessage;

/** A call that passed the host's checks, ready for the transport (the ids are added host-side). */
export interface BridgeCall {
  namespace: BridgeNamespace;
  /** The method inside the namespace, in PROTOCOL.md spelling: `get`, `get_many`, `query`, a handler name. */
  method: string;
  params: JsonObject;
}
