import { Routes, type Guild } from 'discord.js';
import { buildCommandSet, diffCommands, type CommandCollision, type CommandSet, type PluginCommands, type PluginHost, type RegisteredCommand } from '@maidkit/sandbox-runner';
import { DiscordJsError } from './DiscordJsError.js';

export interface CommandSyncReport {
  guildId: string;
  /** Names created, edited, deleted and left alone on Discord by this sync. */
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
  /** Two plugins declaring one name: the first (install order) keeps it; never silently overwritten. */
  collisions: CommandCollision[];
  invalid: CommandSet['invalid'];
  overLimit: CommandSet['overLimit'];
  /** Command name → the plugin that owns it on this server (for routing). */
  owners: Map<string, string>;
}

export interface SyncGuildCommandsOptions {
  /**
   * The `slash_commands` a plugin's manifest declares (the host keeps only their names). Needed when
   * `source` is a `PluginHost`; return `undefined` for a plugin without commands.
   */
  declarations?: (pluginId: string, pluginVersion: string) => readonly unknown[] | undefined;
}

/**
 * Brings one server's application commands in line with its enabled plugins' declarations: fetches
 * what Discord has, computes the difference with `buildCommandSet` + `diffCommands`, and sends only
 * the creates, edits and deletes that difference needs — never a blind bulk overwrite, so a sync with
 * nothing changed makes no write at all, and command ids (and users' permissions on them) survive.
 */
export async function syncGuildCommands(guild: Guild, source: PluginHost | readonly PluginCommands[], options: SyncGuildCommandsOptions = {}): Promise<CommandSyncReport> {
  const plugins = Array.isArray(source) ? (source as readonly PluginCommands[]) : pluginCommandsOf(guild.id, source as PluginHost, options);
  const set = buildCommandSet(plugins);
  const client = guild.client;
  const appId = client.application?.id ?? client.user?.id;
  if (!appId) throw new DiscordJsError('unavailable', 'commands.sync', 'the client is not logged in (no application id)');
  const registered = await run(() => client.rest.get(Routes.applicationGuildCommands(appId, guild.id)) as Promise<RegisteredCommand[]>);
  const diff = diffCommands(set.commands.map((c) => c.command), registered);
  const report: CommandSyncReport = {
    guildId: guild.id,
    created: [],
    updated: [],
    deleted: [],
    unchanged: diff.unchanged,
    collisions: set.collisions,
    invalid: set.invalid,
    overLimit: set.overLimit,
    owners: new Map(set.commands.map((c) => [c.name, c.pluginId])),
  };
  // Deletes first: a server at Discord's 100-command limit needs the room before creating.
  for (const gone of diff.delete) {
    await run(() => client.rest.delete(Routes.applicationGuildCommand(appId, guild.id, gone.id)));
    report.deleted.push(gone.name);
  }
  for (const { id, command } of diff.update) {
    await run(() => client.rest.patch(Routes.applicationGuildCommand(appId, guild.id, id), { body: command }));
    report.updated.push(String(command['name']));
  }
  for (const command of diff.create) {
    await run(() => client.rest.post(Routes.applicationGuildCommands(appId, guild.id), { body: command }));
    report.created.push(String(command['name']));
  }
  return report;
}

/** Enabled installs on the server, in install order, with their declarations. */
function pluginCommandsOf(guildId: string, host: PluginHost, options: SyncGuildCommandsOptions): PluginCommands[] {
  if (!options.declarations) throw new TypeError('syncGuildCommands(guild, host) needs options.declarations: the host does not keep the manifests\' slash_commands');
  const out: PluginCommands[] = [];
  for (const install of host.list()) {
    if (install.serverId !== guildId || install.state !== 'enabled') continue;
    const commands = options.declarations(install.pluginId, install.pluginVersion);
    if (commands && commands.length > 0) out.push({ pluginId: install.pluginId, commands });
  }
  return out;
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw DiscordJsError.from('commands.sync', error);
  }
}
