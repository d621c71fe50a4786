import { afterAll, describe, expect, it } from 'vitest';
import { rawMessage } from '@maidkit/discordjs/testing';
import { Bot } from '../src/index.js';
import { CHANNEL_ID, GUILD_ID, MEMBER_ID, admin, startBot, writes, type Running } from './helpers.js';

describe('the example bot across a restart', () => {
  let r: Running;
  afterAll(async () => r.close());

  it('GIVEN an install and a restart on the same data folder THEN the plugin resumes, answers !ping, and the sync writes nothing', async () => {
    r = await startBot({}, ['hello-plugin']);
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'hello-plugin' }])).toContain('Installed');
    await r.bot.stop();

    const since = r.standIn.calls.length;
    const again = new Bot({ token: r.standIn.token, dataDir: r.dataDir, apiUrl: r.standIn.apiUrl, bundleDir: r.bundleDir, downloadHosts: [], dashboard: { port: null, host: '127.0.0.1' }, sandbox: 'subprocess' }, { log: (line) => r.logs.push(line) });
    await again.start();
    r.bot = again; // close() stops this one
    expect(again.host.list()).toMatchObject([{ pluginId: 'my_plugin', state: 'enabled', status: 'running' }]);
    expect(writes(r.standIn.calls.slice(since)).filter((c) => c.path.includes('/commands'))).toEqual([]);

    const before = r.standIn.calls.length;
    r.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: r.standIn.snowflake(), channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: MEMBER_ID, username: 'member' }, content: '!ping' }));
    const post = await r.standIn.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages`, { since: before });
    expect(post.body).toMatchObject({ content: 'Pong!' });
  });
});
