import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { routeRest, type RestState } from './restRoutes.js';
import { guildCreatePayload, type StandInGuild } from './fixtures.js';
import { rawInteraction, type RawInteractionInput } from './interactions.js';

/** One REST call the stand-in received, as discord.js sent it. */
export interface RecordedRestCall {
  method: string;
  /** Path below `/api/v10`, e.g. `/channels/42/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (`undefined` without one). */
  body: unknown;
  /** Status the stand-in answered. */
  status: number;
  /** `Date.now()` when the request arrived. */
  time: number;
  /** Whether it carried an `Authorization` header (interaction callbacks and webhooks must not). */
  authorized: boolean;
}

/** A prepared failure: the next matching REST call is answered with this Discord error. */
export interface InjectedFailure {
  method?: string;
  /** Matched against the path (string: substring). */
  path: string | RegExp;
  status: number;
  code: number;
  message: string;
  /** For 429s: seconds to wait (Discord's `retry_after`). */
  retryAfter?: number;
}

export interface DiscordStandInOptions {
  /** The token a client must identify with (default `standin-token`). */
  token?: string;
  /** The bot's user and application id (default `900000000000000001`). */
  botId?: string;
  guilds?: StandInGuild[];
  /** Gateway heartbeat interval sent in HELLO (ms, default 41250 as Discord). */
  heartbeatInterval?: number;
}

/**
 * A local stand-in for Discord's gateway (WebSocket) and REST API (HTTP), just large enough for the
 * real discord.js client to log in, receive dispatches and carry out the calls a plugin host makes.
 * Point discord.js at it with `rest: { api: standIn.apiUrl }`; the gateway URL comes from
 * `GET /gateway/bot`. Every REST call is recorded; state (messages, roles, commands, bans) is kept in
 * memory so reads answer what writes did.
 */
export class DiscordStandIn {
  readonly token: string;
  readonly botId: string;
  readonly calls: RecordedRestCall[] = [];
  readonly state: RestState;
  readonly #guilds: StandInGuild[];
  readonly #heartbeat: number;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  readonly #identified = new Set<WebSocket>();
  readonly #failures: InjectedFailure[] = [];
  readonly #callListeners = new Set<(call: RecordedRestCall) => void>();
  #seq = 0;
  #port = 0;
  #nextId = 1_100_000_000_000_000_000n;

  constructor(options: DiscordStandInOptions = {}) {
    this.token = options.token ?? 'standin-token';
    this.botId = options.botId ?? '900000000000000001';
    this.#guilds = options.guilds ?? [];
    this.#heartbeat = options.heartbeatInterval ?? 41_250;
    this.state = {
      botId: this.botId,
      guilds: this.#guilds,
      commands: new Map(),
      messages: new Map(),
      bans: new Map(),
      nextId: () => String(this.#nextId++),
    };
    this.#server = createServer((req, res) => void this.#onHttp(req, res));
    this.#server.keepAliveTimeout = 60_000;
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket) => this.#onSocket(socket));
  }

  /** Listens on 127.0.0.1 (a free port unless given). */
  async start(port = 0): Promise<this> {
    this.#server.listen(port, '127.0.0.1');
    await once(this.#server, 'listening');
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get port(): number {
    return this.#port;
  }

  /** What to pass as discord.js `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** A new snowflake (increasing). */
  snowflake(): string {
    return this.state.nextId();
  }

  /** Sends a gateway dispatch (`op 0`) to every identified client. */
  dispatch(type: string, data: unknown): void {
    const frame = JSON.stringify({ op: 0, t: type, s: ++this.#seq, d: data });
    for (const socket of this.#identified) socket.send(frame);
  }

  /**
   * Dispatches an INTERACTION_CREATE from `userId` on `guildId` (first channel unless given) and
   * registers its token, so its callback is accepted once. Returns the interaction id.
   */
  interaction(input: RawInteractionInput & { guildId: string; userId: string; channelId?: string; permissions?: string; resolved?: Record<string, unknown> }): string {
    const guild = this.#guilds.find((g) => g.id === input.guildId);
    if (!guild) throw new Error(`the stand-in has no guild ${input.guildId}`);
    const id = this.snowflake();
    const token = `token_${id}`;
    (this.state.interactions ??= new Map()).set(id, { token, acknowledged: false });
    const registered = input.kind === 'slash_command' ? this.state.commands.get(input.guildId)?.find((c) => c['name'] === input.name) : undefined;
    this.dispatch('INTERACTION_CREATE', rawInteraction({ ...input, id, token, applicationId: this.botId, guild, ...(registered ? { commandId: String(registered['id']) } : {}) }));
    return id;
  }

  /** The guilds the stand-in serves (mutable: tests add members and channels before dispatching). */
  get guilds(): StandInGuild[] {
    return this.#guilds;
  }

  /** The next REST call matching `failure` is answered with its Discord error (once). */
  failNext(failure: InjectedFailure): void {
    this.#failures.push(failure);
  }

  /** Calls `listener` for each REST call from now on; returns an unsubscribe function. */
  onCall(listener: (call: RecordedRestCall) => void): () => void {
    this.#callListeners.add(listener);
    return () => this.#callListeners.delete(listener);
  }

  /** Resolves with the first REST call (from now on, or already recorded after `since`) that `match` accepts. */
  waitForCall(match: (call: RecordedRestCall) => boolean, options: { timeoutMs?: number; since?: number } = {}): Promise<RecordedRestCall> {
    const seen = this.calls.slice(options.since ?? this.calls.length).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no matching REST call within ${options.timeoutMs ?? 10_000} ms; calls so far: ${this.calls.map((c) => `${c.method} ${c.path}`).join(', ') || 'none'}`));
      }, options.timeoutMs ?? 10_000);
      const off = this.onCall((call) => {
        if (!match(call)) return;
        clearTimeout(timer);
        off();
        resolve(call);
      });
    });
  }

  /** REST calls other than the gateway lookup, e.g. to assert that nothing reached Discord. */
  actionCalls(since = 0): RecordedRestCall[] {
    return this.calls.slice(since).filter((c) => c.path !== '/gateway/bot');
  }

  /** Closes every gateway connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ gateway

  #onSocket(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on('close', () => {
      this.#sockets.delete(socket);
      this.#identified.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.#heartbeat } }));
    socket.on('message', (raw) => {
      let frame: { op?: number; d?: Record<string, unknown> | null };
      try {
        frame = JSON.parse(String(raw)) as typeof frame;
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      else if (frame.op === 2) this.#identify(socket, frame.d ?? {});
      else if (frame.op === 6) socket.close(4009, 'Session timed out'); // resume: not kept; discord.js re-identifies
    });
  }

  #identify(socket: WebSocket, data: Record<string, unknown>): void {
    const token = String(data['token'] ?? '').replace(/^Bot /, '');
    if (token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.#identified.add(socket);
    const user = { id: this.botId, username: 'maidkit-bot', discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 };
    const ready = {
      v: 10,
      user,
      guilds: this.#guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: `session_${this.snowflake()}`,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.botId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      user_settings: {},
    };
    socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.#seq, d: ready }));
    for (const guild of this.#guilds) socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.#seq, d: guildCreatePayload(guild) }));
  }

  // ------------------------------------------------------------------ REST

  async #onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Recorded decoded (`/reactions/🎉/@me`), as a test would write it.
    const path = safeDecode(url.pathname.replace(/^\/api(\/v\d+)?/, ''));
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (text.length > 0) {
      try {
        body = (req.headers['content-type'] ?? '').includes('application/json') ? JSON.parse(text) : text;
      } catch {
        body = text;
      }
    }
    const call: RecordedRestCall = { method, path, query: Object.fromEntries(url.searchParams), body, status: 0, time: Date.now(), authorized: req.headers['authorization'] !== undefined };
    let status: number;
    let payload: unknown;
    const auth = req.headers['authorization'];
    const failure = this.#takeFailure(method, path);
    if (path !== '/gateway/bot' && !path.startsWith('/interactions/') && !path.startsWith('/webhooks/') && auth !== `Bot ${this.token}`) {
      [status, payload] = [401, { message: '401: Unauthorized', code: 0 }];
    } else if (failure) {
      [status, payload] = [failure.status, { message: failure.message, code: failure.code, ...(failure.retryAfter === undefined ? {} : { retry_after: failure.retryAfter, global: false }) }];
    } else if (path === '/gateway/bot') {
      [status, payload] = [200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }];
    } else {
      const answer = routeRest(this.state, method, path, url.searchParams, body);
      [status, payload] = [answer.status, answer.body];
    }
    call.status = status;
    this.calls.push(call);
    for (const listener of this.#callListeners) listener(call);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 429) {
      headers['retry-after'] = String(failure?.retryAfter ?? 1);
      headers['x-ratelimit-scope'] = 'user';
    }
    if (status === 204) {
      res.writeHead(204); // no body, no content-type: as Discord answers
      res.end();
      return;
    }
    res.writeHead(status, headers);
    res.end(JSON.stringify(payload));
  }

  #takeFailure(method: string, path: string): InjectedFailure | undefined {
    const index = this.#failures.findIndex((f) => (f.method === undefined || f.method === method) && (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path)));
    return index === -1 ? undefined : this.#failures.splice(index, 1)[0];
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
