/**
 * The capability catalogue: every name a plugin may put in `capabilities_required`, exactly as
 * PROTOCOL.md §5 names them (the runner checks the same list before carrying out a request), with one
 * sentence a server admin reads at install time.
 *
 * Baseline capabilities are held by every install without being declared (the seeds use `ctx.kv` and
 * `ctx.metrics` without listing anything); a host may still withdraw them.
 */
export interface CapabilityInfo {
  readonly name: string;
  /** One line for the install prompt. */
  readonly description: string;
  /** Granted implicitly to every install. */
  readonly baseline: boolean;
  /** The `ctx` surface it unlocks, for developer-facing docs. */
  readonly api: string;
}

const entries = [
  ['discord:send_message', 'Send and edit its own messages in channels of this server.', false, 'ctx.discord.send_message, edit_message'],
  ['discord:manage_messages', 'Delete messages in channels of this server.', false, 'ctx.discord.delete_message'],
  ['discord:add_reactions', 'Add and remove reactions on messages.', false, 'ctx.discord.add_reaction, remove_reaction'],
  ['discord:manage_roles', 'Give roles to members and take them away.', false, 'ctx.discord.add_role, remove_role'],
  ['discord:send_dm', 'Send direct messages to members of this server.', false, 'ctx.discord.send_dm'],
  ['discord:moderate_members', 'Time members out (temporarily mute them).', false, 'ctx.discord.timeout_member'],
  ['discord:kick_members', 'Kick members from this server.', false, 'ctx.discord.kick_member'],
  ['discord:ban_members', 'Ban members from this server.', false, 'ctx.discord.ban_member'],
  ['discord:read', 'Look up members (names, roles) and channels of this server.', false, 'ctx.discord.get_member, get_channel'],
  ['interaction:respond', 'Answer its slash commands, buttons and forms (added automatically with slash_commands).', false, 'ctx.interaction.*'],
  ['storage:kv', 'Keep its own settings and small data for this server (always granted).', true, 'ctx.kv.*, ctx.ephemeral.*'],
  ['metrics', 'Record and chart its own usage counters (always granted).', true, 'ctx.metrics.*'],
  ['storage:sql', 'Keep its own SQL database for this server.', false, 'ctx.sql.*'],
  ['proxy:http', 'Make web requests, only to the domains it lists (added automatically with proxy_domains_requested).', false, 'ctx.http.*'],
] as const;

export type CapabilityName = (typeof entries)[number][0];

/** The catalogue, keyed by name, in a stable order. */
export const CAPABILITIES: Readonly<Record<CapabilityName, CapabilityInfo>> = Object.freeze(
  Object.fromEntries(
    entries.map(([name, description, baseline, api]) => [name, Object.freeze({ name, description, baseline, api })]),
  ) as Record<CapabilityName, CapabilityInfo>,
);

export const CAPABILITY_NAMES: readonly CapabilityName[] = Object.freeze(entries.map((e) => e[0]));

export const BASELINE_CAPABILITIES: readonly CapabilityName[] = Object.freeze(
  entries.filter((e) => e[2]).map((e) => e[0]),
);

export function isCapabilityName(name: unknown): name is CapabilityName {
  return typeof name === 'string' && Object.hasOwn(CAPABILITIES, name);
}

export function isBaselineCapability(name: string): boolean {
  return isCapabilityName(name) && CAPABILITIES[name].baseline;
}

/** The admin-facing line for a capability, or undefined for an unknown name. */
export function describeCapability(name: string): string | undefined {
  return isCapabilityName(name) ? CAPABILITIES[name].description : undefined;
}
