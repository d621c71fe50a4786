import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachPluginHost, DiscordJsActions, DiscordJsError } from '../src/index.js';
import { rawMessage } from '../src/testing/index.js';
import { CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, ROLE_ID, USER_ID, connected, example, fixture, hosted, newHost, waitFor } from './helpers.js';

const ctx = { pluginId: 'my_plugin', installId: 'inst_test', serverId: GUILD_ID };
const MESSAGE_ID = '700000000000000001';

describe('DiscordJsActions: each plugin action through discord.js, against the stand-in', () => {
  let env: Awaited<ReturnType<typeof connected>>;
  let actions: DiscordJsActions;
  beforeAll(async () => {
    env = await connected();
    actions = new DiscordJsActions(env.client);
  });
  afterAll(async () => env.close());

  const last = () => env.standIn.calls.at(-1);

  it('GIVEN send_message THEN POST /channels/{id}/messages carries content and raw components, and the id comes back', async () => {
    const row = { type: 1, components: [{ type: 2, style: 1, label: 'Yes', custom_id: 'yes' }] };
    const { message_id } = await actions.sendMessage(ctx, { channel_id: CHANNEL_ID, content: 'Pick one:', components: [row] });
    expect(last()).toMatchObject({ method: 'POST', path: `/channels/${CHANNEL_ID}/messages`, authorized: true });
    expect(last()?.body).toMatchObject({ content: 'Pick one:', components: [row], allowed_mentions: { parse: ['users', 'roles'] } });
    expect(message_id).toMatch(/^\d+$/);
  });

  it('GIVEN a Components V2 container THEN the IS_COMPONENTS_V2 flag is set', async () => {
    await actions.sendMessage(ctx, { channel_id: CHANNEL_ID, components: [{ type: 17, components: [{ type: 10, content: 'hi' }] }] });
    expect((last()?.body as { flags: number }).flags).toBe(1 << 15);
  });

  it('GIVEN edit, delete and reactions THEN the matching REST routes are called', async () => {
    const { message_id } = await actions.sendMessage(ctx, { channel_id: CHANNEL_ID, content: 'x' });
    await actions.editMessage(ctx, { channel_id: CHANNEL_ID, message_id, content: 'y' });
    expect(last()).toMatchObject({ method: 'PATCH', path: `/channels/${CHANNEL_ID}/messages/${message_id}`, body: { content: 'y' } });
    await actions.addReaction(ctx, { channel_id: CHANNEL_ID, message_id, emoji: '🎉' });
    expect(last()).toMatchObject({ method: 'PUT', path: `/channels/${CHANNEL_ID}/messages/${message_id}/reactions/🎉/@me` });
    await actions.addReaction(ctx, { channel_id: CHANNEL_ID, message_id, emoji: 'blob:600000000000000001' });
    expect(last()?.path).toBe(`/channels/${CHANNEL_ID}/messages/${message_id}/reactions/blob:600000000000000001/@me`);
    await actions.removeReaction(ctx, { channel_id: CHANNEL_ID, message_id, emoji: '🎉', user_id: USER_ID });
    expect(last()).toMatchObject({ method: 'DELETE', path: `/channels/${CHANNEL_ID}/messages/${message_id}/reactions/🎉/${USER_ID}` });
    await actions.deleteMessage(ctx, { channel_id: CHANNEL_ID, message_id });
    expect(last()).toMatchObject({ method: 'DELETE', path: `/channels/${CHANNEL_ID}/messages/${message_id}`, status: 204 });
  });

  it('GIVEN member moderation THEN roles, timeout, kick and ban reach the guild routes with their reasons', async () => {
    await actions.addRole(ctx, { user_id: USER_ID, role_id: ROLE_ID, reason: 'picked Gamer' });
    expect(last()).toMatchObject({ method: 'PUT', path: `/guilds/${GUILD_ID}/members/${USER_ID}/roles/${ROLE_ID}`, status: 204 });
    await actions.removeRole(ctx, { user_id: USER_ID, role_id: ROLE_ID });
    expect(last()).toMatchObject({ method: 'DELETE', path: `/guilds/${GUILD_ID}/members/${USER_ID}/roles/${ROLE_ID}` });
    const before = Date.now();
    await actions.timeoutMember(ctx, { user_id: USER_ID, seconds: 60, reason: 'spam' });
    const until = Date.parse((last()?.body as { communication_disabled_until: string }).communication_disabled_until);
    expect(until - before).toBeGreaterThanOrEqual(59_000);
    expect(until - before).toBeLessThan(70_000);
    await actions.kickMember(ctx, { user_id: '400000000000000002', reason: 'bye' });
    expect(last()).toMatchObject({ method: 'DELETE', path: `/guilds/${GUILD_ID}/members/400000000000000002` });
    await actions.banMember(ctx, { user_id: '400000000000000002', delete_message_seconds: 3600 });
    expect(last()).toMatchObject({ method: 'PUT', path: `/guilds/${GUILD_ID}/bans/400000000000000002`, body: { delete_message_seconds: 3600 } });
  });

  it('GIVEN get_member and get_channel THEN the seed fields come back (roles without @everyone)', async () => {
    const member = await actions.getMember(ctx, { user_id: '400000000000000002' });
    expect(member).toMatchObject({ user_id: '400000000000000002', username: 'bob', roles: [ROLE_ID], bot: false });
    expect(await actions.getChannel(ctx, { channel_id: CHANNEL_ID })).toMatchObject({ id: CHANNEL_ID, name: 'general', type: 0 });
  });

  it('GIVEN send_dm to a member THEN a DM channel is opened and the message posted there', async () => {
    const { message_id } = await actions.sendDm(ctx, { user_id: USER_ID, content: 'psst' });
    const open = env.standIn.calls.find((c) => c.path === '/users/@me/channels');
    expect(open?.body).toMatchObject({ recipient_id: USER_ID });
    expect(last()).toMatchObject({ method: 'POST', body: { content: 'psst' } });
    expect(message_id).toMatch(/^\d+$/);
  });

  it('GIVEN a channel, member or DM target outside the install\'s server THEN wrong_server, and nothing is sent', async () => {
    const since = env.standIn.calls.length;
    await expect(actions.sendMessage(ctx, { channel_id: OTHER_CHANNEL_ID, content: 'leak' })).rejects.toMatchObject({ reason: 'wrong_server', code: -32003 });
    await expect(actions.getChannel(ctx, { channel_id: OTHER_CHANNEL_ID })).rejects.toMatchObject({ reason: 'wrong_server' });
    await expect(actions.sendDm(ctx, { user_id: '400000000000000099', content: 'spam' })).rejects.toMatchObject({ reason: 'wrong_server' });
    expect(env.standIn.actionCalls(since).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('GIVEN the host\'s interaction calls THEN callback, follow-up and edit-original reach the token routes, without the bot token', async () => {
    const id = env.standIn.interaction({ kind: 'slash_command', name: 'anything', guildId: GUILD_ID, userId: USER_ID });
    const token = `token_${id}`;
    await actions.interactionCallback(ctx, { interaction_id: id, token, type: 5, data: { flags: 64 } });
    expect(last()).toMatchObject({ method: 'POST', path: `/interactions/${id}/${token}/callback`, body: { type: 5, data: { flags: 64 } }, status: 204, authorized: false });
    const { message_id } = await actions.interactionFollowup(ctx, { interaction_id: id, token, data: { content: 'later', flags: 64 } });
    expect(last()).toMatchObject({ method: 'POST', path: `/webhooks/${env.standIn.botId}/${token}`, body: { content: 'later', flags: 64, allowed_mentions: { parse: ['users', 'roles'] } } });
    expect(message_id).toMatch(/^\d+$/);
    await actions.interactionEditOriginal(ctx, { interaction_id: id, token, data: { content: 'done' } });
    expect(last()).toMatchObject({ method: 'PATCH', path: `/webhooks/${env.standIn.botId}/${token}/messages/@original`, body: { content: 'done' }, authorized: false });
    // A second initial response, or a token Discord does not know, is Discord's refusal, mapped.
    await expect(actions.interactionCallback(ctx, { interaction_id: id, token, type: 4, data: { content: 'again' } })).rejects.toMatchObject({ reason: 'interaction_expired', data: { discord_code: 40060 } });
    await expect(actions.interactionCallback(ctx, { interaction_id: '799999999999999998', token: 'stale', type: 4, data: { content: 'x' } })).rejects.toMatchObject({ reason: 'interaction_expired', data: { discord_code: 10062 } });
  });

  it('GIVEN Discord errors THEN each becomes a DiscordJsError with a stable reason, the action, Discord\'s code and a hint', async () => {
    env.standIn.failNext({ method: 'POST', path: `/channels/${CHANNEL_ID}/messages`, status: 403, code: 50013, message: 'Missing Permissions' });
    const denied = await actions.sendMessage(ctx, { channel_id: CHANNEL_ID, content: 'x' }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(DiscordJsError);
    expect(denied).toMatchObject({ reason: 'missing_permissions', action: 'discord.send_message', data: { discord_code: 50013, status: 403 } });
    expect((denied as DiscordJsError).message).toContain('Missing Permissions');

    await expect(actions.editMessage(ctx, { channel_id: CHANNEL_ID, message_id: '799999999999999999', content: 'x' })).rejects.toMatchObject({ reason: 'not_found', code: -32003, data: { discord_code: 10008 } });
    await expect(actions.addRole(ctx, { user_id: USER_ID, role_id: '599999999999999999' })).rejects.toMatchObject({ reason: 'not_found', data: { discord_code: 10011 } });
    env.standIn.failNext({ path: '/bans/', status: 400, code: 50035, message: 'Invalid Form Body' });
    await expect(actions.banMember(ctx, { user_id: USER_ID })).rejects.toMatchObject({ reason: 'rejected', code: -32602 });
    env.standIn.failNext({ path: '/users/@me/channels', status: 403, code: 50007, message: 'Cannot send messages to this user' });
    // bob has no DM channel cached yet, so discord.js asks Discord for one.
    await expect(actions.sendDm(ctx, { user_id: '400000000000000002', content: 'x' })).rejects.toMatchObject({ reason: 'not_allowed', data: { discord_code: 50007 } });
  });
});

describe('plugins acting through the discord.js host', () => {
  let env: Awaited<ReturnType<typeof connected>>;
  let h: ReturnType<typeof newHost>;
  const disposers: Array<() => void> = [];
  beforeAll(async () => {
    env = await connected();
    h = newHost(env.client);
    attachPluginHost(env.client, h.host);
  });
  afterAll(async () => {
    await h.host.close();
    for (const d of disposers) d();
    await env.close();
  });

  it('GIVEN the seed hello plugin THEN `!ping` is answered with `Pong!` posted through REST', async () => {
    const hello = await hosted(example('hello-plugin'));
    disposers.push(hello.dispose);
    const info = await h.host.install(hello.plugin, { serverId: GUILD_ID });
    const since = env.standIn.calls.length;
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: MESSAGE_ID, channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: USER_ID, username: 'ann' }, content: 'hey !ping' }));
    const post = await env.standIn.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages`, { since });
    expect(post.body).toMatchObject({ content: 'Pong!' });
    expect(post.status).toBe(200);
    await waitFor(h.events, (e) => e.type === 'action' && e.method === 'discord.send_message');
    await h.host.uninstall(info.installId);
  });

  it('GIVEN a plugin without discord:send_message THEN its send is denied on the host and nothing reaches REST', async () => {
    const sneaky = await hosted(fixture('sneaky-plugin'));
    disposers.push(sneaky.dispose);
    const info = await h.host.install(sneaky.plugin, { serverId: GUILD_ID });
    const since = env.standIn.calls.length;
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: '700000000000000002', channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: USER_ID, username: 'ann' }, content: 'anything' }));
    const denied = await waitFor(h.events, (e) => e.type === 'denied' && e.installId === info.installId);
    expect(denied).toMatchObject({ method: 'discord.send_message', capability: 'discord:send_message' });
    await waitFor(h.events, (e) => e.type === 'log' && e.installId === info.installId && e.message.startsWith('denied: '));
    expect(env.standIn.actionCalls(since)).toEqual([]);
    await h.host.uninstall(info.installId);
  });
});
