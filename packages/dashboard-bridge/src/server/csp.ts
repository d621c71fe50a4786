/**
 * Security headers for plugin dashboard content (research §3 items 1–4, 9).
 * `sandbox allow-scripts` (no allow-same-origin) makes the document's origin opaque even when someone
 * opens the URL top-level; `connect-src 'none'` leaves the bridge as the only way to data;
 * `frame-ancestors` is the one reliable check on who embeds it.
 */
export interface PluginCspOptions {
  /** Origins allowed to embed the frame. Empty → `'none'` (never `*`). */
  frameAncestors: readonly string[];
  /** Extra sandbox tokens (`allow-forms` is on; `allow-popups` only if a host wants it). */
  sandbox?: readonly string[];
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

export function pluginContentSecurityPolicy(options: PluginCspOptions): string {
  const ancestors = options.frameAncestors.filter((o) => ORIGIN.test(o));
  const sandbox = ['allow-scripts', 'allow-forms', ...(options.sandbox ?? [])].filter((t) => /^allow-[a-z-]+$/.test(t) && t !== 'allow-same-origin' && t !== 'allow-top-navigation');
  return [
    `sandbox ${[...new Set(sandbox)].join(' ')}`,
    "default-src 'self'",
    // Inline scripts and styles are the plugin's own code (seed 002's page uses one); the sandbox and
    // connect-src keep them from reaching anything but the bridge.
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.length > 0 ? ancestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** Headers for every plugin-content response. */
export function pluginContentHeaders(options: PluginCspOptions): Record<string, string> {
  return {
    'content-security-policy': pluginContentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Module scripts from an opaque origin are CORS requests with `Origin: null` (research §3 item 9).
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cache-control': 'no-cache',
  };
}
