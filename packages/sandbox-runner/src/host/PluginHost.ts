import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BASELINE_CAPABILITIES,
  DEFAULT_LIMITS as PROTOCOL_LIMITS,
  SUPPORTED_PROTOCOL_VERSIONS,
  compareHandlers,
  isEventName,
  type EventName,
  type EventPayloads,
} from '@maidkit/rpc-protocol';
import { eventPayloadIssues } from './eventValidator.js';
import { DEFAULT_LIMITS, type SandboxBackend, type SandboxLimits, type SandboxSpec } from '../backend.js';
import { SandboxError, SandboxErrorCodes } from '../errors.js';
import { resolvePython } from '../resolvePython.js';
import { PluginDependencies, type HostDependencyOptions } from '../deps/pluginDependencies.js';
import { connectGuest } from './connectGuest.js';
import { casaDeclaredPermissions, casaGuestRequests, casaLaunch, gateCasaConnection, isCasaPlugin, type CasaHostOptions } from '../casa/index.js';
import { tapConnection, type RpcTrace } from './tapConnection.js';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './CrashWindow.js';
import type { DiscordActions } from './DiscordActions.js';
import type { GuestCaller, HostServices } from './guestCalls.js';
import type { HostEvent, HostEventInput, InstallStatus } from './hostEvents.js';
import { defaultSdkRoot, prepareSdk, SDK_MOUNT } from './prepareSdk.js';
import { EphemeralStore } from './storage/EphemeralStore.js';
import { InstallStore, type InstallRecord } from './storage/InstallStore.js';
import type { KvProvider } from './storage/KvProvider.js';
import { MetricsStore } from './storage/MetricsStore.js';
import { openDatabase, type SqliteDatabase } from './storage/openDatabase.js';
import { SqliteKvProvider } from './storage/SqliteKvProvider.js';
import { requestErrorEvent } from './workerEvents.js';
import { WorkerPool } from '../pool/WorkerPool.js';
import type { TenantWorker } from '../pool/TenantWorker.js';
import type { WorkerTenants } from '../pool/WorkerTenants.js';
import { DEFAULT_POOL, type PoolOptions, type WorkerIsolation } from '../pool/PoolOptions.js';
import { InstallExtrasStore } from '../pool/InstallExtrasStore.js';
import { updateInstallSource } from '../reload/installSource.js';
import { nextFireFn, type ServerCron } from '../cron/ServerCronScheduler.js';
import type { Clock } from '../cron/Clock.js';
import { Worker, type GuestHandlers, type ProtocolLimits, type WorkerQueues, type WorkerTimeouts } from './Worker.js';

import { InteractionBroker, type IncomingInteraction, type InteractionOptions } from '../interactions/InteractionBroker.js';
import { assertInteraction, routeInteraction, runInteraction, type InteractionOutcome, type InteractionTarget } from '../interactions/interact.js';
import { callDashboard, widgetsByHandler, handlerName, type DashboardCallOptions } from '../dashboard/callDashboard.js';
import { InstallServices, type InstallServicesOptions } from '../services/InstallServices.js';
import { handleGuestCall } from './guestCalls.js';

const HOST_VERSION = '0.1.0';

/** A plugin as the host needs it: already read and validated (e.g. by `@maidkit/manifest`). */
export interface HostedPlugin {
  id: string;
  version: string;
  /** Host directory with the plugin's files (mounted read-only at /plugin). */
  dir: string;
  /** Entry file, relative to `dir` (default `__main__.py`). */
  entry?: string;
  /** The manifest's (normalized) `capabilities_required`. */
  capabilities: readonly string[];
  /** Slash commands the manifest declares, to warn about handlers that don't match. */
  slashCommands?: readonly string[];
  /** The manifest's normalized `proxy_domains_requested`: the only hosts `ctx.http` reaches. */
  proxyDomains?: readonly string[];
  /** The parsed dashboard_manifest.json: each handler's result is checked against its widget's shape. */
  dashboardManifest?: unknown;
  /** The manifest's `server_crons`: ticked by the host (`task.tick`) for installs served by a pool worker. */
  serverCrons?: readonly ServerCron[];
  /** `dedicated` opts this plugin out of pool mode: one worker per install whatever the host's pool setting. */
  isolation?: WorkerIsolation;
}

export interface PluginHostOptions {
  backend: SandboxBackend;
  discord: DiscordActions;
  /** SQLite file for install state (and the default KV); default `:memory:` (nothing survives the host). */
  database?: string;
  /** KV provider; default SQLite in `database`. */
  kv?: KvProvider;
  /**
   * Python interpreter (resolved to a real binary; default Debian's /usr/bin/python3). It runs pip for
   * requirements.txt; the sandbox runs it too unless the backend names its own (`SandboxBackend.python`).
   */
  python?: string;
  /** How a plugin's requirements.txt is installed before its sandbox starts (cache, wheel dirs, index, time limit). */
  dependencies?: HostDependencyOptions;
  /** Folder containing `mmo_maid_sdk/` (default: this package's `python/`). */
  sdkRoot?: string;
  limits?: Partial<SandboxLimits>;
  restart?: Partial<RestartPolicy>;
  timeouts?: Partial<WorkerTimeouts>;
  queues?: Partial<WorkerQueues>;
  protocol?: Partial<ProtocolLimits>;
  /** Granted to every install without being declared (default `storage:kv`, `metrics`). */
  baselineCapabilities?: readonly string[];
  /**
   * Pool mode: installs of one plugin version share workers (`enabled`, `workersPerVersion`,
   * `tenantsPerWorker`); `clock` drives the server-side cron (tests inject a fake one). Default off.
   */
  pool?: Partial<PoolOptions> & { clock?: Clock };
  /** Extra environment for every guest (the only variables it sees besides the host's own). */
  env?: Record<string, string>;
  /**
   * CPU scheduling of the workers. `'batch'` (default) asks each worker to run as SCHED_BATCH: a plugin
   * that wakes up never preempts the host's event loop, so a fan-out to many workers is written out
   * without being interrupted by the first workers it woke (on 2 cores, ~50 involuntary switches of the host
   * per 100-worker dispatch became ~5). Plugins still get their fair share of CPU. `'normal'`: the
   * platform default. The SDK applies it (`MAIDKIT_SCHED`); a guest that ignores it loses nothing.
   */
  workerScheduling?: 'batch' | 'normal';
  /** Longest log line kept (characters; default 4096). */
  maxLogLine?: number;
  /** Log lines per second per install, sustained and burst (default 200 and 1000); excess is counted, not kept. */
  logRate?: { perSecond: number; burst: number };
  /** Interactions: auto-defer (default at 2.5 s), deadlines, custom_id scoping (src/interactions). */
  interactions?: Partial<InteractionOptions>;
  /** `ctx.sql`: database folder (default `<database>.sql/`, a temp folder for `:memory:`), quota, timeouts; `false` turns it off. */
  sql?: InstallServicesOptions['sql'];
  /** `ctx.http`: proxy settings for every install (`ca`, `resolve`, `trustedAddresses` for tests); the allow-list is each manifest's. */
  http?: InstallServicesOptions['http'];
  /** Dashboard handler deadline (default 10 s, seed 002). */
  dashboardTimeoutMs?: number;
  /** Sees every JSON-RPC message to and from each guest (for dev tools such as the `maidkit dev` playground). */
  rpcTrace?: RpcTrace;
  /** Casa Cloner installs: e.g. the opt-in Discord token provider behind `api.get_discord_token()` (src/casa). */
  casa?: CasaHostOptions;
}

export interface InstallInfo {
  installId: string;
  pluginId: string;
  pluginVersion: string;
  serverId: string;
  state: 'disabled' | 'enabled';
  status: InstallStatus;
  /** Why the worker is in its status (crash cause, failure reason). */
  reason?: string;
  capabilities: string[];
  /** What the guest registered in its handshake (empty until the worker has started once). */
  handlers: GuestHandlers;
}

export interface DispatchResult {
  /** Installs the event went (or was queued) to. */
  delivered: string[];
}

export interface InstallOptions {
  serverId: string;
  /** Capabilities granted by the host author; default: everything the plugin requires. */
  grant?: readonly string[];
  /** Enable right after `on_install` (default true). */
  enable?: boolean;
}

export const DEFAULT_TIMEOUTS: Readonly<WorkerTimeouts> = Object.freeze({
  handshakeMs: 10_000,
  requestMs: 10_000,
  healthIntervalMs: 10_000,
  healthTimeoutMs: 5_000,
  stallMs: 30_000,
  shutdownMs: 2_000,
  termMs: 1_000,
});

export const DEFAULT_QUEUES: Readonly<WorkerQueues> = Object.freeze({ maxQueuedEvents: 4096, maxQueuedRequests: 256, maxGuestCalls: 64 });

interface Live {
  record: InstallRecord;
  /** Its own Worker, or its view of a pooled one. */
  worker: Worker | TenantWorker;
  caller: GuestCaller;
  /** The `ctx` of every dispatch to this install, built once (dispatch is the hot path). */
  ctx: { install_id: string; server_id: string };
}

/**
 * Hosts plugins: installs them (state in SQLite), runs one sandboxed worker per enabled install,
 * routes typed, validated Discord events to the installs that registered a handler, and serves
 * the guests' calls — each checked against the install's grants on the host — through a
 * `DiscordActions` implementation, KV, ephemeral state and metrics.
 */
export class PluginHost {
  readonly #o: PluginHostOptions;
  readonly #db: SqliteDatabase;
  readonly #installs: InstallStore;
  readonly #kv: KvProvider;
  readonly #ephemeral = new EphemeralStore();
  readonly #metrics = new MetricsStore();
  readonly #services: HostServices;
  readonly #interactions: InteractionBroker;
  readonly #installServices: InstallServices;
  readonly #live = new Map<string, Live>();
  readonly #extras: InstallExtrasStore;
  readonly #pool: WorkerPool;
  readonly #poolOptions: PoolOptions;
  readonly #listeners = new Set<(event: HostEvent) => void>();
  readonly #limits: SandboxLimits;
  readonly #timeouts: WorkerTimeouts;
  readonly #queues: WorkerQueues;
  readonly #protocol: ProtocolLimits;
  readonly #restart: RestartPolicy;
  readonly #baseline: readonly string[];
  #python: string | undefined;
  readonly #deps: PluginDependencies;
  #sdk: { dir: string; dispose: () => void } | undefined;
  #closed = false;

  constructor(options: PluginHostOptions) {
    this.#o = options;
    this.#db = openDatabase(options.database ?? ':memory:');
    this.#installs = new InstallStore(this.#db);
    this.#extras = new InstallExtrasStore(this.#db);
    const { clock, ...pool } = options.pool ?? {};
    this.#poolOptions = { ...DEFAULT_POOL, ...pool };
    this.#pool = new WorkerPool(this.#poolOptions, {
      makeWorker: (caller, record, tenants, emit) => this.#newWorker(caller, record, emit, tenants),
      emit: (who, event) => this.#emit(who, event),
      isEnabled: (id) => this.#live.get(id)?.record.state === 'enabled',
      ...(clock ? { clock } : {}),
    });
    this.#kv = options.kv ?? new SqliteKvProvider(this.#db);
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#queues = { ...DEFAULT_QUEUES, ...options.queues };
    this.#protocol = { ...PROTOCOL_LIMITS, ...options.protocol };
    this.#restart = { ...DEFAULT_RESTART_POLICY, ...options.restart };
    this.#baseline = options.baselineCapabilities ?? BASELINE_CAPABILITIES;
    this.#deps = new PluginDependencies(options.dependencies ?? {}, () => (this.#python ??= resolvePython(this.#o.python)));
    this.#services = {
      kv: this.#kv,
      ephemeral: this.#ephemeral,
      metrics: this.#metrics,
      discord: options.discord,
      onAction: (caller, method, params, result) => this.#emit(caller, { type: 'action', method, params, result }),
      onDenied: (caller, method, capability) => this.#emit(caller, { type: 'denied', method, capability }),
    };
    this.#interactions = new InteractionBroker(options.discord, (who, event) => this.#emit(who, event), options.interactions);
    this.#installServices = new InstallServices(this.#db, { database: options.database ?? ':memory:', ...(options.sql === undefined ? {} : { sql: options.sql }), ...(options.http ? { http: options.http } : {}) });
    Object.assign(this.#services, {
      interactions: this.#interactions,
      ...(this.#installServices.sql ? { sql: this.#installServices.sql } : {}),
      http: (installId: string) => this.#installServices.proxy(installId),
      limits: { sqlTimeoutMs: (options.sql && options.sql.statementTimeoutMs) || 2_000, httpTimeoutMs: options.http?.timeoutMs ?? 10_000 },
      scopeCustomIds: this.#interactions.options.scopeCustomIds,
    });
  }

  /** Receives every host event (logs, actions, denials, errors, status changes); returns an unsubscribe function. */
  subscribe(listener: (event: HostEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Installs a plugin on a server: starts its worker, runs `on_install`, then (by default) `on_enable`. */
  async install(plugin: HostedPlugin, options: InstallOptions): Promise<InstallInfo> {
    this.#assertOpen();
    const dir = resolve(plugin.dir);
    const entry = plugin.entry ?? '__main__.py';
    if (!existsSync(join(dir, entry)) || !statSync(join(dir, entry)).isFile()) {
      throw new SandboxError(SandboxErrorCodes.NotFound, `plugin ${plugin.id}: entry file ${entry} not found in ${dir}`);
    }
    if (this.#installs.find(plugin.id, options.serverId)) {
      throw new SandboxError(SandboxErrorCodes.AlreadyInstalled, `plugin ${plugin.id} is already installed on server ${options.serverId}`, { hint: 'uninstall it first, or enable the existing install' });
    }
    const granted = new Set(options.grant ?? plugin.capabilities);
    const missing = plugin.capabilities.filter((c) => !granted.has(c) && !this.#baseline.includes(c));
    if (missing.length > 0) {
      throw new SandboxError(SandboxErrorCodes.CapabilityDenied, `plugin ${plugin.id} requires ${missing.map((c) => `"${c}"`).join(', ')}, which the host did not grant; install refused`, { data: { missing } });
    }
    // requirements.txt is installed before any sandbox starts; a failure refuses the install, leaving nothing.
    await this.#deps.prepare({ pluginId: plugin.id, pluginVersion: plugin.version, pluginDir: dir });
    const now = Date.now();
    const record: InstallRecord = {
      installId: `inst_${randomBytes(8).toString('hex')}`,
      pluginId: plugin.id,
      pluginVersion: plugin.version,
      serverId: options.serverId,
      pluginDir: dir,
      entry,
      capabilities: [...new Set([...this.#baseline, ...granted])].sort(),
      state: 'disabled',
      createdAt: now,
      updatedAt: now,
    };
    for (const cron of plugin.serverCrons ?? []) nextFireFn(cron); // an invalid spec refuses the install
    this.#installs.insert(record);
    this.#installServices.remember(record.installId, { proxyDomains: [...(plugin.proxyDomains ?? [])], dashboardWidgets: widgetsByHandler(plugin.dashboardManifest) });
    this.#extras.save(record.installId, { serverCrons: [...(plugin.serverCrons ?? [])], isolation: plugin.isolation ?? 'pool' });
    let live: Live;
    try {
      live = this.#spawnLive(record); // a full pool refuses here
    } catch (error) {
      this.#installs.remove(record.installId);
      this.#extras.remove(record.installId);
      throw error;
    }
    try {
      await live.worker.start();
      this.#checkDeclared(live, plugin);
      await this.#hook(live, 'install');
    } catch (error) {
      // A plugin that cannot start or install leaves nothing behind.
      await live.worker.stop('install failed');
      this.#live.delete(record.installId);
      this.#installs.remove(record.installId);
      this.#extras.remove(record.installId);
      await this.#kv.wipe(record.installId);
      throw error;
    }
    if (options.enable ?? true) return this.enable(record.installId);
    await live.worker.stop('installed, not enabled');
    this.#live.delete(record.installId);
    return this.#info(record.installId);
  }

  /** Enables an install: starts its worker (`on_ready`) if needed, then `on_enable`; events flow to it. */
  async enable(installId: string): Promise<InstallInfo> {
    this.#assertOpen();
    const record = this.#record(installId);
    if (!this.#live.has(installId)) await this.#deps.prepare(record);
    const live = this.#live.get(installId) ?? this.#spawnLive(record);
    await live.worker.start();
    await this.#hook(live, 'enable');
    this.#installs.setState(installId, 'enabled');
    live.record.state = 'enabled';
    return this.#info(installId);
  }

  /** Disables an install: `on_disable`, then its worker stops; events no longer go to it. */
  async disable(installId: string): Promise<InstallInfo> {
    this.#assertOpen();
    this.#record(installId);
    this.#installs.setState(installId, 'disabled');
    this.#interactions.forgetInstall(installId); // a disabled plugin answers nothing more
    const live = this.#live.get(installId);
    if (live) {
      live.record.state = 'disabled';
      if (live.worker.status === 'running') await this.#hook(live, 'disable');
      await live.worker.stop('disabled');
      this.#live.delete(installId);
    }
    return this.#info(installId);
  }

  /** Uninstalls: `on_uninstall` (in a worker started for it if needed), then the KV and state are wiped. */
  async uninstall(installId: string): Promise<void> {
    this.#assertOpen();
    const record = this.#record(installId);
    if (!this.#live.has(installId)) await this.#deps.prepare(record).catch(() => undefined);
    const live = this.#live.get(installId) ?? this.#spawnLive(record);
    try {
      if (live.record.state === 'enabled' && live.worker.status === 'running') await this.#hook(live, 'disable');
      await live.worker.start();
      await this.#hook(live, 'uninstall');
    } catch (error) {
      this.#emit(live.caller, requestErrorEvent('lifecycle:uninstall', error));
    } finally {
      await live.worker.stop('uninstalled');
      this.#live.delete(installId);
      await this.#kv.wipe(installId);
      this.#ephemeral.wipe(installId);
      this.#metrics.wipe(installId);
      this.#interactions.forgetInstall(installId);
      await this.#installServices.forget(installId);
      this.#installs.remove(installId);
      this.#extras.remove(installId);
    }
  }

  /** Starts the workers of every persisted enabled install (after the host process restarted). */
  async resume(): Promise<InstallInfo[]> {
    this.#assertOpen();
    const started: InstallInfo[] = [];
    for (const record of this.#installs.list()) {
      if (record.state !== 'enabled' || this.#live.has(record.installId)) continue;
      const live = this.#spawnLive(record);
      try {
        await this.#deps.prepare(record);
        await live.worker.start();
      } catch {
        /* reported through events; the install stays enabled with status failed */
      }
      started.push(this.#info(record.installId));
    }
    return started;
  }

  /**
   * Hot reload: runs the install on `plugin`'s files (same id) in a NEW worker, and only once that worker
   * has completed its handshake and `on_ready` does it take the install's events and the old worker stop.
   * If the new one fails (crash at boot, handshake error, a bad server cron), the old one keeps running
   * and the error is thrown. A disabled install is booted once to check the new files, then stopped.
   */
  async reload(installId: string, plugin: HostedPlugin): Promise<InstallInfo> {
    this.#assertOpen();
    const record = this.#record(installId);
    if (plugin.id !== record.pluginId) {
      throw new SandboxError(SandboxErrorCodes.InvalidState, `install ${installId} runs plugin ${record.pluginId}; a reload cannot switch it to ${plugin.id}`);
    }
    const dir = resolve(plugin.dir);
    const entry = plugin.entry ?? '__main__.py';
    if (!existsSync(join(dir, entry)) || !statSync(join(dir, entry)).isFile()) {
      throw new SandboxError(SandboxErrorCodes.NotFound, `plugin ${plugin.id}: entry file ${entry} not found in ${dir}`);
    }
    for (const cron of plugin.serverCrons ?? []) nextFireFn(cron);
    const previousExtras = this.#extras.get(installId);
    this.#extras.save(installId, { serverCrons: [...(plugin.serverCrons ?? [])], isolation: plugin.isolation ?? 'pool' });
    const next: InstallRecord = { ...record, pluginDir: dir, entry, pluginVersion: plugin.version };
    const fresh = this.#spawnLive(next, false);
    try {
      await fresh.worker.start();
      this.#checkDeclared(fresh, plugin);
    } catch (error) {
      this.#extras.save(installId, previousExtras);
      await fresh.worker.stop('reload failed; the previous version keeps running');
      throw error;
    }
    const old = this.#live.get(installId);
    updateInstallSource(this.#db, next);
    if (record.state === 'enabled') this.#live.set(installId, fresh);
    else await fresh.worker.stop('reloaded, not enabled');
    if (old) await old.worker.stop(`replaced by ${plugin.id}@${plugin.version} from ${dir}`);
    return this.#info(installId);
  }

  /** Restarts a worker by hand (e.g. one that gave up after a crash loop). */
  async restart(installId: string): Promise<InstallInfo> {
    const record = this.#record(installId);
    const live = this.#live.get(installId);
    if (live) {
      await live.worker.stop('restart requested');
      this.#live.delete(installId);
    }
    await this.#deps.prepare(record);
    const fresh = this.#spawnLive(record);
    await fresh.worker.start();
    return this.#info(installId);
  }

  /**
   * Sends a Discord event to every enabled install (on `serverId`, when given) whose plugin registered
   * a handler for it. The name and payload are validated against PROTOCOL.md §6 first; an invalid
   * event throws and reaches nobody. With a literal event name the payload is type-checked too.
   */
  dispatch<K extends EventName>(name: K, payload: EventPayloads[K] & Record<string, unknown>, options?: { serverId?: string }): DispatchResult;
  dispatch(name: string, payload: Record<string, unknown>, options?: { serverId?: string }): DispatchResult;
  dispatch(name: string, payload: Record<string, unknown>, options: { serverId?: string } = {}): DispatchResult {
    this.#assertOpen();
    if (!isEventName(name)) {
      throw new SandboxError(SandboxErrorCodes.InvalidEvent, `"${String(name).slice(0, 100)}" is not one of the 16 Discord events`, { hint: 'see PROTOCOL.md §6 for the names' });
    }
    const issues = eventPayloadIssues(name, payload);
    if (issues.length > 0) {
      throw new SandboxError(SandboxErrorCodes.InvalidEvent, `invalid ${name} payload: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { data: { issues } });
    }
    const delivered: string[] = [];
    for (const live of this.#live.values()) {
      if (live.record.state !== 'enabled') continue;
      if (options.serverId !== undefined && live.record.serverId !== options.serverId) continue;
      if (!live.worker.handlesEvent(name)) continue;
      live.worker.dispatchEvent({ ctx: live.ctx, name, payload });
      delivered.push(live.record.installId);
    }
    return { delivered };
  }

  /**
   * Sends any host→guest request to one install's worker (lifecycle hooks, and the interaction and
   * dashboard calls later issues add). `ctx` is filled in by the host.
   */
  async call(installId: string, method: string, params: Record<string, unknown>, timeoutMs?: number): Promise<unknown> {
    this.#assertOpen();
    const live = this.#live.get(installId);
    if (!live) throw new SandboxError(SandboxErrorCodes.WorkerUnavailable, `install ${installId} has no running worker (is it enabled?)`);
    return live.worker.request(method, { ctx: this.#ctx(live.record), ...params }, timeoutMs);
  }

  /**
   * Hands the host one Discord interaction (slash command, component click, modal submit) with its token.
   * It goes to one enabled install on `interaction.guild_id` — by command name, or by the plugin id that
   * prefixes the custom_id (or `options.installId`) — as `interaction_create` to its `on_event` handler
   * and to its `on_slash_command` / `on_component` / `on_modal_submit` handler; the plugin's answers
   * become `DiscordActions.interactionCallback/Followup/EditOriginal`. Resolves when the handler returned;
   * `{routed: false}` when no plugin takes it (the bot answers it itself).
   */
  async interact(interaction: IncomingInteraction, options: { installId?: string } = {}): Promise<InteractionOutcome> {
    this.#assertOpen();
    assertInteraction(interaction);
    const targets = this.#interactionTargets(options.installId);
    const route = routeInteraction(interaction, targets, this.#interactions.options.scopeCustomIds);
    if ('reason' in route) return { routed: false, reason: route.reason };
    const caller = { pluginId: route.target.pluginId, installId: route.target.installId };
    return runInteraction(this.#interactions, route.target, interaction, route.customId, (event) => this.#emit(caller, event), this.#timeouts.requestMs);
  }

  /**
   * Calls a plugin's `@plugin.on_dashboard` handler (`"get_settings"` or `"dashboard.get_settings"`) for
   * a manifest widget or the iframe bridge's `rpc`: 10 s deadline, `params.discord_srv_id` set to the
   * install's server, the result checked against its widget's shape (from dashboard_manifest.json, or
   * `options.widget`). Errors are RpcErrors with PROTOCOL.md codes.
   */
  async dashboard(installId: string, method: string, params: Record<string, unknown> = {}, options: DashboardCallOptions = {}): Promise<unknown> {
    this.#assertOpen();
    const live = this.#live.get(installId);
    if (!live || live.record.state !== 'enabled') throw new SandboxError(SandboxErrorCodes.WorkerUnavailable, `install ${installId} is not enabled`);
    const widgets = this.#installServices.facts(installId).dashboardWidgets[handlerName(method)] ?? [];
    const timeoutMs = options.timeoutMs ?? this.#o.dashboardTimeoutMs;
    const target = {
      installId,
      serverId: live.record.serverId,
      handlers: live.worker.handlers.dashboard,
      request: (m: string, p: Record<string, unknown>, t: number) => live.worker.request(m, { ctx: this.#ctx(live.record), ...p }, t),
    };
    try {
      return await callDashboard(target, method, params, widgets, { ...options, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    } catch (error) {
      this.#emit(live.caller, requestErrorEvent(`dashboard:${handlerName(method)}`, error));
      throw error;
    }
  }

  /**
   * Performs a guest→host method (`kv.get`, `metrics.query`, `sql.query`, …) for an install from outside
   * its sandbox — the dashboard bridge's direct namespaces — with the same checks as the guest's own call:
   * capability first, then schema. Rejects with RpcErrors.
   */
  async callService(installId: string, method: string, params: Record<string, unknown>): Promise<unknown> {
    this.#assertOpen();
    const record = this.#record(installId);
    const caller: GuestCaller = this.#live.get(installId)?.caller ?? { pluginId: record.pluginId, installId, serverId: record.serverId, capabilities: new Set(record.capabilities) };
    return handleGuestCall(method, { ...params, install_id: installId }, caller, this.#services);
  }

  /**
   * Resolves when no worker has events waiting in its host-side queue. A producer that awaits this
   * between batches of `dispatch` calls gets backpressure instead of drop-oldest eviction.
   */
  async whenWritable(): Promise<void> {
    await Promise.all([...this.#live.values()].map((l) => l.worker.whenDrained()));
  }

  get(installId: string): InstallInfo | undefined {
    return this.#installs.get(installId) ? this.#info(installId) : undefined;
  }

  list(): InstallInfo[] {
    return this.#installs.list().map((r) => this.#info(r.installId));
  }

  /**
   * Resolves once every worker has handled all the events sent to it (or stopped, or failed), i.e.
   * nothing is queued, unacknowledged or in progress. `maidkit run` uses it to know the plugin is done.
   */
  async settled(options: { timeoutMs?: number; quietMs?: number } = {}): Promise<boolean> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const quiet = options.quietMs ?? 50;
    let calmSince = Date.now();
    let lastActivity = this.#activity;
    while (Date.now() < deadline) {
      const busy = [...this.#live.values()].some((l) => l.worker.busy);
      if (busy || this.#activity !== lastActivity) {
        calmSince = Date.now();
        lastActivity = this.#activity;
      } else if (Date.now() - calmSince >= quiet) {
        return true;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  }

  /** Pool mode: each pooled worker, its status and the installs it serves. */
  pools(): Array<{ id: string; pluginId: string; installs: string[]; status: string }> {
    return this.#pool.slots();
  }

  /** Pool mode: when each server cron of an install fires next (Unix ms). */
  nextServerCronFires(installId: string): Array<{ name: string; at: number }> {
    return this.#pool.nextCronFires(installId);
  }

  /** Stops every worker gracefully and closes storage. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#live.values()].map((l) => l.worker.stop('host closing')));
    this.#pool.close();
    this.#live.clear();
    this.#interactions.close();
    await this.#installServices.close();
    await this.#kv.close();
    if (this.#db.open) this.#db.close();
    this.#sdk?.dispose();
  }

  // ------------------------------------------------------------------ internals

  #activity = 0;

  #emit(caller: Pick<GuestCaller, 'pluginId' | 'installId'>, event: HostEventInput): void {
    this.#activity++;
    const full = { time: new Date().toISOString(), pluginId: caller.pluginId, installId: caller.installId, ...event } as HostEvent;
    for (const listener of this.#listeners) {
      try {
        listener(full);
      } catch {
        // A listener's bug must not take the host down.
      }
    }
  }

  #spawnLive(record: InstallRecord, register = true): Live {
    const caller: GuestCaller = { pluginId: record.pluginId, installId: record.installId, serverId: record.serverId, capabilities: new Set(record.capabilities) };
    const extras = this.#extras.get(record.installId);
    const worker =
      this.#poolOptions.enabled && extras.isolation === 'pool'
        ? this.#pool.attach(record, caller, extras.serverCrons)
        : this.#newWorker(caller, record, (event) => this.#emit(caller, event));
    const live: Live = { record: { ...record }, worker, caller, ctx: { install_id: record.installId, server_id: record.serverId } };
    if (register) this.#live.set(record.installId, live);
    return live;
  }

  /** A Worker with the host's settings; `tenants` makes it a pooled one (`record.installId` is then the pool's id). */
  #newWorker(caller: GuestCaller, record: InstallRecord, emit: (event: HostEventInput, installId?: string) => void, tenants?: WorkerTenants): Worker {
    return new Worker({
      caller,
      pluginVersion: record.pluginVersion,
      backend: this.#o.backend,
      spec: () => this.#spec(record),
      connect: (handle, limits) => {
        const isCasa = isCasaPlugin(record.pluginDir, record.entry);
        const raw = connectGuest(handle, limits, { maxConcurrency: this.#queues.maxGuestCalls, ...(isCasa ? { extraRequests: casaGuestRequests(caller, this.#o.casa, (e) => emit(e)) } : {}) });
        const conn = isCasa ? gateCasaConnection(raw, caller, casaDeclaredPermissions(record.pluginDir), (e) => emit(e)) : raw;
        return this.#o.rpcTrace ? tapConnection(conn, caller, this.#o.rpcTrace) : conn;
      },
      services: this.#services,
      emit,
      restart: this.#restart,
      timeouts: this.#timeouts,
      queues: this.#queues,
      limits: this.#protocol,
      hostVersion: HOST_VERSION,
      protocolVersions: SUPPORTED_PROTOCOL_VERSIONS,
      maxLogLine: this.#o.maxLogLine ?? 4096,
      logRate: this.#o.logRate ?? { perSecond: 200, burst: 1000 },
      ...(tenants ? { tenants } : {}),
    });
  }

  #spec(record: InstallRecord): SandboxSpec {
    // A backend with its own interpreter (Docker's image) is spawned with that path; the host's binary
    // still byte-compiles the SDK (same Python version in the base image) and runs pip.
    const inSandbox = this.#o.backend.python;
    if (inSandbox === undefined) this.#python ??= resolvePython(this.#o.python);
    this.#sdk ??= prepareSdk(this.#o.sdkRoot ?? defaultSdkRoot(), this.#python ?? this.#o.python ?? '/usr/bin/python3');
    const deps = this.#deps.sandboxPart(record.pluginDir);
    // Casa Cloner bundles (plugin.py + manifest.json) boot through casa_runtime, on top of the same SDK.
    const casa = isCasaPlugin(record.pluginDir, record.entry) ? casaLaunch(inSandbox ?? this.#python!, SDK_MOUNT, record.entry) : undefined;
    return {
      id: `${record.pluginId}@${record.pluginVersion}#${record.installId}`,
      pluginDir: record.pluginDir,
      command: casa?.command ?? [inSandbox ?? this.#python!, '-I', '-S', `${SDK_MOUNT}/mmo_maid_sdk/_boot.py`, `/plugin/${record.entry}`],
      mounts: [{ source: this.#sdk.dir, target: SDK_MOUNT }, ...(casa?.mounts ?? []), ...deps.mounts],
      env: { ...this.#o.env, ...deps.env, MAIDKIT_PROTOCOL: '1', ...(this.#o.workerScheduling === 'normal' ? {} : { MAIDKIT_SCHED: 'batch' }) },
      limits: this.#limits,
      network: 'none',
    };
  }

  async #hook(live: Live, hook: 'install' | 'enable' | 'disable' | 'uninstall'): Promise<void> {
    if (!live.worker.handlesLifecycle(hook)) return;
    try {
      await live.worker.request('lifecycle', { ctx: this.#ctx(live.record), hook });
    } catch (error) {
      // A hook that raises is the plugin's problem, reported; the transition still happens.
      this.#emit(live.caller, requestErrorEvent(`lifecycle:${hook}`, error));
      if (error instanceof SandboxError) throw error;
    }
  }

  #checkDeclared(live: Live, plugin: HostedPlugin): void {
    if (!plugin.slashCommands) return;
    // The protocol package owns the comparison, so every host warns about the same mismatches.
    for (const m of compareHandlers(live.worker.handlers, { slash_commands: plugin.slashCommands })) {
      this.#emit(live.caller, { type: 'warning', code: m.code === 'not_declared' ? 'undeclared_handler' : 'unhandled_declaration', message: m.message });
    }
  }

  #ctx(record: InstallRecord) {
    return { install_id: record.installId, server_id: record.serverId };
  }

  #record(installId: string): InstallRecord {
    const record = this.#installs.get(installId);
    if (!record) throw new SandboxError(SandboxErrorCodes.NotFound, `no install with id ${installId}`);
    return record;
  }

  #info(installId: string): InstallInfo {
    const record = this.#record(installId);
    const live = this.#live.get(installId);
    const reason = live?.worker.reason;
    return {
      installId,
      pluginId: record.pluginId,
      pluginVersion: record.pluginVersion,
      serverId: record.serverId,
      state: record.state,
      status: live?.worker.status ?? 'stopped',
      ...(reason === undefined ? {} : { reason }),
      capabilities: [...record.capabilities],
      handlers: live?.worker.handlers ?? { lifecycle: [], events: [], slash_commands: [], components: [], modals: [], dashboard: [], schedules: [], crons: [] },
    };
  }

  /** Enabled installs as interaction routing sees them, in install order (the command set's tie-break). */
  #interactionTargets(only?: string): InteractionTarget[] {
    const out: InteractionTarget[] = [];
    const lives = only === undefined ? [...this.#live.values()] : [this.#live.get(only)].filter((l) => l !== undefined);
    lives.sort((a, b) => a.record.createdAt - b.record.createdAt || (a.record.installId < b.record.installId ? -1 : 1));
    for (const live of lives) {
      const record = live.record;
      if (record.state !== 'enabled') continue;
      const ctx = live.ctx;
      out.push({
        installId: record.installId,
        pluginId: record.pluginId,
        serverId: record.serverId,
        handlers: live.worker.handlers,
        handlesEvent: (name) => live.worker.handlesEvent(name),
        request: (method, params, timeoutMs) => live.worker.request(method, { ctx, ...params }, timeoutMs),
        dispatchEvent: (name, payload) => live.worker.dispatchEvent({ ctx, name, payload }),
      });
    }
    return out;
  }

  #assertOpen(): void {
    if (this.#closed) throw new SandboxError(SandboxErrorCodes.Closed, 'the plugin host has been closed');
  }
}
