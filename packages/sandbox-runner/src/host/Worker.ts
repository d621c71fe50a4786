import { ErrorCodes, ProtocolError, RpcError } from '@maidkit/rpc-protocol';
import type { SandboxBackend, SandboxExit, SandboxHandle, SandboxSpec } from '../backend.js';
import { SandboxError, SandboxErrorCodes } from '../errors.js';
import { BoundedQueue } from './BoundedQueue.js';
import { CrashWindow, type RestartPolicy } from './CrashWindow.js';
import type { GuestConnection } from './GuestConnection.js';
import { handleGuestCall, type GuestCaller, type HostServices } from './guestCalls.js';
import type { HostEventInput, InstallStatus, LogLevel } from './hostEvents.js';
import { LineSplitter } from './LineSplitter.js';
import { LogLimiter } from './LogLimiter.js';
import { settlesWithin, withDeadline } from './timing.js';
import { describeExit, requestErrorEvent, rpcCodeName } from './workerEvents.js';
import type { WorkerTenants } from '../pool/WorkerTenants.js';

/** Handlers the guest registered in its handshake (PROTOCOL.md §2.1). */
export interface GuestHandlers {
  lifecycle: string[];
  events: string[];
  slash_commands: string[];
  components: string[];
  modals: string[];
  dashboard: string[];
  schedules: Array<{ name: string; seconds: number }>;
  crons: Array<{ name: string; spec: string }>;
}

export interface WorkerTimeouts {
  /** Spawn to `initialize` answered. */
  handshakeMs: number;
  /** Default deadline of host→guest requests (lifecycle hooks, interactions). */
  requestMs: number;
  /** Interval between `health.ping`s while running (0 disables). */
  healthIntervalMs: number;
  /** A ping unanswered this long marks the worker unresponsive (it is restarted). */
  healthTimeoutMs: number;
  /** Events outstanding with no `flow.ack` progress for this long also mark it unresponsive. */
  stallMs: number;
  /** Graceful shutdown: time for the `shutdown` request and exit, then SIGTERM, then SIGKILL. */
  shutdownMs: number;
  termMs: number;
}

export interface WorkerQueues {
  /** Events held while the worker (re)starts or its flow window is full; drop-oldest beyond. */
  maxQueuedEvents: number;
  /** Host→guest requests waiting for a (re)start; rejected with `queue_full` beyond. */
  maxQueuedRequests: number;
  /** Guest→host calls in progress at once; more are answered RateLimited. */
  maxGuestCalls: number;
}

export interface ProtocolLimits {
  max_message_bytes: number;
  request_timeout_ms: number;
  max_concurrency: number;
  flow_window: number;
}

export interface WorkerOptions {
  caller: GuestCaller;
  pluginVersion: string;
  backend: SandboxBackend;
  spec: () => SandboxSpec;
  connect: (handle: SandboxHandle, limits: ProtocolLimits) => GuestConnection;
  services: HostServices;
  /** Reports a host event; `installId` names the install it concerns when the worker is pooled (else its own). */
  emit: (event: HostEventInput, installId?: string) => void;
  /** Pool mode (PROTOCOL.md §2.1): the installs this worker serves; absent = single mode, `caller` only. */
  tenants?: WorkerTenants;
  restart: RestartPolicy;
  timeouts: WorkerTimeouts;
  queues: WorkerQueues;
  limits: ProtocolLimits;
  hostVersion: string;
  protocolVersions: readonly string[];
  /** Max characters per log line kept (longer lines are cut, with the count). */
  maxLogLine: number;
  /** Log lines per second per install (sustained, and burst); the rest are counted in a `logs_dropped` warning. */
  logRate: { perSecond: number; burst: number };
}

interface PendingRequest {
  method: string;
  params: unknown;
  timeoutMs: number | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const EMPTY_HANDLERS: GuestHandlers = { lifecycle: [], events: [], slash_commands: [], components: [], modals: [], dashboard: [], schedules: [], crons: [] };

/**
 * One install's sandboxed process and its supervision: handshake, the ready hook, event flow,
 * guest→host calls, health, restarts with backoff inside a crash window, and graceful shutdown.
 * Everything queued is bounded; a stuck or crashing worker affects nobody else.
 */
export class Worker {
  readonly #o: WorkerOptions;
  readonly #crashes: CrashWindow;
  readonly #events: BoundedQueue<unknown>;
  readonly #pending: PendingRequest[] = [];
  #status: InstallStatus = 'stopped';
  #reason: string | undefined;
  #handle: SandboxHandle | undefined;
  #conn: GuestConnection | undefined;
  #handlers: GuestHandlers = EMPTY_HANDLERS;
  #eventSet = new Set<string>();
  #generation = 0;
  #stopping = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #guestCalls = 0;
  #lastAckProgress = Date.now();
  #lastAcked = 0;
  #dropWarnAt = 0;
  #dropped = 0;
  #starting: Promise<void> | undefined;
  #unresponsive: string | undefined;

  readonly #logs: LogLimiter;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.#logs = new LogLimiter(options.logRate.perSecond, options.logRate.burst, (n) =>
      this.#emitWarning('logs_dropped', `the plugin logged faster than ${options.logRate.perSecond} lines/s; ${n} line(s) dropped`, { dropped: n }),
    );
    this.#crashes = new CrashWindow(options.restart);
    this.#events = new BoundedQueue(options.queues.maxQueuedEvents);
  }

  get status(): InstallStatus {
    return this.#status;
  }

  get reason(): string | undefined {
    return this.#reason;
  }

  get handlers(): GuestHandlers {
    return this.#handlers;
  }

  /**
   * Whether anything is still in progress: (re)starting, events queued or unacknowledged, host→guest
   * requests waiting, or guest→host calls being served.
   */
  get busy(): boolean {
    if (this.#status === 'starting' || this.#status === 'restarting' || this.#status === 'crashed' || this.#status === 'stopping') return true;
    if (this.#dropTimer || this.#logs.pending) return true;
    if (this.#status !== 'running') return false;
    return this.#events.size > 0 || this.#pending.length > 0 || this.#guestCalls > 0 || (this.#conn?.eventBacklog ?? 0) > 0 || this.#inFlight > 0;
  }

  #drainWaiters: Array<() => void> = [];

  /** Resolves once the host-side event queue is empty (a producer that awaits this never drops events). */
  whenDrained(): Promise<void> {
    if (this.#events.size === 0 || this.#status === 'failed' || this.#status === 'stopped') return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #wakeDrained(): void {
    if (this.#drainWaiters.length === 0) return;
    for (const w of this.#drainWaiters.splice(0)) w();
  }

  /** Events waiting in the host-side queue (not yet written to the guest). */
  get queuedEvents(): number {
    return this.#events.size;
  }

  /**
   * Whether this worker takes the event now: the guest registered a handler for it (the host routes
   * only those) and the worker is running or coming back. A failed or stopped worker gets nothing
   * queued for it.
   */
  handlesEvent(name: string): boolean {
    if (this.#status === 'failed' || this.#status === 'stopped' || this.#status === 'stopping') return false;
    return this.#eventSet.has(name);
  }

  handlesLifecycle(hook: string): boolean {
    return this.#handlers.lifecycle.includes(hook);
  }

  /**
   * Starts the process and completes the handshake and the ready hook. A failure here is reported
   * and rethrown (no automatic restart: a plugin that cannot boot once will not boot on retry).
   */
  start(): Promise<void> {
    if (this.#status === 'running') return Promise.resolve();
    if (this.#starting) return this.#starting;
    this.#stopping = false;
    this.#crashes.reset();
    this.#starting = this.#boot().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  /** Graceful stop: `shutdown` request, then SIGTERM, then SIGKILL, each after its deadline. */
  async stop(reason = 'stopped by the host'): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    // A start in progress finishes first (it sees #stopping and does not go live); then its process is stopped.
    if (this.#starting) await this.#starting.catch(() => {});
    this.#logs.flush();
    this.#stopHealth();
    this.#failPending(new SandboxError(SandboxErrorCodes.WorkerUnavailable, `worker for ${this.#o.caller.installId} is stopping: ${reason}`));
    if (this.#dropTimer) {
      clearTimeout(this.#dropTimer);
      this.#dropWarnAt = 0;
      this.#dropTimer = undefined;
      this.#noteDrop();
    }
    const dropped = this.#events.clear().length;
    this.#wakeDrained();
    if (dropped > 0) this.#emitWarning('events_dropped', `${dropped} queued events were dropped because the worker stopped`, { dropped });
    const handle = this.#handle;
    const conn = this.#conn;
    if (!handle) {
      this.#setStatus('stopped', reason);
      return;
    }
    this.#setStatus('stopping', reason);
    const { shutdownMs, termMs } = this.#o.timeouts;
    if (conn) {
      conn.request('shutdown', { reason, deadline_ms: shutdownMs }, { timeoutMs: shutdownMs }).catch(() => {});
    }
    let how = 'exited after the shutdown request';
    if (!(await settlesWithin(handle.exited, shutdownMs))) {
      how = `terminated with SIGTERM after the ${shutdownMs} ms shutdown deadline`;
      handle.kill('SIGTERM');
      if (!(await settlesWithin(handle.exited, termMs))) {
        how = `killed with SIGKILL after ignoring SIGTERM for ${termMs} ms`;
        handle.kill('SIGKILL');
      }
    }
    await handle.exited;
    this.#setStatus('stopped', `${reason}; ${how}`);
  }

  /** Sends an event, or queues it (bounded, drop-oldest) while (re)starting or the flow window is full. */
  dispatchEvent(params: unknown): 'sent' | 'queued' {
    const conn = this.#conn;
    if (this.#status === 'running' && conn && this.#events.size === 0) {
      if (conn.sendEvent(params)) return 'sent';
      this.#waitForWindow(conn);
    }
    if (this.#events.push(params) !== undefined) this.#noteDrop();
    return 'queued';
  }

  #waiting = false;

  #waitForWindow(conn: GuestConnection): void {
    if (this.#waiting) return;
    this.#waiting = true;
    void conn.whenReady().then(() => {
      this.#waiting = false;
      if (this.#conn === conn && this.#status === 'running') this.#flush();
    });
  }

  /**
   * A host→guest request. While the worker (re)starts it waits in a bounded list; when the worker
   * is failed or stopped it is refused at once.
   */
  request(method: string, params: unknown, timeoutMs?: number): Promise<unknown> {
    if (this.#status === 'running' && this.#conn) return this.#send(method, params, timeoutMs);
    if (this.#status === 'failed' || this.#status === 'stopped' || this.#status === 'stopping') {
      return Promise.reject(new SandboxError(SandboxErrorCodes.WorkerUnavailable, `the worker for install ${this.#o.caller.installId} is ${this.#status}${this.#reason ? `: ${this.#reason}` : ''}`));
    }
    if (this.#pending.length >= this.#o.queues.maxQueuedRequests) {
      return Promise.reject(new SandboxError(SandboxErrorCodes.QueueFull, `${this.#pending.length} requests already wait for install ${this.#o.caller.installId} to start`, { data: { limit: this.#o.queues.maxQueuedRequests } }));
    }
    return new Promise((resolve, reject) => this.#pending.push({ method, params, timeoutMs, resolve, reject }));
  }

  #inFlight = 0;

  #send(method: string, params: unknown, timeoutMs?: number): Promise<unknown> {
    this.#inFlight++;
    return this.#conn!.request(method, params, { timeoutMs: timeoutMs ?? this.#o.timeouts.requestMs }).finally(() => this.#inFlight--);
  }

  async #boot(): Promise<void> {
    const generation = ++this.#generation;
    this.#setStatus('starting');
    let handle: SandboxHandle;
    try {
      handle = await this.#o.backend.start(this.#o.spec());
    } catch (error) {
      const e = SandboxError.fromUnknown(error, SandboxErrorCodes.SpawnFailed);
      this.#setStatus('failed', e.message);
      this.#failPending(e);
      throw e;
    }
    this.#handle = handle;
    const conn = this.#o.connect(handle, this.#o.limits);
    this.#conn = conn;
    this.#wire(handle, conn, generation);
    try {
      const result = await withDeadline(
        conn.request('initialize', this.#initializeParams(), { timeoutMs: this.#o.timeouts.handshakeMs }),
        handle.exited.then((exit) => {
          throw new Error(`the plugin process exited during the handshake (${describeExit(exit)})`);
        }),
      );
      this.#handlers = this.#checkHandshake(result);
      this.#eventSet = new Set(this.#handlers.events);
      conn.notify('initialized', {});
      if (this.handlesLifecycle('ready')) {
        // Pooled: on_ready once per attached install, each with its own ctx.
        const contexts = this.#o.tenants ? this.#o.tenants.readyContexts() : [this.#ctx()];
        await withDeadline(
          Promise.all(contexts.map((ctx) => this.#send('lifecycle', { ctx, hook: 'ready' }).catch((error) => this.#reportRequestError('lifecycle:ready', error, this.#o.tenants ? ctx.install_id : undefined)))),
          handle.exited.then((exit) => {
            throw new Error(`the plugin process exited in on_ready (${describeExit(exit)})`);
          }),
        );
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      let why = (error as Error).message;
      if (error instanceof ProtocolError && error.code === 'closed') {
        // The pipe closed because the process ended: say how it ended (the stream closes first).
        const exit = await Promise.race([handle.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]);
        if (exit) why = `the plugin process exited during the handshake (${describeExit(exit)})`;
      }
      if (error instanceof RpcError && error.code === ErrorCodes.UnsupportedProtocolVersion) {
        const supported = (error.data as { supported?: unknown } | undefined)?.supported;
        why = `no common protocol version: the host offered ${this.#o.protocolVersions.join(', ')}, the guest speaks ${Array.isArray(supported) ? supported.join(', ') : 'none it would name'}`;
      }
      const message = `plugin ${this.#o.caller.pluginId} did not start: ${why}`;
      const e = new SandboxError(SandboxErrorCodes.HandshakeFailed, `${message}\n${handle.diagnose()}`, { cause: error });
      this.#stopping = true;
      handle.kill('SIGKILL');
      await handle.exited;
      this.#setStatus('failed', message);
      this.#failPending(e);
      throw e;
    }
    if (generation !== this.#generation || this.#stopping) return;
    this.#setStatus('running');
    this.#unresponsive = undefined;
    this.#lastAckProgress = Date.now();
    this.#lastAcked = 0;
    this.#startHealth(generation);
    this.#flush();
  }

  #initializeParams() {
    const { caller } = this.#o;
    return {
      protocol_versions: [...this.#o.protocolVersions],
      host: { name: 'maidkit', version: this.#o.hostVersion },
      plugin: { id: caller.pluginId, version: this.#o.pluginVersion },
      mode: this.#o.tenants ? 'pool' : 'single',
      install: this.#o.tenants ? null : { install_id: caller.installId, server_id: caller.serverId },
      capabilities: this.#o.tenants ? this.#o.tenants.capabilities() : [...caller.capabilities].sort(),
      limits: { ...this.#o.limits },
    };
  }

  #checkHandshake(result: unknown): GuestHandlers {
    const r = result as { protocol_version?: unknown; handlers?: Record<string, unknown> } | null;
    if (!r || typeof r !== 'object' || typeof r.protocol_version !== 'string') throw new Error('the initialize result has no protocol_version');
    if (!this.#o.protocolVersions.includes(r.protocol_version)) {
      throw new Error(`the guest chose protocol ${r.protocol_version}, but the host offered ${this.#o.protocolVersions.join(', ')}`);
    }
    const h = (r.handlers && typeof r.handlers === 'object' ? r.handlers : {}) as Record<string, unknown>;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return {
      lifecycle: strings(h['lifecycle']),
      events: strings(h['events']),
      slash_commands: strings(h['slash_commands']),
      components: strings(h['components']),
      modals: strings(h['modals']),
      dashboard: strings(h['dashboard']),
      schedules: Array.isArray(h['schedules']) ? (h['schedules'] as GuestHandlers['schedules']) : [],
      crons: Array.isArray(h['crons']) ? (h['crons'] as GuestHandlers['crons']) : [],
    };
  }

  #ctx() {
    return { install_id: this.#o.caller.installId, server_id: this.#o.caller.serverId };
  }

  #wire(handle: SandboxHandle, conn: GuestConnection, generation: number): void {
    const { caller } = this.#o;
    const stderr = new LineSplitter(this.#o.maxLogLine, (line) => this.#logs.take() && this.#o.emit({ type: 'log', level: 'info', source: 'stderr', message: line }));
    handle.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    handle.stderr.on('end', () => stderr.end());
    conn.onRequest(async (method, params) => {
      if (this.#guestCalls >= this.#o.queues.maxGuestCalls) {
        throw new RpcError(ErrorCodes.RateLimited, `more than ${this.#o.queues.maxGuestCalls} host calls in progress for this install`, { retry_after_ms: 50 });
      }
      this.#guestCalls++;
      let who: GuestCaller | undefined = this.#o.tenants ? undefined : caller;
      try {
        who ??= this.#o.tenants!.callerFor(method, params);
        return await handleGuestCall(method, params, who, this.#o.services);
      } catch (error) {
        if (error instanceof RpcError) {
          if (error.code !== ErrorCodes.CapabilityDenied) {
            this.#o.emit({ type: 'error', code: rpcCodeName(error.code), message: error.message, during: method, ...(error.data === undefined ? {} : { data: error.data }) }, who?.installId);
          }
          throw error;
        }
        // A host-side failure (the host author's DiscordActions, storage): reported, answered InternalError.
        const message = `${method} failed on the host: ${(error as Error).message}`;
        this.#o.emit({ type: 'error', code: 'host_error', message, during: method }, who?.installId);
        throw new RpcError(ErrorCodes.InternalError, message);
      } finally {
        this.#guestCalls--;
      }
    });
    conn.onNotification((method, params) => {
      if (method === 'log') this.#onLog(params);
      else this.#o.emit({ type: 'warning', code: 'unknown_notification', message: `the plugin sent an unknown notification "${method.slice(0, 100)}"` });
    });
    conn.onProblem((problem) => {
      this.#o.emit({ type: 'error', code: problem.code, message: problem.message, during: 'protocol', ...(problem.detail ? { data: problem.detail } : {}) });
      if (problem.fatal) handle.kill('SIGKILL');
    });
    void handle.exited.then((exit) => this.#onExit(exit, generation));
  }

  #onLog(params: unknown): void {
    if (!this.#logs.take()) return;
    const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
    const levels: LogLevel[] = ['debug', 'info', 'warning', 'error'];
    const level = levels.includes(p['level'] as LogLevel) ? (p['level'] as LogLevel) : 'info';
    const raw = typeof p['message'] === 'string' ? p['message'] : JSON.stringify(p['message'] ?? '');
    const max = this.#o.maxLogLine;
    const message = raw.length > max ? `${raw.slice(0, max)}… [${raw.length - max} more characters dropped]` : raw;
    const err = p['error'] as { type?: unknown; message?: unknown; traceback?: unknown } | undefined;
    const error =
      err && typeof err === 'object'
        ? {
            type: String(err.type ?? 'Error').slice(0, 200),
            message: String(err.message ?? '').slice(0, max),
            ...(typeof err.traceback === 'string' ? { traceback: err.traceback.slice(-4 * max) } : {}),
          }
        : undefined;
    this.#o.emit({ type: 'log', level, source: 'sdk', message, ...(error ? { error } : {}) }, typeof p['install_id'] === 'string' ? p['install_id'] : undefined);
  }

  #onExit(exit: SandboxExit, generation: number): void {
    if (generation !== this.#generation) return;
    this.#stopHealth();
    this.#conn?.close();
    this.#conn = undefined;
    const handle = this.#handle;
    this.#handle = undefined;
    if (this.#stopping || this.#status === 'starting') return; // stop() or #boot() report this themselves
    const cause = this.#unresponsive ?? describeExit(exit);
    const diagnose = handle?.diagnose() ?? '';
    const delay = this.#crashes.record();
    if (delay === undefined) {
      const reason = `crash loop: ${this.#crashes.recent} crashes within ${Math.round(this.#o.restart.windowMs / 1000)} s; last: ${cause}`;
      this.#o.emit({ type: 'error', code: SandboxErrorCodes.CrashLoop, message: `plugin ${this.#o.caller.pluginId} gave up restarting (${reason})`, data: { diagnose } });
      this.#setStatus('failed', reason);
      this.#failPending(new SandboxError(SandboxErrorCodes.CrashLoop, `install ${this.#o.caller.installId} failed: ${reason}`));
      const dropped = this.#events.clear().length;
      this.#wakeDrained();
      if (dropped > 0) this.#emitWarning('events_dropped', `${dropped} queued events were dropped because the worker failed`, { dropped });
      return;
    }
    this.#o.emit({ type: 'error', code: 'worker_crashed', message: `plugin ${this.#o.caller.pluginId} crashed (${cause}); restarting in ${delay} ms`, data: { diagnose, exit } });
    this.#setStatus('crashed', cause);
    this.#setStatus('restarting', `in ${delay} ms`);
    this.#restartTimer = setTimeout(() => {
      if (this.#stopping) return;
      this.#starting = this.#boot()
        .catch(() => {
          /* reported by #boot */
        })
        .finally(() => (this.#starting = undefined));
    }, delay);
    this.#restartTimer.unref?.();
  }

  #startHealth(generation: number): void {
    const { healthIntervalMs, healthTimeoutMs, stallMs } = this.#o.timeouts;
    if (healthIntervalMs <= 0) return;
    this.#healthTimer = setInterval(() => {
      if (generation !== this.#generation || this.#status !== 'running' || !this.#conn) return;
      // Progress is acknowledgements, not the backlog's size: under steady load the window stays full
      // while the guest acknowledges thousands of events a second.
      const backlog = this.#conn.eventBacklog;
      const acked = this.#conn.eventsAcked;
      if (backlog === 0 || acked > this.#lastAcked) this.#lastAckProgress = Date.now();
      this.#lastAcked = acked;
      if (backlog > 0 && Date.now() - this.#lastAckProgress > stallMs) {
        this.#markUnresponsive(`no event acknowledged for ${Math.round((Date.now() - this.#lastAckProgress) / 1000)} s with ${backlog} outstanding`);
        return;
      }
      this.#conn.request('health.ping', {}, { timeoutMs: healthTimeoutMs }).catch((error) => {
        if (generation !== this.#generation || this.#stopping) return;
        if (error instanceof RpcError && error.code === ErrorCodes.Timeout) this.#markUnresponsive(`health.ping unanswered for ${healthTimeoutMs} ms`);
      });
    }, healthIntervalMs);
    this.#healthTimer.unref?.();
  }

  #markUnresponsive(why: string): void {
    this.#unresponsive = `unresponsive: ${why}`;
    this.#o.emit({ type: 'error', code: 'unresponsive', message: `plugin ${this.#o.caller.pluginId} is unresponsive (${why}); killing it` });
    this.#handle?.kill('SIGKILL');
  }

  #stopHealth(): void {
    clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
  }

  #flush(): void {
    const conn = this.#conn;
    if (!conn) return;
    while (this.#events.size > 0) {
      const next = this.#events.shift();
      if (!conn.sendEvent(next)) {
        // Window full again: put it back at the front, resume when acks make room.
        this.#events.unshift(next);
        this.#waitForWindow(conn);
        break;
      }
    }
    if (this.#events.size === 0) this.#wakeDrained();
    for (const p of this.#pending.splice(0)) this.#send(p.method, p.params, p.timeoutMs).then(p.resolve, p.reject);
  }

  #dropTimer: NodeJS.Timeout | undefined;

  /** Counts evicted events and reports them: at most one warning a second, none lost. */
  #noteDrop(): void {
    this.#dropped += this.#events.takeDropped();
    if (this.#dropTimer) return;
    const wait = Math.max(0, this.#dropWarnAt + 1000 - Date.now());
    const report = () => {
      this.#dropTimer = undefined;
      this.#dropWarnAt = Date.now();
      const n = this.#dropped;
      this.#dropped = 0;
      if (n > 0) this.#emitWarning('events_dropped', `event queue full (${this.#o.queues.maxQueuedEvents}); dropped the ${n} oldest event(s)`, { dropped: n, capacity: this.#o.queues.maxQueuedEvents });
    };
    if (wait === 0) report();
    else this.#dropTimer = setTimeout(report, wait);
  }

  #emitWarning(code: string, message: string, data?: unknown): void {
    this.#o.emit({ type: 'warning', code, message, ...(data === undefined ? {} : { data }) });
  }

  #reportRequestError(during: string, error: unknown, installId?: string): void {
    this.#o.emit(requestErrorEvent(during, error), installId);
  }

  #failPending(error: unknown): void {
    for (const p of this.#pending.splice(0)) p.reject(error);
  }

  #setStatus(status: InstallStatus, reason?: string): void {
    this.#status = status;
    this.#reason = reason;
    this.#o.emit({ type: 'status', status, ...(reason === undefined ? {} : { reason }) });
  }
}
