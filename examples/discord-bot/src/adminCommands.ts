import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { BotError } from './BotError.js';
import type { BundleSource } from './installBundle.js';

/** The bot's own command: registered on every server before the plugins' (it wins a name collision). */
export const ADMIN_COMMAND_NAME = 'plugins';

const pluginOption = { type: 3, name: 'plugin', description: 'Plugin id (from manifest.json)', required: true };

export const ADMIN_COMMAND = {
  name: ADMIN_COMMAND_NAME,
  description: "Manage this server's plugins",
  // Manage Server: Discord hides the command from everyone else (and the bot checks again).
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: 1,
      name: 'install',
      description: 'Install a plugin bundle (a path in the bundle folder, or an attached .zip)',
      options: [
        { type: 3, name: 'path', description: "Bundle path inside the bot's bundle folder", required: false },
        { type: 11, name: 'bundle', description: 'The plugin .zip', required: false },
        { type: 11, name: 'statement', description: 'Its signed release statement (.statement.json)', required: false },
      ],
    },
    { type: 1, name: 'enable', description: 'Turn an installed plugin on', options: [pluginOption] },
    { type: 1, name: 'disable', description: 'Turn a plugin off (it keeps its data)', options: [pluginOption] },
    { type: 1, name: 'uninstall', description: 'Remove a plugin and its data from this server', options: [pluginOption] },
    { type: 1, name: 'list', description: 'List the plugins on this server' },
    { type: 1, name: 'dashboard', description: "Get a link to a plugin's dashboard", options: [pluginOption] },
  ],
} as const;

/** What the admin command asks of the bot (implemented by `Bot`). */
export interface PluginAdmin {
  install(guildId: string, source: BundleSource): Promise<string>;
  enable(guildId: string, pluginId: string): Promise<string>;
  disable(guildId: string, pluginId: string): Promise<string>;
  uninstall(guildId: string, pluginId: string): Promise<string>;
  list(guildId: string): string;
  dashboardLink(guildId: string, userId: string, pluginId: string): string;
}

/** Runs `/plugins …`: checks the caller may manage the server, defers (installs take seconds), answers ephemerally. */
export async function handleAdminCommand(interaction: ChatInputCommandInteraction, admin: PluginAdmin): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply({ content: 'You need the **Manage Server** permission to manage plugins.', flags: MessageFlags.Ephemeral });
    return;
  }
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'list') {
    await interaction.reply({ content: admin.list(guildId), flags: MessageFlags.Ephemeral });
    return;
  }
  if (sub === 'dashboard') {
    await interaction.reply({ content: admin.dashboardLink(guildId, interaction.user.id, interaction.options.getString('plugin', true)), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let text: string;
  try {
    if (sub === 'install') text = await admin.install(guildId, installSource(interaction));
    else {
      const plugin = interaction.options.getString('plugin', true);
      text = sub === 'enable' ? await admin.enable(guildId, plugin) : sub === 'disable' ? await admin.disable(guildId, plugin) : await admin.uninstall(guildId, plugin);
    }
  } catch (error) {
    text = describeError(error);
  }
  await interaction.editReply({ content: text.slice(0, 2000) });
}

function installSource(interaction: ChatInputCommandInteraction): BundleSource {
  const path = interaction.options.getString('path');
  const bundle = interaction.options.getAttachment('bundle');
  const statement = interaction.options.getAttachment('statement');
  if (path && bundle) throw new BotError('bundle_invalid', 'give either `path` or `bundle`, not both');
  if (path) return { path };
  if (bundle) return { url: bundle.url, ...(statement ? { statementUrl: statement.url } : {}) };
  throw new BotError('bundle_invalid', 'give a bundle: `path` (in the bundle folder) or `bundle` (an attached .zip)');
}

/** An admin-facing message: what went wrong, every problem, and what to do. */
export function describeError(error: unknown): string {
  if (error instanceof BotError) {
    const lines = [`❌ ${error.message} (\`${error.code}\`)`, ...error.problems.slice(0, 15).map((p) => `• ${p}`)];
    if (error.problems.length > 15) lines.push(`• … and ${error.problems.length - 15} more`);
    if (error.hint) lines.push(`Hint: ${error.hint}`);
    return lines.join('\n');
  }
  const e = error as { message?: string; code?: unknown };
  return `❌ ${e.message ?? String(error)}${typeof e.code === 'string' ? ` (\`${e.code}\`)` : ''}`;
}
