import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  PluginHost,
  RecordingDiscordActions,
  loadHostedPlugin,
  type HostEvent,
  type IncomingInteraction,
  type KvProvider,
  type LoadedPlugin,
  type PluginHostOptions,
  type RpcTraceEntry,
  type SandboxBackend,
} from '@maidkit/sandbox-runner';
import { ChannelFeed, type FeedItem } from './channelFeed.js';
import type { EventHub } from './EventHub.js';
import type { CommandDeclaration, Interaction } from './interactionInput.js';
import { PlaygroundError, PlaygroundErrorCodes } from './PlaygroundError.js';
import { snowflakes } from './snowflakes.js';

/** What the page knows about the running plugin. */
export interface PluginInfo {
  id: string;
  name: string;
  version: string;
  description: string;
  capabilities: string[];
  slashCommands: CommandDeclaration[];
  dashboard: { manifest: unknown; iframe: boolean };
  handlers: { components: string[]; modals: string[]; dashboard: string[]; events: string[] };
  /** How many times the plugin was (re)loaded: 1 at start. */
  generation: number;
}

interface Running {
  host: PluginHost;
  installId: string;
  loaded: Extract<LoadedPlugin, { ok: true }>;
  info: PluginInfo;
}

export interface PluginSessionOptions {
  source: string;
  serverId: string;
  channelId: string;
  userId: string;
  grant: readonly string[] | undefined;
  backend: SandboxBackend;
  kv: KvProvider;
  hub: EventHub;
  /** Interaction timing (auto-defer, deadline), as PluginHost takes it. */
  interactions?: PluginHostOptions['interactions'];
  /** Anything else for each PluginHost (limits, timeouts, dependencies…). */
  hostOptions?: Omit<Partial<PluginHostOptions>, 'backend' | 'discord' | 'kv' | 'rpcTrace' | 'interactions'>;
}

/** Params bigger than this are shown truncated in the RPC panel (the plugin still gets them whole). */
const MAX_TRACE_CHARS = 16_384;
/** The host's interaction warnings, shown in the channel where Discord would show something. */
const INTERACTION_WARNINGS: Record<string, 'warning' | 'error'> = {
  interaction_unanswered: 'error',
  interaction_late: 'warning',
  interaction_auto_deferred: 'warning',
  interaction_answered_twice: 'warning',
};

/**
 * The plugin the playground runs: one PluginHost with one install, replaced as a whole on hot reload
 * (the new one is installed first and the old one is stopped only when the new one runs, so a broken
 * edit leaves the last good version running). Host events, RPC traffic and what the plugin did in the
 * channel are published to the page through the hub.
 */
export class PluginSession {
  readonly #o: PluginSessionOptions;
  readonly #feed: ChannelFeed;
  /** Components of messages on screen, so a click is checked against what the plugin really sent. */
  readonly #messageComponents = new Map<string, unknown[]>();
  /** Modals the plugin opened and the page has not submitted yet, by the interaction that opened them. */
  readonly #modals = new Map<string, { customId: string; components: unknown[] }>();
  #running: Running | undefined;
  #generation = 0;
  #reloading: Promise<unknown> = Promise.resolve();
  #kvTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: PluginSessionOptions) {
    this.#o = options;
    this.#feed = new ChannelFeed(options.channelId);
  }

  get info(): PluginInfo | undefined {
    return this.#running?.info;
  }

  get installId(): string | undefined {
    return this.#running?.installId;
  }

  get host(): PluginHost | undefined {
    return this.#running?.host;
  }

  /** The staged copy of the running version (what the dashboard server serves). */
  get pluginDir(): string | undefined {
    return this.#running?.loaded.plugin.dir;
  }

  /** Loads and starts the plugin; throws PlaygroundError when it is invalid or does not start. */
  async start(): Promise<PluginInfo> {
    this.#running = await this.#boot();
    this.#publishPlugin();
    return this.#running.info;
  }

  /**
   * Loads the plugin's files again and swaps the running version for the new one. On failure the old
   * version keeps running and the page is told why. Reloads are serialized.
   */
  reload(reason: string): Promise<{ ok: boolean; message: string }> {
    const next = this.#reloading.then(async () => {
      if (this.#closed) return { ok: false, message: 'closed' };
      this.#o.hub.publish('reload', { state: 'started', reason });
      let fresh: Running;
      try {
        fresh = await this.#boot();
      } catch (error) {
        const message = error instanceof PlaygroundError ? error.message : (error as Error).message;
        const problems = error instanceof PlaygroundError ? error.problems : [];
        this.#o.hub.publish('reload', { state: 'failed', reason, message, problems, keeping: this.#running?.info.generation ?? null });
        return { ok: false, message };
      }
      const old = this.#running;
      this.#running = fresh;
      this.#modals.clear();
      if (old) await this.#stop(old);
      this.#publishPlugin();
      this.#o.hub.publish('reload', { state: 'done', reason, generation: fresh.info.generation, version: fresh.info.version });
      return { ok: true, message: `reloaded (${reason})` };
    });
    this.#reloading = next.catch(() => undefined);
    return next;
  }

  /** A message typed in the channel: shown, then dispatched as message_create. */
  sendMessage(content: string): { messageId: string; delivered: number } {
    const running = this.#require();
    const messageId = snowflakes.next();
    const payload = { message_id: messageId, channel_id: this.#o.channelId, author_id: this.#o.userId, author_bot: false, content, timestamp: new Date().toISOString(), guild_id: this.#o.serverId };
    this.#publishFeed({ kind: 'message', id: messageId, author: 'user', content, components: [], embeds: [], ephemeral: false, channelId: this.#o.channelId, time: payload.timestamp });
    const { delivered } = running.host.dispatch('message_create', payload, { serverId: this.#o.serverId });
    return { messageId, delivered: delivered.length };
  }

  /** Any of the 16 events, e.g. from the page's event form; validated by the host. */
  dispatchEvent(name: string, payload: Record<string, unknown>): { delivered: number } {
    const running = this.#require();
    try {
      return { delivered: running.host.dispatch(name, payload, { serverId: this.#o.serverId }).delivered.length };
    } catch (error) {
      throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, (error as Error).message, { problems: [{ path: '/payload', code: 'invalid_event', message: (error as Error).message }] });
    }
  }

  messageComponents(messageId: string): unknown[] | undefined {
    return this.#messageComponents.get(messageId);
  }

  modal(interactionId: string): { customId: string; components: unknown[] } | undefined {
    return this.#modals.get(interactionId);
  }

  /**
   * Hands an interaction to the host as a bot would (PluginHost.interact, with a made-up token): the
   * host routes it, keeps Discord's 3 s deadline (auto-defer) and turns the plugin's answers into
   * interaction callbacks, which come back here as actions. Problems show in the channel as Discord
   * would show them ("This interaction failed").
   */
  interact(interaction: Interaction, shown?: { command?: string; messageId?: string }): void {
    const running = this.#require();
    const id = interaction.interaction_id;
    if (interaction.interaction_type === 'modal_submit') {
      for (const [key, m] of this.#modals) if (m.customId === interaction.custom_id) this.#modals.delete(key);
    }
    if (shown?.messageId !== undefined) this.#feed.clicked(id, shown.messageId);
    if (shown?.command !== undefined) this.#publishFeed({ kind: 'notice', level: 'info', text: shown.command, interactionId: id });
    const incoming: IncomingInteraction = {
      id,
      token: `playground-${randomBytes(12).toString('hex')}`,
      type: interaction.interaction_type,
      guild_id: interaction.guild_id ?? this.#o.serverId,
      user_id: interaction.user_id,
      channel_id: interaction.channel_id,
      ...(interaction.command_name === undefined ? {} : { command_name: interaction.command_name }),
      ...(interaction.options === undefined ? {} : { options: interaction.options }),
      ...(interaction.custom_id === undefined ? {} : { custom_id: interaction.custom_id }),
      ...(interaction.values === undefined ? {} : { values: interaction.values }),
      ...(interaction.modal_values === undefined ? {} : { modal_values: interaction.modal_values }),
    };
    running.host.interact(incoming, { installId: running.installId }).then(
      (outcome) => {
        if (!outcome.routed) this.#publishFeed({ kind: 'notice', level: 'error', text: `This interaction failed: ${outcome.reason}`, interactionId: id });
        else if (outcome.error) this.#publishFeed({ kind: 'notice', level: 'error', text: `${outcome.initial ? 'The handler failed after answering' : 'This interaction failed'}: ${outcome.error.message}`, interactionId: id });
      },
      (error: unknown) => this.#publishFeed({ kind: 'notice', level: 'error', text: `This interaction failed: ${(error as Error).message}`, interactionId: id }),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#reloading;
    clearTimeout(this.#kvTimer);
    if (this.#running) await this.#stop(this.#running);
    this.#running = undefined;
  }

  // ------------------------------------------------------------------ internals

  #require(): Running {
    if (!this.#running) throw new PlaygroundError(PlaygroundErrorCodes.PluginUnavailable, 'the plugin is not running', { hint: 'fix the error shown in the banner; the playground reloads when you save' });
    return this.#running;
  }

  async #boot(): Promise<Running> {
    const loaded = await loadHostedPlugin(this.#o.source);
    if (!loaded.ok) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      throw new PlaygroundError(PlaygroundErrorCodes.PluginInvalid, `${this.#o.source} is not a runnable plugin: ${errors.map((d) => d.message).join('; ')}`, {
        problems: errors.map((d) => ({ path: `${d.file ?? ''}${d.path ?? ''}`, code: d.code, message: d.message })),
      });
    }
    const generation = ++this.#generation;
    const discord = new RecordingDiscordActions();
    // The host reports every action; the recording's own list would only grow.
    discord.onAction(() => discord.clear());
    const host = new PluginHost({
      ...this.#o.hostOptions,
      backend: this.#o.backend,
      discord,
      kv: this.#o.kv,
      rpcTrace: (entry) => this.#onRpc(entry, generation),
      ...(this.#o.interactions ? { interactions: this.#o.interactions } : {}),
    });
    host.subscribe((event) => this.#onHostEvent(event, generation));
    try {
      const installed = await host.install(loaded.plugin, { serverId: this.#o.serverId, ...(this.#o.grant ? { grant: this.#o.grant } : {}) });
      await host.settled({ timeoutMs: 5_000 });
      const handlers = installed.handlers;
      const info = this.#describe(loaded, generation, {
        components: [...handlers.components],
        modals: [...handlers.modals],
        dashboard: [...handlers.dashboard],
        events: [...handlers.events],
      });
      return { host, installId: installed.installId, loaded, info };
    } catch (error) {
      await host.close().catch(() => undefined);
      loaded.dispose();
      if (error instanceof PlaygroundError) throw error;
      throw new PlaygroundError(PlaygroundErrorCodes.StartFailed, `${loaded.plugin.id} did not start: ${(error as Error).message}`, { cause: error });
    }
  }

  #describe(loaded: Extract<LoadedPlugin, { ok: true }>, generation: number, handlers: PluginInfo['handlers']): PluginInfo {
    const dir = loaded.plugin.dir;
    const manifest = readJson(join(dir, 'manifest.json')) as Record<string, unknown> | undefined;
    const commands = Array.isArray(manifest?.['slash_commands']) ? (manifest['slash_commands'] as CommandDeclaration[]) : [];
    const dashboardManifest = readJson(join(dir, 'dashboard_manifest.json')) ?? null;
    const iframe = existsSync(join(dir, 'dashboard', 'index.html')) && statSync(join(dir, 'dashboard', 'index.html')).isFile();
    return {
      id: loaded.plugin.id,
      name: typeof manifest?.['name'] === 'string' ? manifest['name'] : loaded.plugin.id,
      version: loaded.plugin.version,
      description: typeof manifest?.['description'] === 'string' ? manifest['description'] : '',
      capabilities: [...loaded.plugin.capabilities],
      slashCommands: commands,
      dashboard: { manifest: dashboardManifest, iframe },
      handlers,
      generation,
    };
  }

  async #stop(running: Running): Promise<void> {
    await running.host.close().catch(() => undefined);
    running.loaded.dispose();
  }

  #publishPlugin(): void {
    if (this.#running) this.#o.hub.publish('plugin', this.#running.info);
    this.#scheduleKv();
  }

  #publishFeed(item: FeedItem): void {
    if (item.kind === 'message' || item.kind === 'update') {
      if (item.components !== undefined && item.components.length > 0) {
        this.#messageComponents.set(item.id, item.components);
        // Bounded: old messages' components are forgotten (clicking them then says so).
        if (this.#messageComponents.size > 500) this.#messageComponents.delete(this.#messageComponents.keys().next().value as string);
      }
    }
    if (item.kind === 'delete') this.#messageComponents.delete(item.id);
    if (item.kind === 'modal') this.#modals.set(item.interactionId, { customId: item.customId, components: item.components });
    this.#o.hub.publish('feed', item);
  }

  #onHostEvent(event: HostEvent, generation: number): void {
    // Events of a replaced version still show in the log panel, tagged with their generation.
    this.#o.hub.publish('host', { ...event, generation });
    if (event.type === 'warning' && INTERACTION_WARNINGS[event.code] !== undefined) {
      const ix = (event.data as { interaction_id?: unknown } | undefined)?.interaction_id;
      this.#publishFeed({ kind: 'notice', level: INTERACTION_WARNINGS[event.code]!, text: event.message, ...(typeof ix === 'string' ? { interactionId: ix } : {}) });
    }
    if (event.type !== 'action') return;
    for (const item of this.#feed.fromAction(event)) this.#publishFeed(item);
  }

  #onRpc(entry: RpcTraceEntry, generation: number): void {
    const text = JSON.stringify(entry);
    const shown = text.length <= MAX_TRACE_CHARS ? entry : { ...entry, params: { truncated: `${text.length} characters` }, outcome: entry.outcome && (entry.outcome.ok ? { ok: true, result: { truncated: true } } : entry.outcome) };
    this.#o.hub.publish('rpc', { ...shown, generation });
    if (entry.direction === 'guest_to_host' && /^kv\.(set|delete|set_many)$/.test(entry.method)) this.#scheduleKv();
  }

  #scheduleKv(): void {
    clearTimeout(this.#kvTimer);
    this.#kvTimer = setTimeout(() => this.#o.hub.publish('kv-changed', {}), 30);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
