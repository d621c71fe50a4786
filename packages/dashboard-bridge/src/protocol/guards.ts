/**
 * One type guard per wire message. Guards never throw, read only own data properties, and bound every
 * string they accept, so a hostile frame cannot make the host allocate or walk anything big.
 */
import {
  BRIDGE_NS,
  type AckMessage,
  type CallMessage,
  type DestroyMessage,
  type HostSynMessage,
  type InitMessage,
  type NavigateMessage,
  type ReplyMessage,
  type ResizeMessage,
  type ResizedMessage,
  type SynMessage,
  type Theme,
  type ThemeMessage,
  type ThemeVars,
  THEME_VAR_NAMES,
} from './types.js';

const MAX_TOKEN = 128;
const MAX_NAME = 128;

type Rec = Record<string, unknown>;

function isOurs(v: unknown, type: string): v is Rec {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    (v as Rec).ns === BRIDGE_NS &&
    (v as Rec).type === type
  );
}
function isShortString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}
function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
export function isTheme(v: unknown): v is Theme {
  return v === 'dark' || v === 'light';
}
export function isThemeVars(v: unknown): v is ThemeVars {
  if (typeof v !== 'object' || v === null) return false;
  return THEME_VAR_NAMES.every((n) => isShortString((v as Rec)[n], 64));
}

export function isHostSynMessage(v: unknown): v is HostSynMessage {
  return isOurs(v, 'HOST_SYN');
}
export function isSynMessage(v: unknown): v is SynMessage {
  return (
    isOurs(v, 'SYN') &&
    Array.isArray(v.versions) &&
    v.versions.length > 0 &&
    v.versions.length <= 16 &&
    v.versions.every((x) => Number.isSafeInteger(x)) &&
    isShortString(v.token, MAX_TOKEN) &&
    isId(v.attempt)
  );
}
export function isAckMessage(v: unknown): v is AckMessage {
  return isOurs(v, 'ACK') && Number.isSafeInteger(v.version) && isShortString(v.token, MAX_TOKEN) && isId(v.attempt);
}
export function isInitMessage(v: unknown): v is InitMessage {
  if (!isOurs(v, 'INIT')) return false;
  const c = v.context as Rec | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.discord_srv_id === 'string' &&
    typeof c.plugin_id === 'string' &&
    typeof c.user_id === 'string' &&
    isTheme(c.theme) &&
    isThemeVars(v.vars) &&
    Array.isArray(v.pages) &&
    v.pages.every((p) => typeof p === 'string')
  );
}
export function isThemeMessage(v: unknown): v is ThemeMessage {
  return isOurs(v, 'THEME') && isTheme(v.theme) && isThemeVars(v.vars);
}
export function isResizedMessage(v: unknown): v is ResizedMessage {
  return isOurs(v, 'RESIZED') && typeof v.height === 'number' && Number.isFinite(v.height);
}
export function isReplyMessage(v: unknown): v is ReplyMessage {
  if (!isOurs(v, 'REPLY') || !isId(v.id)) return false;
  if (v.ok === true) return 'result' in v;
  if (v.ok !== false) return false;
  const e = v.error as Rec | null;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}
export function isDestroyMessage(v: unknown): v is DestroyMessage {
  return isOurs(v, 'DESTROY');
}
export function isCallMessage(v: unknown): v is CallMessage {
  return isOurs(v, 'CALL') && isId(v.id) && isShortString(v.namespace, MAX_NAME) && isShortString(v.method, MAX_NAME);
}
export function isResizeMessage(v: unknown): v is ResizeMessage {
  return isOurs(v, 'RESIZE') && isId(v.id) && typeof v.height === 'number' && Number.isFinite(v.height);
}
export function isNavigateMessage(v: unknown): v is NavigateMessage {
  return isOurs(v, 'NAVIGATE') && isId(v.id) && isShortString(v.pageId, MAX_NAME);
}
