import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, GatewayIntentBits, Partials, type ClientOptions, type Guild } from 'discord.js';
import { DiscordJsActions, attachPluginHost, syncGuildCommands, type AttachedPluginHost, type CommandSyncReport } from '@maidkit/discordjs';
import { PluginHost, SubprocessBackend, type HostEvent, type InstallInfo } from '@maidkit/sandbox-runner';
import { ADMIN_COMMAND, ADMIN_COMMAND_NAME, handleAdminCommand, type PluginAdmin } from './adminCommands.js';
import { BotError } from './BotError.js';
import type { BotConfig } from './config.js';
import { Dashboards } from './dashboards.js';
import { loadTrust, prepareBundle, type BundleSource, type InstallPolicy } from './installBundle.js';
import { PluginStore } from './PluginStore.js';

/** Every intent the sixteen plugin events need (GuildMembers and MessageContent are privileged: enable them in the portal). */
export const BOT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.GuildVoiceStates,
];

export interface BotOptions {
  /** Told about every host event (plugin logs, actions, denials, errors) and the bot's own notes. */
  log?: (line: string) => void;
}

/**
 * The assembled host: a discord.js client whose events and interactions reach the plugins installed on
 * each server (`@maidkit/discordjs` + `PluginHost` with the bubblewrap backend), `/plugins` for admins,
 * slash commands synced per server by difference, and dashboards on a local port.
 */
export class Bot implements PluginAdmin {
  readonly client: Client;
  readonly host: PluginHost;
  readonly store: PluginStore;
  readonly dashboards: Dashboards | undefined;
  readonly #config: BotConfig;
  readonly #policy: InstallPolicy;
  readonly #log: (line: string) => void;
  #attached: AttachedPluginHost | undefined;
  /** Serializes admin changes and syncs per server: two installs at once must not race the command diff. */
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly lastSync = new Map<string, CommandSyncReport>();

  constructor(config: BotConfig, options: BotOptions = {}) {
    this.#config = config;
    this.#log = options.log ?? ((line) => console.log(line));
    mkdirSync(config.dataDir, { recursive: true });
    mkdirSync(config.bundleDir, { recursive: true });
    const clientOptions: ClientOptions = {
      intents: BOT_INTENTS,
      partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildMember],
      ...(config.apiUrl === undefined ? {} : { rest: { api: config.apiUrl } }),
    };
    this.client = new Client(clientOptions);
    this.store = new PluginStore(config.dataDir);
    const trust = loadTrust(config.trustedKeys);
    this.#policy = { bundleDir: config.bundleDir, downloadHosts: config.downloadHosts, dataDir: config.dataDir, ...(trust ? { trust } : {}) };
    this.host = new PluginHost({
      backend: new SubprocessBackend(config.sandbox === 'none' ? { isolation: 'none' } : {}),
      discord: new DiscordJsActions(this.client),
      database: join(config.dataDir, 'host.db'),
    });
    this.host.subscribe((event) => this.#log(formatHostEvent(event)));
    this.dashboards = config.dashboard.port === null ? undefined : new Dashboards(this.host, this.store);
  }

  /** Logs in, resumes the installs of a previous run, syncs every server's commands, serves dashboards. */
  async start(): Promise<void> {
    this.#attached = attachPluginHost(this.client, this.host, {
      intercept: async (interaction) => {
        if (!interaction.isChatInputCommand() || interaction.commandName !== ADMIN_COMMAND_NAME) return false;
        await handleAdminCommand(interaction, this);
        return true;
      },
      onError: (error, where) => this.#log(`error ${where.event}${where.guildId ? ` on ${where.guildId}` : ''}: ${(error as Error).message}`),
    });
    this.client.on('guildCreate', (guild) => void this.sync(guild.id).catch((e: unknown) => this.#log(`sync ${guild.id} failed: ${(e as Error).message}`)));
    if (this.dashboards && this.#config.dashboard.port !== null) await this.dashboards.listen(this.#config.dashboard.port, this.#config.dashboard.host);
    const ready = new Promise<void>((resolve) => this.client.once('clientReady', () => resolve()));
    await this.client.login(this.#config.token);
    await ready;
    await this.host.resume();
    for (const guild of this.client.guilds.cache.values()) await this.sync(guild.id);
    this.#log(`ready as ${this.client.user?.tag ?? '?'} on ${this.client.guilds.cache.size} server(s)${this.dashboards ? `; dashboards on http://127.0.0.1:${this.dashboards.port}` : ''}`);
  }

  async stop(): Promise<void> {
    this.#attached?.detach();
    await this.#attached?.idle();
    await this.host.close();
    await this.dashboards?.close();
    await this.client.destroy();
  }

  /** Brings the server's application commands in line with its enabled plugins (plus `/plugins`). */
  sync(guildId: string): Promise<CommandSyncReport> {
    return this.#serial(guildId, async () => {
      const guild = this.#guild(guildId);
      const plugins = [{ pluginId: '(bot)', commands: [ADMIN_COMMAND] }];
      for (const install of this.#installs(guildId)) {
        if (install.state !== 'enabled') continue;
        const stored = this.store.get(install.pluginId, install.pluginVersion);
        if (stored && stored.slashCommands.length > 0) plugins.push({ pluginId: install.pluginId, commands: stored.slashCommands as never });
      }
      const report = await syncGuildCommands(guild, plugins);
      this.lastSync.set(guildId, report);
      for (const c of report.collisions) this.#log(`server ${guildId}: /${c.name} is declared by ${c.droppedFrom.join(', ')} too; ${c.keptBy} keeps it`);
      for (const i of report.invalid) this.#log(`server ${guildId}: ${i.pluginId}'s slash_commands are invalid: ${i.issues.map((x) => x.message).join('; ')}`);
      return report;
    });
  }

  // ------------------------------------------------------------------ PluginAdmin

  async install(guildId: string, source: BundleSource): Promise<string> {
    const stored = await prepareBundle(source, this.#policy);
    const info = await this.#serial(guildId, async () => {
      if (this.#find(guildId, stored.id)) throw new BotError('already_installed', `${stored.id} is already installed on this server`, { hint: 'uninstall it first to install another version' });
      this.store.put(stored);
      return this.host.install(this.store.hosted(stored), { serverId: guildId });
    });
    const report = await this.sync(guildId);
    const commands = stored.slashCommands.map((c) => `/${String(c['name'])}`).join(' ');
    return [
      `✅ Installed **${stored.name}** (${stored.id} ${stored.version}) — ${info.state}.`,
      `Capabilities: ${stored.capabilities.join(', ') || 'none'}`,
      stored.signers.length > 0 ? `Signed by: ${stored.signers.join(', ')}` : 'Signature: not checked (no trusted keys configured)',
      commands ? `Commands: ${commands}` : '',
      ...report.collisions.filter((c) => c.droppedFrom.includes(stored.id)).map((c) => `⚠️ /${c.name} is already taken by ${c.keptBy}; this plugin's version is not registered.`),
    ].filter(Boolean).join('\n');
  }

  async enable(guildId: string, pluginId: string): Promise<string> {
    await this.#serial(guildId, async () => this.host.enable(this.#require(guildId, pluginId).installId));
    await this.sync(guildId);
    return `✅ ${pluginId} is enabled.`;
  }

  async disable(guildId: string, pluginId: string): Promise<string> {
    await this.#serial(guildId, async () => this.host.disable(this.#require(guildId, pluginId).installId));
    await this.sync(guildId);
    return `⏸️ ${pluginId} is disabled (its data is kept).`;
  }

  async uninstall(guildId: string, pluginId: string): Promise<string> {
    await this.#serial(guildId, async () => this.host.uninstall(this.#require(guildId, pluginId).installId));
    await this.sync(guildId);
    return `🗑️ ${pluginId} is uninstalled and its data removed.`;
  }

  list(guildId: string): string {
    const installs = this.#installs(guildId);
    if (installs.length === 0) return 'No plugins on this server yet. Install one with `/plugins install`.';
    return installs.map((i) => `• **${i.pluginId}** ${i.pluginVersion} — ${i.state}, ${i.status}${i.reason ? ` (${i.reason})` : ''}`).join('\n');
  }

  dashboardLink(guildId: string, userId: string, pluginId: string): string {
    if (!this.dashboards) return 'Dashboards are turned off on this bot.';
    this.#require(guildId, pluginId);
    return `Open ${pluginId}'s dashboard (link valid 15 minutes, for you only): ${this.dashboards.link(guildId, userId, pluginId)}`;
  }

  // ------------------------------------------------------------------ internals

  #installs(guildId: string): InstallInfo[] {
    return this.host.list().filter((i) => i.serverId === guildId);
  }

  #find(guildId: string, pluginId: string): InstallInfo | undefined {
    return this.#installs(guildId).find((i) => i.pluginId === pluginId);
  }

  #require(guildId: string, pluginId: string): InstallInfo {
    const install = this.#find(guildId, pluginId);
    if (!install) throw new BotError('not_installed', `${pluginId} is not installed on this server`, { hint: 'see /plugins list' });
    return install;
  }

  #guild(guildId: string): Guild {
    const guild = this.client.guilds.cache.get(guildId);
    if (!guild) throw new BotError('not_installed', `the bot is not on server ${guildId}`);
    return guild;
  }

  #serial<T>(guildId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(guildId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.#queues.set(guildId, next);
    return next;
  }
}

/** One line per host event, for the bot's log. */
export function formatHostEvent(event: HostEvent): string {
  const who = `[${event.pluginId} ${event.installId}]`;
  switch (event.type) {
    case 'log':
      return `${who} ${event.level}: ${event.message}`;
    case 'action':
      return `${who} → ${event.method}`;
    case 'denied':
      return `${who} denied ${event.method} (needs ${event.capability})`;
    case 'error':
      return `${who} error ${event.code}: ${event.message}`;
    case 'status':
      return `${who} ${event.status}${event.reason ? ` (${event.reason})` : ''}`;
    default:
      return `${who} ${event.type}: ${'message' in event ? String(event.message) : ''}`;
  }
}
