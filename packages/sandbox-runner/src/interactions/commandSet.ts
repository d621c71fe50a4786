import { toApplicationCommand, validateCommandDeclarations, type ValidationIssue } from '@maidkit/components';

/**
 * Which application commands a host registers for one server: the union of the slash commands its
 * enabled plugins declare (seed 001), each owned by exactly one plugin. Two plugins declaring the same
 * name is a collision: the plugin listed first (install order) keeps it, the others are reported and
 * their command is left out, never silently overwritten. `diffCommands` then compares the set with what
 * Discord has, so a sync creates, edits and deletes only what changed instead of a blind overwrite.
 */
export interface PluginCommands {
  pluginId: string;
  /** The manifest's `slash_commands` (already normalized by `@maidkit/manifest`). */
  commands: readonly unknown[];
}

export interface OwnedCommand {
  pluginId: string;
  name: string;
  /** Application-command JSON to register (type 1, chat input). */
  command: Record<string, unknown>;
}

export interface CommandCollision {
  name: string;
  /** The plugin that keeps the name. */
  keptBy: string;
  /** Plugins whose declaration of the name was left out. */
  droppedFrom: string[];
}

export interface CommandSet {
  commands: OwnedCommand[];
  collisions: CommandCollision[];
  /** Declarations that fail Discord's rules, per plugin, with their paths. */
  invalid: Array<{ pluginId: string; issues: ValidationIssue[] }>;
  /** Commands left out because the server's limit was reached. */
  overLimit: Array<{ pluginId: string; name: string }>;
}

/** Discord allows 100 chat-input commands per application per guild. */
export const GUILD_COMMAND_LIMIT = 100;

export function buildCommandSet(plugins: readonly PluginCommands[], limit = GUILD_COMMAND_LIMIT): CommandSet {
  const owner = new Map<string, OwnedCommand>();
  const collisions = new Map<string, CommandCollision>();
  const invalid: CommandSet['invalid'] = [];
  const overLimit: CommandSet['overLimit'] = [];
  for (const plugin of plugins) {
    const issues = validateCommandDeclarations(plugin.commands);
    if (issues.length > 0) {
      invalid.push({ pluginId: plugin.pluginId, issues });
      continue; // an invalid declaration would be refused by Discord anyway; register none of that plugin's
    }
    for (const decl of plugin.commands) {
      const command = toApplicationCommand(decl as Record<string, unknown>, { validate: false }) as unknown as Record<string, unknown>;
      const name = String(command.name).toLowerCase();
      const existing = owner.get(name);
      if (existing) {
        if (existing.pluginId === plugin.pluginId) continue; // validation already refuses duplicates within one plugin
        const c = collisions.get(name) ?? { name, keptBy: existing.pluginId, droppedFrom: [] };
        c.droppedFrom.push(plugin.pluginId);
        collisions.set(name, c);
        continue;
      }
      if (owner.size >= limit) {
        overLimit.push({ pluginId: plugin.pluginId, name });
        continue;
      }
      owner.set(name, { pluginId: plugin.pluginId, name, command });
    }
  }
  return { commands: [...owner.values()], collisions: [...collisions.values()], invalid, overLimit };
}

/** A command as Discord returns it: the registered fields plus ids and versions. */
export interface RegisteredCommand {
  id: string;
  name: string;
  type?: number;
  [key: string]: unknown;
}

export interface CommandDiff {
  create: Array<Record<string, unknown>>;
  update: Array<{ id: string; command: Record<string, unknown> }>;
  delete: Array<{ id: string; name: string }>;
  unchanged: string[];
}

/**
 * What to send to Discord to go from `registered` to `wanted`. Only chat-input commands (type 1) are
 * managed; user and message commands registered by someone else are left alone.
 */
export function diffCommands(wanted: readonly Record<string, unknown>[], registered: readonly RegisteredCommand[]): CommandDiff {
  const diff: CommandDiff = { create: [], update: [], delete: [], unchanged: [] };
  const current = new Map(registered.filter((r) => (r.type ?? 1) === 1).map((r) => [r.name.toLowerCase(), r]));
  for (const command of wanted) {
    const name = String(command.name).toLowerCase();
    const have = current.get(name);
    current.delete(name);
    if (!have) diff.create.push(command);
    else if (canonical(command) !== canonical(have)) diff.update.push({ id: have.id, command });
    else diff.unchanged.push(name);
  }
  for (const leftover of current.values()) diff.delete.push({ id: leftover.id, name: leftover.name });
  return diff;
}

// Fields Discord adds or defaults; comparing without them avoids an edit on every sync.
const SERVER_FIELDS = new Set(['id', 'application_id', 'guild_id', 'version', 'default_permission']);
const DEFAULTS: Record<string, unknown> = { type: 1, nsfw: false, dm_permission: true, default_member_permissions: null, options: [], required: false, autocomplete: false, name_localizations: null, description_localizations: null };

function canonical(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (SERVER_FIELDS.has(key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key in DEFAULTS && JSON.stringify(v) === JSON.stringify(DEFAULTS[key])) continue;
    if (key === 'contexts' || key === 'integration_types') continue; // host-level policy, not the plugin's
    out[key] = normalize(v);
  }
  return out;
}
