import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDashboardServer } from '@maidkit/dashboard-bridge';
import { MemoryKvProvider, SubprocessBackend, withDefaults, type KvProvider, type PluginHostOptions, type SandboxBackend } from '@maidkit/sandbox-runner';
import { EventHub } from './EventHub.js';
import { parseComponentClick, parseMessage, parseModalSubmit, parseSlashCommand, requireObject } from './interactionInput.js';
import { playgroundDashboardBackend } from './playgroundDashboardBackend.js';
import { PlaygroundError, PlaygroundErrorCodes } from './PlaygroundError.js';
import { PluginSession, type PluginInfo } from './PluginSession.js';
import { kvSnapshot, sharedNamespaceKv } from './sharedKv.js';
import { snowflakes } from './snowflakes.js';
import { watchPlugin } from './watchPlugin.js';

export interface PlaygroundOptions {
  /** The plugin: a folder, a zip or a single `.py`. */
  plugin: string;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Capabilities to grant (default: the manifest's capabilities_required). */
  grant?: readonly string[];
  serverId?: string;
  channelId?: string;
  /** The developer's user id in the channel. */
  userId?: string;
  /** Sandbox backend (default: SubprocessBackend, bubblewrap). Closed by `close()` only when the playground made it. */
  backend?: SandboxBackend;
  /** KV store (default: in memory, kept across hot reloads). */
  kv?: KvProvider;
  /** Reload when the plugin's files change (default true). */
  watch?: boolean;
  /** Where the dashboard-bridge script bundles are (default: that package's dist/). */
  bundleDir?: string;
  /** Interaction timing (auto-defer, deadline) as PluginHost takes it; default Discord's. */
  interactions?: PluginHostOptions['interactions'];
  /** Anything else for each PluginHost (limits, timeouts, requirements.txt `dependencies`, `python`, `env`). */
  hostOptions?: Omit<Partial<PluginHostOptions>, 'backend' | 'discord' | 'kv' | 'rpcTrace' | 'interactions'>;
}

export interface Playground {
  /** The page: `http://127.0.0.1:<port>/`. */
  url: string;
  port: number;
  /** Where plugin dashboard frames are served from (another site than the page: `http://localhost:<port>`). */
  pluginOrigin: string;
  session: PluginSession;
  hub: EventHub;
  plugin: PluginInfo;
  close(): Promise<void>;
}

const STATIC_DIR = findStaticDir();
/** The page's files: a fixed list, so nothing else on disk is reachable. */
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/app/panels.js': { file: 'panels.js', type: 'text/javascript; charset=utf-8' },
  '/app/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};
const MAX_BODY = 256 * 1024;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
/** The page: scripts only from itself, frames only from the plugin origin, no inline script. */
const pageCsp = (pluginOrigin: string) =>
  `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src ${pluginOrigin}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * Starts the playground: runs the plugin in the sandbox, serves the channel page on 127.0.0.1, and
 * reloads the plugin when its files change. Rejects with PlaygroundError when the plugin is invalid or
 * does not start.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const source = resolve(options.plugin);
  const serverId = options.serverId ?? '100000000000000000';
  const channelId = options.channelId ?? '100000000000000001';
  const userId = options.userId ?? '100000000000000002';
  const ownBackend = options.backend === undefined;
  const backend = options.backend ?? new SubprocessBackend();
  const inner = options.kv ?? new MemoryKvProvider();
  const kv = sharedNamespaceKv(inner, 'playground');
  const hub = new EventHub();
  const session = new PluginSession({ source, serverId, channelId, userId, grant: options.grant, backend, kv, hub, ...(options.interactions ? { interactions: options.interactions } : {}), ...(options.hostOptions ? { hostOptions: options.hostOptions } : {}) });

  let plugin: PluginInfo;
  try {
    plugin = await session.start();
  } catch (error) {
    if (ownBackend) await backend.close();
    await kv.closeForReal();
    throw error;
  }

  const server = createServer();
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as { port: number }).port;
  const hostOrigin = `http://127.0.0.1:${port}`;
  const pluginOrigin = `http://localhost:${port}`;
  const ids = () => ({ interactionId: snowflakes.next(), userId, channelId, guildId: serverId });

  const dashboards = createDashboardServer({
    backend: playgroundDashboardBackend(session),
    hostOrigins: [hostOrigin],
    ...(options.bundleDir === undefined ? {} : { bundleDir: options.bundleDir }),
    plugins: (id) => {
      const info = session.info;
      const dir = session.pluginDir;
      if (!info || id !== info.id || dir === undefined) return undefined;
      return {
        id,
        dashboardDir: info.dashboard.iframe ? join(dir, 'dashboard') : null,
        dashboardManifest: info.dashboard.manifest,
        capabilities: info.capabilities,
        ...(info.handlers.dashboard.length > 0 ? { handlers: info.handlers.dashboard } : {}),
      };
    },
    // One developer on their own machine: the session is the playground's fixed ids.
    session: () => ({ serverId, userId }),
  });

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, JSON_HEADERS);
    res.end(JSON.stringify(body));
  };
  const sendError = (res: ServerResponse, error: unknown): void => {
    const e = error instanceof PlaygroundError ? error : new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, (error as Error).message ?? String(error));
    const status = e.code === PlaygroundErrorCodes.NotFound ? 404 : e.code === PlaygroundErrorCodes.PayloadTooLarge ? 413 : e.code === PlaygroundErrorCodes.PluginUnavailable ? 503 : 400;
    sendJson(res, status, { ok: false, error: e.toJSON() });
  };

  /** API calls come from the page only: right Host (no DNS rebinding), right Origin (no cross-site posts), JSON. */
  const readApiBody = async (req: IncomingMessage): Promise<unknown> => {
    if (req.headers.origin !== hostOrigin) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, `requests must come from the playground page (${hostOrigin}), not ${String(req.headers.origin ?? '(no Origin)')}`);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'the body must be JSON (Content-Type: application/json)');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new PlaygroundError(PlaygroundErrorCodes.PayloadTooLarge, `the request body is larger than ${MAX_BODY} bytes`);
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'the body is not valid JSON', { problems: [{ path: '', code: 'json', message: 'not valid JSON' }] });
    }
  };

  const api: Record<string, (body: unknown) => Promise<unknown> | unknown> = {
    '/api/message': (body) => session.sendMessage(parseMessage(body).content),
    '/api/command': (body) => {
      const info = session.info;
      if (!info) throw new PlaygroundError(PlaygroundErrorCodes.PluginUnavailable, 'the plugin is not running');
      const interaction = parseSlashCommand(body, info.slashCommands, ids());
      const shown = `/${interaction.command_name}${(interaction.options ?? []).map((o) => ` ${o.name}: ${String(o.value)}`).join('')}`;
      session.interact(interaction, { command: shown });
      return { interactionId: interaction.interaction_id };
    },
    '/api/component': (body) => {
      const interaction = parseComponentClick(body, (id) => session.messageComponents(id), ids());
      session.interact(interaction, { messageId: (body as { messageId: string }).messageId });
      return { interactionId: interaction.interaction_id };
    },
    '/api/modal': (body) => {
      const b = requireObject(body, 'modal submit');
      const modal = typeof b['modalId'] === 'string' ? session.modal(b['modalId']) : undefined;
      if (!modal) throw new PlaygroundError(PlaygroundErrorCodes.NotFound, 'no open modal with this id (it was submitted already, or the plugin reloaded)', { problems: [{ path: '/modalId', code: 'unknown_modal', message: 'not an open modal' }] });
      const interaction = parseModalSubmit(body, modal, ids());
      session.interact(interaction);
      return { interactionId: interaction.interaction_id };
    },
    '/api/event': (body) => {
      const b = requireObject(body, 'event');
      if (typeof b['name'] !== 'string' || typeof b['payload'] !== 'object' || b['payload'] === null || Array.isArray(b['payload'])) {
        throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'event: expected {name, payload}', { problems: [{ path: '', code: 'shape', message: 'expected {name: string, payload: object}' }] });
      }
      // Like `maidkit run`'s events files: guaranteed fields left out get plausible values (yours win).
      const payload = withDefaults(b['name'], { ...(b['name'] === 'member_join' || b['name'] === 'member_leave' ? { guild_id: serverId } : {}), ...(b['payload'] as Record<string, unknown>) });
      const result = session.dispatchEvent(b['name'], payload);
      hub.publish('feed', { kind: 'notice', level: 'info', text: `⚡ ${b['name']} ${JSON.stringify(payload)} → ${result.delivered === 0 ? 'no handler' : `delivered`}` });
      return { ...result, payload };
    },
    '/api/reload': () => session.reload('requested from the page'),
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
        res.writeHead(421, { 'content-type': 'text/plain' });
        return void res.end('Misdirected request');
      }
      const url = new URL(req.url ?? '/', hostOrigin);
      const path = url.pathname;
      const onHostSite = host === `127.0.0.1:${port}`;
      const page = PAGE_FILES[path];
      if (page && onHostSite && req.method === 'GET') {
        res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': pageCsp(pluginOrigin), 'referrer-policy': 'no-referrer' });
        return void createReadStream(join(STATIC_DIR, page.file)).pipe(res);
      }
      if (path.startsWith('/api/') && onHostSite) {
        try {
          if (req.method === 'GET' && path === '/api/events') {
            // Same-origin only: EventSource sends no Origin, so check the fetch metadata instead.
            if (req.headers['sec-fetch-site'] === 'cross-site') throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'cross-site');
            const last = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
            return hub.attach(res, Number.isFinite(last) ? last : 0);
          }
          if (req.method === 'GET' && path === '/api/state') {
            if (req.headers['sec-fetch-site'] === 'cross-site') throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'cross-site');
            return sendJson(res, 200, { plugin: session.info ?? null, serverId, channelId, userId, hostOrigin, pluginOrigin });
          }
          if (req.method === 'GET' && path === '/api/kv') {
            if (req.headers['sec-fetch-site'] === 'cross-site') throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'cross-site');
            return sendJson(res, 200, await kvSnapshot(kv));
          }
          const handler = req.method === 'POST' && Object.hasOwn(api, path) ? api[path] : undefined;
          if (!handler) return sendJson(res, 404, { ok: false, error: { code: PlaygroundErrorCodes.NotFound, message: `${req.method} ${path} is not an API route`, problems: [] } });
          const result = await handler(await readApiBody(req));
          return sendJson(res, 200, { ok: true, result: result ?? null });
        } catch (error) {
          return sendError(res, error);
        }
      }
      if (await dashboards.handle(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    })().catch((error: unknown) => {
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  });

  const stopWatching = options.watch === false ? () => {} : watchPlugin(source, (file) => void session.reload(file ? `${file} changed` : 'files changed'));

  let closed = false;
  return {
    url: `${hostOrigin}/`,
    port,
    pluginOrigin,
    session,
    hub,
    plugin,
    async close() {
      if (closed) return;
      closed = true;
      stopWatching();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await session.close();
      if (ownBackend) await backend.close();
      await kv.closeForReal();
    },
  };
}

/** `static/` beside `src/` (tests) or beside `dist/` (built). */
function findStaticDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'static', 'app.js'))) return join(dir, 'static');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'static');
}
