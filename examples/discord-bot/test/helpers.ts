import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { DiscordStandIn, type RecordedRestCall, type StandInGuild } from '@maidkit/discordjs/testing';
import { Bot, type BotConfig } from '../src/index.js';

export const GUILD_ID = '210000000000000001';
export const CHANNEL_ID = '310000000000000001';
export const ADMIN_ID = '410000000000000001';
export const MEMBER_ID = '410000000000000002';

export const examplesDir = fileURLToPath(new URL('../../', import.meta.url));

export function guild(): StandInGuild {
  return {
    id: GUILD_ID,
    name: 'Bot Test Server',
    ownerId: ADMIN_ID,
    channels: [{ id: CHANNEL_ID, name: 'general' }],
    roles: [{ id: '510000000000000001', name: 'Gamer' }],
    members: [{ id: ADMIN_ID, username: 'admin' }, { id: MEMBER_ID, username: 'member' }],
  };
}

export interface Running {
  standIn: DiscordStandIn;
  bot: Bot;
  dataDir: string;
  bundleDir: string;
  logs: string[];
  close(): Promise<void>;
}

/** The example bot, logged in to a fresh stand-in, with copies of example plugins in its bundle folder. */
export async function startBot(config: Partial<BotConfig> = {}, plugins: string[] = ['hello-plugin', 'interactions-plugin', 'dashboard-plugin']): Promise<Running> {
  const standIn = await new DiscordStandIn({ guilds: [guild()] }).start();
  const dataDir = mkdtempSync(join(tmpdir(), 'maidkit-bot-'));
  const bundleDir = join(dataDir, 'bundles');
  for (const p of plugins) cpSync(join(examplesDir, p), join(bundleDir, p), { recursive: true });
  const logs: string[] = [];
  const bot = new Bot(
    { token: standIn.token, dataDir, apiUrl: standIn.apiUrl, bundleDir, downloadHosts: [], dashboard: { port: 0, host: '127.0.0.1' }, sandbox: 'subprocess', ...config },
    { log: (line) => logs.push(line) },
  );
  await bot.start();
  return {
    standIn,
    bot,
    dataDir,
    bundleDir,
    logs,
    async close() {
      await bot.stop();
      await standIn.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `/plugins <sub> …` as `userId` and resolves with the text the bot finally showed (reply or edited deferral). */
export async function admin(r: Running, sub: string, options: Array<{ name: string; type: number; value: string }> = [], extra: { userId?: string; permissions?: string; resolved?: Record<string, unknown> } = {}): Promise<string> {
  const since = r.standIn.calls.length;
  const id = r.standIn.interaction({
    kind: 'slash_command',
    name: 'plugins',
    guildId: GUILD_ID,
    userId: extra.userId ?? ADMIN_ID,
    options: [{ type: 1, name: sub, options }],
    ...(extra.permissions === undefined ? {} : { permissions: extra.permissions }),
    ...(extra.resolved === undefined ? {} : { resolved: extra.resolved }),
  });
  const token = `token_${id}`;
  const final = await r.standIn.waitForCall(
    (c) => (c.path === `/interactions/${id}/${token}/callback` && (c.body as { type: number }).type === 4) || (c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`)),
    { since, timeoutMs: 30_000 },
  );
  const body = final.body as { type?: number; data?: { content: string }; content?: string };
  return body.type === 4 ? body.data!.content : body.content!;
}

/** Slash commands the stand-in holds for the test server, by name. */
export function registeredNames(r: Running): string[] {
  return (r.standIn.state.commands.get(GUILD_ID) ?? []).map((c) => String(c['name'])).sort();
}

export function writes(calls: RecordedRestCall[]): RecordedRestCall[] {
  return calls.filter((c) => c.method !== 'GET');
}

/** A plugin folder as a zip (files at the root), as `maidkit sign` expects. */
export async function zipFolder(dir: string): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const name of readdirSync(dir)) {
    if (name === '.maidkitignore' || name === 'events.jsonl') continue;
    zip.file(name, readFileSync(join(dir, name)));
  }
  return zip.generateAsync({ type: 'uint8array' });
}
