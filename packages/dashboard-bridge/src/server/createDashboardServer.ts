/**
 * The Node side of plugin dashboards: serves each plugin's `dashboard/` under a sandboxing CSP, serves
 * the platform's scripts and styles, and routes bridge calls (and seed 002's `/rpc/<handler>` form posts)
 * to a DashboardBackend after checking them a second time.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { BridgeError, serializeError, type JsonObject } from '../protocol/BridgeError.js';
import { BridgeErrorCode, httpStatusFor } from '../protocol/errorCodes.js';
import { checkJson } from '../protocol/jsonSafe.js';
import { resolveLimits, type BridgeLimits } from '../protocol/limits.js';
import { resolveCall } from '../protocol/methods.js';
import { pluginContentHeaders } from './csp.js';
import type { DashboardBackend, DashboardPlugin, DashboardSession } from './DashboardBackend.js';
import { defaultBundleDir, defaultStaticDir } from './packagePaths.js';
import { contentTypeFor, resolveInside } from './safePath.js';

export interface DashboardServerOptions {
  backend: DashboardBackend;
  /** Look up an installed plugin by id (undefined → 404). */
  plugins: (pluginId: string) => DashboardPlugin | undefined | Promise<DashboardPlugin | undefined>;
  /** The caller's session from the embedding app (cookies, tokens…); null → 401. */
  session: (req: IncomingMessage) => DashboardSession | null | Promise<DashboardSession | null>;
  /**
   * Origins of the pages that embed dashboards. They may frame plugin content (`frame-ancestors`) and
   * call the bridge and rpc routes (checked against `Origin`). Empty → same-origin callers only, and
   * plugin content may not be framed at all.
   */
  hostOrigins?: readonly string[];
  limits?: Partial<BridgeLimits>;
  /** Where `ui.css`, `ui.js`, `dashboard.css` live (default: this package's `static/`). */
  staticDir?: string;
  /** Where `mmo-maid-sdk.js` and `dashboard-host.js` live (default: this package's `dist/`). */
  bundleDir?: string;
}

export interface DashboardServer {
  /** Handle the request if it is one of ours; resolves false (and writes nothing) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** A complete listener: ours, or 404. */
  listener(req: IncomingMessage, res: ServerResponse): void;
  /** Convenience: an http.Server on `port` (0 = any) and `host`. */
  listen(port?: number, host?: string): Promise<Server>;
}

const PLUGIN_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function createDashboardServer(options: DashboardServerOptions): DashboardServer {
  const limits = resolveLimits(options.limits);
  const hostOrigins = [...(options.hostOrigins ?? [])];
  const staticDir = options.staticDir ?? defaultStaticDir();
  const bundleDir = options.bundleDir ?? defaultBundleDir();
  const contentHeaders = pluginContentHeaders({ frameAncestors: hostOrigins });

  const platformFiles: Record<string, string> = {
    '/static/mmo-maid-sdk.js': join(bundleDir, 'mmo-maid-sdk.js'),
    '/static/dashboard-host.js': join(bundleDir, 'dashboard-host.js'),
    '/static/dashboard.css': join(staticDir, 'dashboard.css'),
    '/static/sdk/ui.css': join(staticDir, 'ui.css'),
    '/static/sdk/ui.js': join(staticDir, 'ui.js'),
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, JSON_HEADERS);
    res.end(JSON.stringify(body));
  };
  const sendError = (res: ServerResponse, error: unknown, wrap: (e: JsonObject) => unknown = (e) => ({ ok: false, error: e })): void => {
    const e = BridgeError.fromUnknown(error);
    sendJson(res, httpStatusFor[e.code], wrap(serializeError(e) as unknown as JsonObject));
  };
  const sendFile = async (res: ServerResponse, file: string, headers: Record<string, string>, method: string): Promise<void> => {
    res.writeHead(200, { ...headers, 'content-type': contentTypeFor(file) });
    if (method === 'HEAD') return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  };
  const sendText = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end(text);
  };

  /** Bridge and rpc routes take calls only from the host pages: never `Origin: null` (a sandboxed frame). */
  const originAllowed = (req: IncomingMessage, allowMissing: boolean): boolean => {
    const origin = req.headers.origin;
    // Browsers omit Origin on same-origin GETs; the same-origin policy already keeps other sites from reading.
    if (origin === undefined && allowMissing) return req.headers['sec-fetch-site'] !== 'cross-site';
    if (typeof origin !== 'string' || origin === 'null') return false;
    if (hostOrigins.includes(origin)) return true;
    const host = req.headers.host;
    return hostOrigins.length === 0 && host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
  };

  const readJsonBody = async (req: IncomingMessage, max: number): Promise<unknown> => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'The body must be JSON (Content-Type: application/json)');
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > max) throw new BridgeError(BridgeErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${max} bytes`, { data: { limit: max, actual: declared } });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > max) {
        req.resume();
        throw new BridgeError(BridgeErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${max} bytes`, { data: { limit: max } });
      }
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'The body is not valid JSON');
    }
  };

  /** Checks common to the bridge and rpc routes; returns the session and plugin. */
  const authorize = async (req: IncomingMessage, pluginId: string, readOnly = false): Promise<{ session: DashboardSession; plugin: DashboardPlugin }> => {
    if (!originAllowed(req, readOnly)) throw new BridgeError(BridgeErrorCode.FORBIDDEN, `Origin ${String(req.headers.origin ?? '(none)')} may not call dashboard routes`);
    const session = await options.session(req);
    if (!session) throw new BridgeError(BridgeErrorCode.FORBIDDEN, 'No dashboard session');
    const plugin = await options.plugins(pluginId);
    if (!plugin) throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `No plugin "${pluginId}"`);
    return { session, plugin };
  };

  const callBackend = async (session: DashboardSession, plugin: DashboardPlugin, namespace: unknown, method: unknown, params: unknown): Promise<unknown> => {
    const checked = resolveCall(namespace, method, params, { capabilities: plugin.capabilities, handlers: plugin.handlers, limits });
    if (checked.namespace === 'dashboard') checked.params = { ...checked.params, discord_srv_id: session.serverId };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        options.backend.call({ pluginId: plugin.id, serverId: session.serverId, userId: session.userId, ...checked }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new BridgeError(BridgeErrorCode.CALL_TIMEOUT, `${checked.namespace}.${checked.method} got no answer within ${limits.callTimeoutMs} ms`)), limits.callTimeoutMs);
        }),
      ]);
      const size = checkJson(result ?? null, limits.maxResultBytes);
      if (!size.ok) {
        throw size.reason === 'too_large'
          ? new BridgeError(BridgeErrorCode.PAYLOAD_TOO_LARGE, `The result is larger than ${limits.maxResultBytes} bytes`, { data: { limit: limits.maxResultBytes } })
          : new BridgeError(BridgeErrorCode.INVALID_RESULT, `The result is not JSON-safe at ${size.path || '/'}`);
      }
      return result ?? null;
    } catch (error) {
      throw BridgeError.fromUnknown(error, BridgeErrorCode.HANDLER_ERROR);
    } finally {
      clearTimeout(timer);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return false;
    }
    const path = url.pathname;

    const platform = platformFiles[path];
    if (platform !== undefined) {
      if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed'), true;
      try {
        await stat(platform);
      } catch {
        sendText(res, 404, `${path} is not built (run \`npm run build -w @maidkit/dashboard-bridge\`)`);
        return true;
      }
      await sendFile(res, platform, { 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*', 'cache-control': 'no-cache', 'cross-origin-resource-policy': 'cross-origin' }, method);
      return true;
    }

    const m = /^\/p\/([^/]+)\/(dashboard-manifest|dashboard)(\/.*)?$/.exec(path);
    if (!m) return false;
    const pluginId = decodeURIComponentSafe(m[1] ?? '');
    if (pluginId === null || !PLUGIN_ID.test(pluginId)) return sendText(res, 400, 'Bad plugin id'), true;
    const rest = m[3] ?? '';

    if (m[2] === 'dashboard-manifest') {
      if (rest !== '' || method !== 'GET') return sendText(res, 404, 'Not found'), true;
      try {
        const { plugin } = await authorize(req, pluginId, true);
        if (plugin.dashboardManifest === undefined || plugin.dashboardManifest === null) throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `Plugin "${pluginId}" has no dashboard_manifest.json`);
        sendJson(res, 200, plugin.dashboardManifest);
      } catch (error) {
        sendError(res, error);
      }
      return true;
    }

    if (rest === '/bridge' && method === 'POST') {
      try {
        const { session, plugin } = await authorize(req, pluginId);
        const body = (await readJsonBody(req, limits.maxRequestBytes + 1024)) as { namespace?: unknown; method?: unknown; params?: unknown } | null;
        if (typeof body !== 'object' || body === null) throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'The body must be {namespace, method, params}');
        const result = await callBackend(session, plugin, body.namespace, body.method, body.params);
        sendJson(res, 200, { ok: true, result });
      } catch (error) {
        sendError(res, error);
      }
      return true;
    }

    const rpc = /^\/rpc\/([^/]+)$/.exec(rest);
    if (rpc && method === 'POST') {
      try {
        const { session, plugin } = await authorize(req, pluginId);
        const handler = decodeURIComponentSafe(rpc[1] ?? '') ?? '';
        const body = await readJsonBody(req, limits.maxRequestBytes);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, 'The body must be a JSON object');
        // Seed 002 posts `serializeForm(form)`, and its save handler reads `params["values"]`: the form
        // arrives as `values` (and its fields stay at the top level for handlers that read them there).
        const b = body as JsonObject;
        const values = typeof b.values === 'object' && b.values !== null && !Array.isArray(b.values) ? b.values : b;
        const result = await callBackend(session, plugin, 'dashboard', handler, { ...b, values });
        sendJson(res, 200, result);
      } catch (error) {
        sendError(res, error, (e) => ({ error: e }));
      }
      return true;
    }

    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed'), true;
    if (rest === '') {
      res.writeHead(308, { location: `/p/${encodeURIComponent(pluginId)}/dashboard/` });
      res.end();
      return true;
    }
    const plugin = await options.plugins(pluginId);
    if (!plugin || plugin.dashboardDir === null) return sendText(res, 404, 'This plugin has no iframe dashboard'), true;

    // Seed 002: iframe pages reference their bundled pack as `dashboard-assets/sdk/ui.css`.
    let assetPath = rest;
    const assets = /^\/dashboard-assets(\/.*)?$/.exec(rest);
    if (assets) assetPath = assets[1] ?? '/';
    const found = await resolveInside(plugin.dashboardDir, assetPath);
    if (!found.ok) {
      const fallback = assets ? platformFiles[`/static${assetPath}`] : undefined;
      if (found.status === 404 && fallback !== undefined && /^\/sdk\/ui\.(css|js)$/.test(assetPath)) {
        await sendFile(res, fallback, contentHeaders, method);
        return true;
      }
      sendText(res, found.status, found.status === 404 ? 'Not found' : `Refused: ${found.reason}`);
      return true;
    }
    await sendFile(res, found.file, contentHeaders, method);
    return true;
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).then(
      (handled) => {
        if (!handled) sendText(res, 404, 'Not found');
      },
      (error: unknown) => {
        if (!res.headersSent) sendError(res, new BridgeError(BridgeErrorCode.INTERNAL, 'Internal error', { cause: error }));
        else res.destroy();
      },
    );
  };

  return {
    handle,
    listener,
    listen(port = 0, host = '127.0.0.1') {
      const server = createServer(listener);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server));
      });
    },
  };
}

function decodeURIComponentSafe(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
