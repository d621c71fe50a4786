import { Client, GatewayIntentBits, Partials } from 'discord.js';
import { DiscordStandIn, type StandInGuild } from '../src/testing/index.js';

export const GUILD_ID = '200000000000000001';
export const OTHER_GUILD_ID = '200000000000000002';
export const CHANNEL_ID = '300000000000000001';
export const OTHER_CHANNEL_ID = '300000000000000009';
export const USER_ID = '400000000000000001';
export const ROLE_ID = '500000000000000001';

export function testGuilds(): StandInGuild[] {
  return [
    {
      id: GUILD_ID,
      name: 'Test Server',
      ownerId: USER_ID,
      channels: [{ id: CHANNEL_ID, name: 'general' }, { id: '300000000000000002', name: 'Voice', type: 2 }],
      roles: [{ id: ROLE_ID, name: 'Gamer' }],
      members: [{ id: USER_ID, username: 'ann', roles: [] }, { id: '400000000000000002', username: 'bob', roles: [ROLE_ID] }],
    },
    {
      id: OTHER_GUILD_ID,
      name: 'Other Server',
      ownerId: USER_ID,
      channels: [{ id: OTHER_CHANNEL_ID, name: 'elsewhere' }],
      roles: [],
      members: [{ id: USER_ID, username: 'ann' }],
    },
  ];
}

/** The intents and partials a maidkit host needs for all sixteen events. */
export function newClient(standIn: DiscordStandIn): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.GuildVoiceStates,
    ],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildMember],
    rest: { api: standIn.apiUrl },
  });
}

/** A stand-in with the test guilds and a logged-in discord.js client connected to it. */
export async function connected(): Promise<{ standIn: DiscordStandIn; client: Client; close: () => Promise<void> }> {
  const standIn = await new DiscordStandIn({ guilds: testGuilds() }).start();
  const client = newClient(standIn);
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(standIn.token);
  await ready;
  return {
    standIn,
    client,
    close: async () => {
      await client.destroy();
      await standIn.close();
    },
  };
}

/** Resolves with the next emission of a client event. */
export function nextEvent<T extends unknown[]>(client: Client, name: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    client.once(name as never, ((...args: T) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}

import { fileURLToPath } from 'node:url';
import { PluginHost, SubprocessBackend, loadHostedPlugin, type HostEvent, type HostedPlugin } from '@maidkit/sandbox-runner';
import { DiscordJsActions } from '../src/index.js';

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

/** A PluginHost whose actions go through discord.js, with every host event collected. */
export function newHost(client: Client): { host: PluginHost; events: HostEvent[]; actions: DiscordJsActions } {
  const actions = new DiscordJsActions(client);
  const host = new PluginHost({ backend: new SubprocessBackend(), discord: actions });
  const events: HostEvent[] = [];
  host.subscribe((e) => events.push(e));
  return { host, events, actions };
}

/** Reads and validates a plugin folder for the host (disposed with the returned function). */
export async function hosted(dir: string): Promise<{ plugin: HostedPlugin; dispose: () => void }> {
  const loaded = await loadHostedPlugin(dir);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return { plugin: loaded.plugin, dispose: loaded.dispose };
}

/** Resolves with the first host event (already collected or future) that `match` accepts. */
export async function waitFor<T extends HostEvent>(events: HostEvent[], match: (e: HostEvent) => e is T, timeoutMs?: number): Promise<T>;
export async function waitFor(events: HostEvent[], match: (e: HostEvent) => boolean, timeoutMs?: number): Promise<HostEvent>;
export async function waitFor(events: HostEvent[], match: (e: HostEvent) => boolean, timeoutMs = 10_000): Promise<HostEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = events.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no matching host event within ${timeoutMs} ms; got: ${events.map((e) => e.type + ('message' in e ? ` ${String(e.message).slice(0, 120)}` : '')).join(' | ')}`);
}
