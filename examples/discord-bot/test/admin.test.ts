import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMessage } from '@maidkit/discordjs/testing';
import { ADMIN_ID, CHANNEL_ID, GUILD_ID, MEMBER_ID, admin, registeredNames, startBot, writes, type Running } from './helpers.js';

const ping = (r: Running, content = '!ping') =>
  r.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: r.standIn.snowflake(), channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: MEMBER_ID, username: 'member' }, content }));
const pongs = (r: Running, since: number) => r.standIn.calls.slice(since).filter((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages` && (c.body as { content?: string }).content === 'Pong!');

describe('the example bot: /plugins install, enable, disable, uninstall, list — through real discord.js', () => {
  let r: Running;
  beforeAll(async () => {
    r = await startBot();
  });
  afterAll(async () => r.close());

  it('GIVEN a fresh server THEN only the bot\'s own /plugins command is registered, admin-only', () => {
    expect(registeredNames(r)).toEqual(['plugins']);
    expect(r.standIn.state.commands.get(GUILD_ID)?.[0]).toMatchObject({ default_member_permissions: '32' });
  });

  it('GIVEN /plugins install path:hello-plugin THEN it is validated, installed and enabled, and !ping gets Pong! through REST', async () => {
    const text = await admin(r, 'install', [{ name: 'path', type: 3, value: 'hello-plugin' }]);
    expect(text).toContain('Installed **My Plugin** (my_plugin 1.0.0) — enabled');
    expect(text).toContain('discord:send_message');
    const since = r.standIn.calls.length;
    ping(r);
    await r.standIn.waitForCall((c) => pongs(r, since).includes(c), { since });
    expect(pongs(r, since)).toHaveLength(1);
  });

  it('GIVEN /plugins list THEN the install and its state are shown', async () => {
    expect(await admin(r, 'list')).toMatch(/my_plugin\*\* 1\.0\.0 — enabled, running/);
  });

  it('GIVEN /plugins disable THEN !ping is no longer answered; enable brings it back', async () => {
    expect(await admin(r, 'disable', [{ name: 'plugin', type: 3, value: 'my_plugin' }])).toContain('disabled');
    let since = r.standIn.calls.length;
    ping(r);
    ping(r, 'marker');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pongs(r, since)).toHaveLength(0);
    expect(await admin(r, 'enable', [{ name: 'plugin', type: 3, value: 'my_plugin' }])).toContain('enabled');
    since = r.standIn.calls.length;
    ping(r);
    await r.standIn.waitForCall((c) => pongs(r, since).includes(c), { since });
  });

  it('GIVEN a bad path, a path outside the bundle folder, or an invalid bundle THEN a clear refusal with its code', async () => {
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'nope' }])).toContain('`bundle_not_found`');
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: '../../../etc' }])).toMatch(/bundle_not_found|bundle_outside_dir/);
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: '..' }])).toContain('`bundle_outside_dir`');
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'hello-plugin' }])).toContain('`already_installed`');
    expect(await admin(r, 'install')).toContain('give a bundle');
  });

  it('GIVEN a member without Manage Server THEN /plugins is refused and nothing changes', async () => {
    const since = r.standIn.calls.length;
    expect(await admin(r, 'uninstall', [{ name: 'plugin', type: 3, value: 'my_plugin' }], { userId: MEMBER_ID, permissions: '0' })).toContain('Manage Server');
    expect(writes(r.standIn.calls.slice(since)).filter((c) => c.path.includes('/commands'))).toEqual([]);
    expect(r.bot.host.list().map((i) => i.pluginId)).toEqual(['my_plugin']);
  });

  it('GIVEN /plugins uninstall THEN the install is gone and list is empty', async () => {
    expect(await admin(r, 'uninstall', [{ name: 'plugin', type: 3, value: 'my_plugin' }], { userId: ADMIN_ID })).toContain('uninstalled');
    expect(await admin(r, 'list')).toContain('No plugins');
    expect(await admin(r, 'disable', [{ name: 'plugin', type: 3, value: 'my_plugin' }])).toContain('`not_installed`');
  });
});
