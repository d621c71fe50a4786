import type { CasaManifest } from '@maidkit/manifest';

/**
 * Casa Cloner permission → the maidkit capability the host grants for it (the guest's
 * `casa_runtime/rules.py` carries the same table).
 * - `storage.local` → `storage:kv`: `api.storage_*` are the install's own KV namespace.
 * - `http.request` → `proxy:http`: unlocks Casa's gated imports inside the sandbox, which has no network.
 * - `events.message`, `events.clone` → dispatch gates the host applies before sending anything.
 * - `discord.token` → a host-only capability; the token itself leaves the host only through a provider
 *   the host author configured (`PluginHostOptions.casa.discordToken`).
 */
export const CASA_CAPABILITIES = Object.freeze({
  'storage.local': 'storage:kv',
  'http.request': 'proxy:http',
  'events.message': 'casa:message_events',
  'events.clone': 'casa:clone_events',
  'discord.token': 'casa:discord_token',
} as const);

export type CasaPermissionName = keyof typeof CASA_CAPABILITIES;

export const CASA_MESSAGE_EVENTS = CASA_CAPABILITIES['events.message'];
export const CASA_CLONE_EVENTS = CASA_CAPABILITIES['events.clone'];
export const CASA_DISCORD_TOKEN = CASA_CAPABILITIES['discord.token'];

/**
 * The capabilities a Casa install needs, from its manifest. One compatibility rule: a manifest that
 * declares no `events.*` permission at all predates event permissions — the seed's own hello-world
 * (`"permissions": []`, `on_message` in `hooks`) must answer `!ping` — so it gets message events for the
 * `on_message` it lists. Once a manifest declares any `events.*`, each event kind needs its own.
 * Clone hooks always need `events.clone`.
 */
export function casaCapabilities(manifest: Pick<CasaManifest, 'permissions' | 'hooks'>): string[] {
  const out = new Set<string>();
  for (const permission of manifest.permissions) {
    const capability = (CASA_CAPABILITIES as Record<string, string>)[permission];
    if (capability !== undefined) out.add(capability);
  }
  const usesEventPermissions = manifest.permissions.some((p) => p.startsWith('events.'));
  if (!usesEventPermissions && manifest.hooks.includes('on_message')) out.add(CASA_MESSAGE_EVENTS);
  return [...out].sort();
}

/** The host's view of a Casa Cloner bundle written to `dir`: its own worker (no pool: the api is per process). */
export function casaHostedPlugin(manifest: Pick<CasaManifest, 'id' | 'version' | 'permissions' | 'hooks'>, dir: string): { id: string; version: string; dir: string; entry: string; capabilities: string[]; isolation: 'dedicated' } {
  return { id: manifest.id, version: manifest.version, dir, entry: 'plugin.py', capabilities: casaCapabilities(manifest), isolation: 'dedicated' };
}
