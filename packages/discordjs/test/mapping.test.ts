import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEvents } from 'discord.js';
import { GATEWAY_EVENTS, attachPluginHost, mapGatewayEvent } from '../src/index.js';
import { rawMessage } from '../src/testing/index.js';
import { CHANNEL_ID, GUILD_ID, USER_ID, connected, nextEvent } from './helpers.js';

describe('mapGatewayEvent at the edges: DMs, partials, what the host refuses', () => {
  let env: Awaited<ReturnType<typeof connected>>;
  beforeAll(async () => {
    env = await connected();
  });
  afterAll(async () => env.close());

  it('GIVEN the table THEN it covers each of the sixteen plugin events exactly once', () => {
    const names = Object.values(GATEWAY_EVENTS).sort();
    expect(new Set(names).size).toBe(16);
    expect(names).toEqual(['channel_create', 'channel_delete', 'channel_update', 'interaction_create', 'member_join', 'member_leave', 'member_update', 'message_create', 'message_delete', 'message_edit', 'reaction_add', 'reaction_remove', 'role_create', 'role_delete', 'role_update', 'voice_state_update']);
  });

  it('GIVEN a direct message THEN it maps to nothing (plugins are per server)', async () => {
    const dm = await env.client.users.createDM(USER_ID); // a DM channel discord.js knows about
    const got = nextEvent<ClientEvents['messageCreate']>(env.client, 'messageCreate');
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: '700000000000000101', channelId: dm.id, author: { id: USER_ID, username: 'ann' }, content: 'hi in DM' }));
    const [message] = await got;
    expect(message.guildId).toBeNull();
    expect(mapGatewayEvent('messageCreate', message)).toBeNull();
  });

  it('GIVEN an edit of an uncached message without content THEN message_edit still carries a string', async () => {
    const got = nextEvent<ClientEvents['messageUpdate']>(env.client, 'messageUpdate');
    env.standIn.dispatch('MESSAGE_UPDATE', { id: '700000000000000102', channel_id: CHANNEL_ID, guild_id: GUILD_ID });
    const [oldMessage, newMessage] = await got;
    expect(mapGatewayEvent('messageUpdate', oldMessage, newMessage)).toMatchObject({ name: 'message_edit', guildId: GUILD_ID, payload: { message_id: '700000000000000102', channel_id: CHANNEL_ID, content: '' } });
  });

  it('GIVEN an event whose mapped payload the host refuses THEN onError is told and the client keeps running', async () => {
    const errors: Array<{ event: string }> = [];
    // A host whose dispatch refuses everything stands in for a payload that fails PROTOCOL.md §6.
    const refusing = { dispatch: () => { throw new Error('invalid message_create payload'); }, interact: async () => ({ routed: false, reason: 'none' }) };
    const attached = attachPluginHost(env.client, refusing as never, { onError: (_e, where) => errors.push(where) });
    const got = nextEvent<ClientEvents['messageCreate']>(env.client, 'messageCreate');
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: '700000000000000103', channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: USER_ID, username: 'ann' }, content: 'x' }));
    await got;
    attached.detach();
    expect(errors).toEqual([{ event: 'messageCreate', guildId: GUILD_ID }]);
    expect(env.client.isReady()).toBe(true);
  });
});
