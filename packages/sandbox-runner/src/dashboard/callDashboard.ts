import { validateWidgetResult, type WidgetResultIssue } from '@maidkit/manifest';
import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';

/** Seed 002: "Dashboard handlers must return within 10 seconds." */
export const DASHBOARD_TIMEOUT_MS = 10_000;

/** Handler names as Python registers them; `__proto__`-style names are never sent. */
const HANDLER_NAME = /^(?!__)[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface DashboardTarget {
  installId: string;
  serverId: string;
  /** Names registered with `@plugin.on_dashboard`. */
  handlers: readonly string[];
  request(method: string, params: Record<string, unknown>, timeoutMs: number): Promise<unknown>;
}

export interface DashboardCallOptions {
  /** Widget types whose shape the result must have (default: what dashboard_manifest.json says for this handler). */
  widget?: string | readonly string[];
  timeoutMs?: number;
}

/** `"dashboard.get_settings"` and `"get_settings"` name the same handler (manifest widgets use the first). */
export function handlerName(method: string): string {
  return method.startsWith('dashboard.') ? method.slice('dashboard.'.length) : method;
}

/**
 * Calls one `@plugin.on_dashboard` handler with seed 002's rules: `params.discord_srv_id` is the install's
 * server, whatever the caller put there; the handler has 10 s (then -32002 Timeout); and the value must
 * have the shape of the widget it feeds (else -32602 with every problem, `data.errors`).
 */
export async function callDashboard(target: DashboardTarget, method: string, params: Record<string, unknown>, widgets: readonly string[], options: DashboardCallOptions = {}): Promise<unknown> {
  const name = handlerName(method);
  if (!HANDLER_NAME.test(name)) {
    throw new RpcError(ErrorCodes.InvalidParams, `"${name.slice(0, 70)}" is not a dashboard handler name`, { errors: [{ path: '/method', code: 'pattern', message: 'letters, digits and _; not starting with __' }] });
  }
  if (!target.handlers.includes(name)) {
    throw new RpcError(ErrorCodes.MethodNotFound, `the plugin registers no @plugin.on_dashboard("${name}") handler`, { method: name });
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new RpcError(ErrorCodes.InvalidParams, 'dashboard params must be a JSON object', { errors: [{ path: '/params', code: 'type', message: 'must be an object' }] });
  }
  const timeoutMs = options.timeoutMs ?? DASHBOARD_TIMEOUT_MS;
  // Spread first, then the server: a caller cannot choose which server's data the handler sees.
  const value = await target.request('dashboard', { method: name, params: { ...params, discord_srv_id: target.serverId } }, timeoutMs);
  const types = options.widget === undefined ? widgets : typeof options.widget === 'string' ? [options.widget] : options.widget;
  if (types.length > 0) {
    // A handler shared by several widgets must fit one of them.
    const attempts = types.map((t) => ({ type: t, issues: validateWidgetResult(t, value) }));
    if (!attempts.some((a) => a.issues.length === 0)) {
      const issues: WidgetResultIssue[] = attempts.flatMap((a) => a.issues);
      throw new RpcError(ErrorCodes.InvalidParams, `dashboard handler "${name}" returned a value that does not fit its ${types.join('/')} widget: ${issues.map((i) => `${i.path || '(value)'} ${i.message}`).join('; ')}`, {
        reason: 'invalid_result',
        widget: types.join('|'),
        errors: issues.map((i) => ({ path: i.path, code: i.code, message: i.message, hint: i.hint })),
      });
    }
  }
  return value;
}

/** Handler name → widget types, from a dashboard_manifest.json (rpc_method feeds the widget, save_method is `form_save`). */
export function widgetsByHandler(manifest: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>; // "__proto__" is just a name here
  const pages = isObj(manifest) && Array.isArray(manifest['pages']) ? manifest['pages'] : [];
  for (const page of pages) {
    const widgets = isObj(page) && Array.isArray(page['widgets']) ? page['widgets'] : [];
    for (const w of widgets) {
      if (!isObj(w) || typeof w['type'] !== 'string') continue;
      const add = (method: unknown, type: string) => {
        if (typeof method !== 'string') return;
        const list = (out[handlerName(method)] ??= []);
        if (!list.includes(type)) list.push(type);
      };
      add(w['rpc_method'], w['type']);
      if (w['type'] === 'form') add(w['save_method'], 'form_save');
    }
  }
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
