import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnowflakeUtil } from 'discord.js';
import type { HostEvent } from '@maidkit/sandbox-runner';
import { attachPluginHost } from '../src/index.js';
import { rawChannel, rawMember, rawMessage, rawRole, rawUser } from '../src/testing/index.js';
import { CHANNEL_ID, GUILD_ID, ROLE_ID, USER_ID, connected, fixture, hosted, newHost, waitFor } from './helpers.js';

// A real snowflake: discord.js (like Discord) derives a message's creation time from its id.
const SENT_AT = '2026-11-21T10:00:00.000Z';
const MESSAGE_ID = String(SnowflakeUtil.generate({ timestamp: Date.parse(SENT_AT) }));
const NEW_CHANNEL_ID = '300000000000000050';
const NEW_ROLE_ID = '500000000000000050';
const VOICE_ID = '300000000000000002';
const ann = { id: USER_ID, username: 'ann' };
const reaction = (emoji: { id: string | null; name: string }) => ({ user_id: USER_ID, channel_id: CHANNEL_ID, message_id: MESSAGE_ID, guild_id: GUILD_ID, emoji, burst: false, type: 0, member: rawMember(ann) });

/**
 * One row per plugin event: the gateway dispatch Discord would send, and the payload the plugin must
 * receive (PROTOCOL.md §6's guaranteed fields; `toMatchObject`, as payloads may carry more).
 */
const TABLE: Array<{ name: string; dispatch: () => [string, unknown]; expected: Record<string, unknown> }> = [
  {
    name: 'message_create',
    dispatch: () => ['MESSAGE_CREATE', rawMessage({ id: MESSAGE_ID, channelId: CHANNEL_ID, guildId: GUILD_ID, author: ann, content: 'hello there', timestamp: SENT_AT })],
    expected: { message_id: MESSAGE_ID, channel_id: CHANNEL_ID, author_id: USER_ID, author_bot: false, content: 'hello there', timestamp: SENT_AT },
  },
  {
    name: 'message_edit',
    dispatch: () => ['MESSAGE_UPDATE', rawMessage({ id: MESSAGE_ID, channelId: CHANNEL_ID, guildId: GUILD_ID, author: ann, content: 'hello again', timestamp: '2026-11-21T10:00:00.000Z', editedTimestamp: '2026-11-21T10:01:00.000Z' })],
    expected: { message_id: MESSAGE_ID, channel_id: CHANNEL_ID, content: 'hello again' },
  },
  { name: 'reaction_add', dispatch: () => ['MESSAGE_REACTION_ADD', reaction({ id: null, name: '🎉' })], expected: { message_id: MESSAGE_ID, channel_id: CHANNEL_ID, user_id: USER_ID, emoji: '🎉' } },
  {
    name: 'reaction_remove',
    dispatch: () => ['MESSAGE_REACTION_REMOVE', reaction({ id: '600000000000000001', name: 'blob' })],
    expected: { message_id: MESSAGE_ID, channel_id: CHANNEL_ID, user_id: USER_ID, emoji: 'blob:600000000000000001' },
  },
  { name: 'message_delete', dispatch: () => ['MESSAGE_DELETE', { id: MESSAGE_ID, channel_id: CHANNEL_ID, guild_id: GUILD_ID }], expected: { message_id: MESSAGE_ID, channel_id: CHANNEL_ID } },
  {
    name: 'member_join',
    dispatch: () => ['GUILD_MEMBER_ADD', { ...rawMember({ id: '400000000000000077', username: 'cleo' }), guild_id: GUILD_ID }],
    expected: { user_id: '400000000000000077', username: 'cleo', guild_id: GUILD_ID },
  },
  {
    name: 'member_update',
    dispatch: () => ['GUILD_MEMBER_UPDATE', { ...rawMember({ id: '400000000000000077', username: 'cleo', roles: [ROLE_ID] }), guild_id: GUILD_ID }],
    expected: { user_id: '400000000000000077', roles: [ROLE_ID] },
  },
  {
    name: 'member_leave',
    dispatch: () => ['GUILD_MEMBER_REMOVE', { guild_id: GUILD_ID, user: rawUser({ id: '400000000000000077', username: 'cleo' }) }],
    expected: { user_id: '400000000000000077', username: 'cleo', guild_id: GUILD_ID },
  },
  {
    name: 'voice_state_update',
    dispatch: () => ['VOICE_STATE_UPDATE', { guild_id: GUILD_ID, channel_id: VOICE_ID, user_id: USER_ID, member: rawMember(ann), session_id: 's1', deaf: false, mute: false, self_deaf: true, self_mute: false, self_video: false, suppress: false, request_to_speak_timestamp: null }],
    expected: { user_id: USER_ID, channel_id: VOICE_ID, self_mute: false, self_deaf: true },
  },
  { name: 'channel_create', dispatch: () => ['CHANNEL_CREATE', rawChannel({ id: NEW_CHANNEL_ID, name: 'announcements', type: 5 }, GUILD_ID, 3)], expected: { id: NEW_CHANNEL_ID, name: 'announcements', type: 5 } },
  { name: 'channel_update', dispatch: () => ['CHANNEL_UPDATE', rawChannel({ id: NEW_CHANNEL_ID, name: 'news', type: 5 }, GUILD_ID, 3)], expected: { id: NEW_CHANNEL_ID, name: 'news' } },
  { name: 'channel_delete', dispatch: () => ['CHANNEL_DELETE', rawChannel({ id: NEW_CHANNEL_ID, name: 'news', type: 5 }, GUILD_ID, 3)], expected: { id: NEW_CHANNEL_ID, name: 'news' } },
  { name: 'role_create', dispatch: () => ['GUILD_ROLE_CREATE', { guild_id: GUILD_ID, role: rawRole({ id: NEW_ROLE_ID, name: 'Music' }, 2) }], expected: { id: NEW_ROLE_ID, name: 'Music' } },
  { name: 'role_update', dispatch: () => ['GUILD_ROLE_UPDATE', { guild_id: GUILD_ID, role: rawRole({ id: NEW_ROLE_ID, name: 'Musicians' }, 2) }], expected: { id: NEW_ROLE_ID, name: 'Musicians' } },
  { name: 'role_delete', dispatch: () => ['GUILD_ROLE_DELETE', { guild_id: GUILD_ID, role_id: NEW_ROLE_ID }], expected: { id: NEW_ROLE_ID, name: 'Musicians' } },
];

const SNOWFLAKE_FIELDS = ['message_id', 'channel_id', 'author_id', 'user_id', 'id', 'guild_id', 'interaction_id'];

describe('the sixteen events, from a real discord.js client to a real Python plugin', () => {
  let env: Awaited<ReturnType<typeof connected>>;
  let h: ReturnType<typeof newHost>;
  let dispose: () => void;
  const received = (name: string) => (e: HostEvent) => e.type === 'log' && e.message.startsWith('EVENT ') && (JSON.parse(e.message.slice(6)) as { name: string }).name === name;

  beforeAll(async () => {
    env = await connected();
    h = newHost(env.client);
    const echo = await hosted(fixture('echo-plugin'));
    dispose = echo.dispose;
    await h.host.install(echo.plugin, { serverId: GUILD_ID });
    attachPluginHost(env.client, h.host);
  });
  afterAll(async () => {
    await h.host.close();
    dispose();
    await env.close();
  });

  it.each(TABLE.map((row) => [row.name, row] as const))('GIVEN the gateway event for %s THEN the plugin receives the seed payload fields', async (name, row) => {
    const [type, data] = row.dispatch();
    env.standIn.dispatch(type, data);
    const log = await waitFor(h.events, received(name));
    const { payload } = JSON.parse((log as { message: string }).message.slice(6)) as { payload: Record<string, unknown> };
    expect(payload).toMatchObject(row.expected);
    for (const field of SNOWFLAKE_FIELDS) if (field in payload && payload[field] !== null) expect(typeof payload[field]).toBe('string');
  });

  it('GIVEN an INTERACTION_CREATE THEN the plugin gets interaction_create and its slash handler answers through the callback route', async () => {
    const since = env.standIn.calls.length;
    const id = env.standIn.interaction({ kind: 'slash_command', name: 'echo', guildId: GUILD_ID, userId: USER_ID, options: [{ name: 'text', type: 3, value: 'hi' }] });
    const log = await waitFor(h.events, received('interaction_create'));
    const { payload } = JSON.parse((log as { message: string }).message.slice(6)) as { payload: Record<string, unknown> };
    expect(payload).toMatchObject({ interaction_id: id, interaction_type: 'slash_command', command_name: 'echo' });
    const callback = await env.standIn.waitForCall((c) => c.path.startsWith(`/interactions/${id}/`), { since });
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'echo [{"name": "text", "type": 3, "value": "hi"}]', flags: 64 } });
  });

  it('GIVEN an event on a server where the plugin is not installed THEN it does not reach the plugin', async () => {
    const before = h.events.filter(received('message_create')).length;
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: '700000000000000099', channelId: '300000000000000009', guildId: '200000000000000002', author: ann, content: 'elsewhere' }));
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: '700000000000000098', channelId: CHANNEL_ID, guildId: GUILD_ID, author: ann, content: 'marker' }));
    await waitFor(h.events, (e) => e.type === 'log' && e.message.includes('"marker"'));
    expect(h.events.filter(received('message_create')).length).toBe(before + 1);
    expect(h.events.some((e) => e.type === 'log' && e.message.includes('elsewhere'))).toBe(false);
  });
});
