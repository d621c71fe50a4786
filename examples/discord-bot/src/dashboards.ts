import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDashboardServer, type DashboardBackend, type DashboardSession } from '@maidkit/dashboard-bridge/server';
import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { PluginHost } from '@maidkit/sandbox-runner';
import type { PluginStore } from './PluginStore.js';

/** Dashboard links are single-purpose and short-lived: the admin gets a fresh one from `/plugins dashboard`. */
const LINK_TTL_MS = 15 * 60_000;
const COOKIE = 'maidkit_session';

interface Session extends DashboardSession {
  expiresAt: number;
}

/**
 * Serves plugin dashboards with `@maidkit/dashboard-bridge`'s server piece on a local port: a host page
 * per (server, plugin) at 127.0.0.1, plugin frames from `localhost` (another site, so the sandboxed
 * frame cannot reach the host page), and bridge calls routed to the install on the session's server —
 * `dashboard` to the plugin's `@plugin.on_dashboard` handler, `kv`/`metrics`/`sql` to the host's own
 * services with the install's grants.
 */
export class Dashboards {
  readonly #host: PluginHost;
  readonly #store: PluginStore;
  readonly #sessions = new Map<string, Session>();
  #server: Server | undefined;
  #port = 0;

  constructor(host: PluginHost, store: PluginStore) {
    this.#host = host;
    this.#store = store;
  }

  get port(): number {
    return this.#port;
  }

  async listen(port: number, address: string): Promise<void> {
    let bridge: ReturnType<typeof createDashboardServer> | undefined;
    this.#server = createServer((req, res) => void this.#route(req, res, bridge!));
    this.#server.listen(port, address);
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('listening', resolve);
      this.#server!.once('error', reject);
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    bridge = createDashboardServer({
      backend: this.#backend(),
      hostOrigins: [`http://127.0.0.1:${this.#port}`],
      plugins: (id) => {
        const p = this.#store.latest(id);
        return p ? { id, dashboardDir: p.dashboardDir, dashboardManifest: p.dashboardManifest, capabilities: p.capabilities, handlers: p.dashboardHandlers } : undefined;
      },
      session: (req) => this.#session(req),
    });
  }

  /** A short-lived link (15 minutes) that opens `pluginId`'s dashboard for `userId` on `guildId`. */
  link(guildId: string, userId: string, pluginId: string): string {
    const token = randomBytes(24).toString('base64url');
    this.#sessions.set(token, { serverId: guildId, userId, expiresAt: Date.now() + LINK_TTL_MS });
    return `http://127.0.0.1:${this.#port}/servers/${guildId}/plugins/${encodeURIComponent(pluginId)}?session=${token}`;
  }

  async close(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  #session(req: IncomingMessage): Session | null {
    const cookie = /(?:^|;\s*)maidkit_session=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = cookie === undefined ? undefined : this.#sessions.get(cookie);
    if (!session || session.expiresAt < Date.now()) return null;
    return session;
  }

  #backend(): DashboardBackend {
    return {
      call: async (req) => {
        const install = this.#host.list().find((i) => i.pluginId === req.pluginId && i.serverId === req.serverId && i.state === 'enabled');
        if (!install) throw new RpcError(ErrorCodes.NotFound, `plugin ${req.pluginId} is not enabled on this server`);
        if (req.namespace === 'dashboard') return this.#host.dashboard(install.installId, req.method, req.params);
        return this.#host.callService(install.installId, `${req.namespace}.${req.method}`, req.params);
      },
    };
  }

  async #route(req: IncomingMessage, res: ServerResponse, bridge: ReturnType<typeof createDashboardServer>): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = /^\/servers\/(\d{1,20})\/plugins\/([a-z0-9][a-z0-9_-]{0,63})$/i.exec(url.pathname);
    if (!page || req.method !== 'GET') {
      await bridge.handle(req, res).then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('Not found');
        }
      });
      return;
    }
    // The host page lives on 127.0.0.1 only; plugin content on localhost (a different site).
    if (!req.headers.host?.startsWith('127.0.0.1')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const token = url.searchParams.get('session');
    if (token !== null) {
      const session = this.#sessions.get(token);
      if (!session || session.serverId !== page[1] || session.expiresAt < Date.now()) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('This dashboard link has expired; run /plugins dashboard again.');
        return;
      }
      res.writeHead(303, { location: url.pathname, 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${LINK_TTL_MS / 1000}` });
      res.end();
      return;
    }
    const session = this.#session(req);
    const plugin = this.#store.latest(page[2]!);
    if (!session || session.serverId !== page[1] || !plugin) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Open this page with a link from /plugins dashboard.');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `default-src 'self'; frame-src http://localhost:${this.#port}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'` });
    res.end(hostPage({ serverId: session.serverId, userId: session.userId, pluginId: plugin.id, name: plugin.name, port: this.#port, iframe: plugin.dashboardDir !== null, manifest: plugin.dashboardManifest !== null, capabilities: plugin.capabilities }));
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hostPage(p: { serverId: string; userId: string; pluginId: string; name: string; port: number; iframe: boolean; manifest: boolean; capabilities: string[] }): string {
  const config = JSON.stringify({ serverId: p.serverId, userId: p.userId, pluginId: p.pluginId, port: p.port, capabilities: p.capabilities }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(p.name)}</title>
<link rel="stylesheet" href="/static/dashboard.css"><link rel="stylesheet" href="/static/sdk/ui.css"></head>
<body><h1>${escapeHtml(p.name)}</h1>
${p.manifest ? '<div id="manifest"></div>' : ''}
${p.iframe ? '<iframe id="plugin" style="width:100%;border:0"></iframe>' : ''}
${!p.manifest && !p.iframe ? '<p>This plugin has no dashboard.</p>' : ''}
<script src="/static/dashboard-host.js"></script>
<script>
const c = ${config};
${p.iframe ? "MaidkitDashboard.createDashboardHost(document.getElementById('plugin'), { src: 'http://localhost:' + c.port + '/p/' + c.pluginId + '/dashboard/', context: { serverId: c.serverId, pluginId: c.pluginId, userId: c.userId }, capabilities: c.capabilities, theme: 'dark' });" : ''}
${p.manifest ? "fetch('/p/' + c.pluginId + '/dashboard-manifest').then((r) => r.json()).then((m) => MaidkitDashboard.renderDashboard(document.getElementById('manifest'), m, MaidkitDashboard.createHttpRpc(c.pluginId), { theme: 'dark', pluginId: c.pluginId }));" : ''}
</script></body></html>`;
}
