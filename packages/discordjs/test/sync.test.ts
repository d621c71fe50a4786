import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guild } from 'discord.js';
import { syncGuildCommands } from '../src/index.js';
import { GUILD_ID, connected, example, hosted, newHost } from './helpers.js';

const declared = (JSON.parse(readFileSync(join(example('interactions-plugin'), 'manifest.json'), 'utf8')) as { slash_commands: Array<Record<string, unknown>> }).slash_commands;
const writes = (calls: Array<{ method: string; path: string }>) => calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path.replace(/\d{17,}/g, ':id')}`);

describe('syncGuildCommands: per-server slash commands by difference, never a bulk overwrite', () => {
  let env: Awaited<ReturnType<typeof connected>>;
  let guild: Guild;
  beforeAll(async () => {
    env = await connected();
    guild = env.client.guilds.cache.get(GUILD_ID)!;
  });
  afterAll(async () => env.close());

  it('GIVEN a fresh server THEN each declared command is created once', async () => {
    const since = env.standIn.calls.length;
    const report = await syncGuildCommands(guild, [{ pluginId: 'my_plugin', commands: declared }]);
    expect(report).toMatchObject({ created: ['greet', 'menu', 'feedback'], updated: [], deleted: [], collisions: [] });
    expect(writes(env.standIn.calls.slice(since))).toEqual(Array(3).fill('POST /applications/:id/guilds/:id/commands'));
    expect(report.owners.get('greet')).toBe('my_plugin');
  });

  it('GIVEN nothing changed THEN the second sync reads and sends nothing', async () => {
    const since = env.standIn.calls.length;
    const report = await syncGuildCommands(guild, [{ pluginId: 'my_plugin', commands: declared }]);
    expect(report).toMatchObject({ created: [], updated: [], deleted: [], unchanged: ['greet', 'menu', 'feedback'] });
    expect(writes(env.standIn.calls.slice(since))).toEqual([]);
  });

  it('GIVEN one changed declaration THEN exactly one edit is sent, to that command\'s id', async () => {
    const greetId = env.standIn.state.commands.get(GUILD_ID)!.find((c) => c['name'] === 'greet')!['id'];
    const changed = declared.map((c) => (c['name'] === 'greet' ? { ...c, description: 'Greet someone warmly' } : c));
    const since = env.standIn.calls.length;
    const report = await syncGuildCommands(guild, [{ pluginId: 'my_plugin', commands: changed }]);
    expect(report.updated).toEqual(['greet']);
    const sent = env.standIn.calls.slice(since).filter((c) => c.method !== 'GET');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'PATCH', path: `/applications/${env.standIn.botId}/guilds/${GUILD_ID}/commands/${String(greetId)}`, body: { description: 'Greet someone warmly' } });
  });

  it('GIVEN a dropped command and a second plugin claiming a taken name THEN one delete, and the collision is reported, not overwritten', async () => {
    const since = env.standIn.calls.length;
    const report = await syncGuildCommands(guild, [
      { pluginId: 'my_plugin', commands: declared.filter((c) => c['name'] !== 'feedback').map((c) => (c['name'] === 'greet' ? { ...c, description: 'Greet someone warmly' } : c)) },
      { pluginId: 'other_plugin', commands: [{ name: 'greet', description: 'A different greet' }, { name: 'roll', description: 'Roll a die' }] },
    ]);
    expect(report.deleted).toEqual(['feedback']);
    expect(report.created).toEqual(['roll']);
    expect(report.collisions).toEqual([{ name: 'greet', keptBy: 'my_plugin', droppedFrom: ['other_plugin'] }]);
    expect(report.owners.get('roll')).toBe('other_plugin');
    expect(writes(env.standIn.calls.slice(since)).sort()).toEqual(['DELETE /applications/:id/guilds/:id/commands/:id', 'POST /applications/:id/guilds/:id/commands']);
    expect(env.standIn.calls.some((c) => c.method === 'PUT' && c.path.endsWith('/commands'))).toBe(false);
  });

  it('GIVEN a PluginHost THEN its enabled installs on the server are the source, with declarations looked up by plugin', async () => {
    const h = newHost(env.client);
    const plugin = await hosted(example('interactions-plugin'));
    try {
      const info = await h.host.install(plugin.plugin, { serverId: GUILD_ID });
      const report = await syncGuildCommands(guild, h.host, { declarations: (id) => (id === 'my_plugin' ? declared : undefined) });
      expect(report.created).toEqual(['feedback']);
      expect(report.deleted).toEqual(['roll']);
      expect(report.updated).toEqual(['greet']);
      await h.host.disable(info.installId);
      const after = await syncGuildCommands(guild, h.host, { declarations: () => declared });
      expect(after.deleted.sort()).toEqual(['feedback', 'greet', 'menu']);
      expect(env.standIn.state.commands.get(GUILD_ID)).toEqual([]);
      await expect(syncGuildCommands(guild, h.host)).rejects.toThrow(/declarations/);
    } finally {
      await h.host.close();
      plugin.dispose();
    }
  });
});
