import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'discord.js';
import { CHANNEL_ID, GUILD_ID, connected, newClient } from './helpers.js';
import { DiscordStandIn, rawMessage } from '../src/testing/index.js';

describe('the local Discord stand-in, driven by the real discord.js client', () => {
  let env: Awaited<ReturnType<typeof connected>>;
  beforeAll(async () => {
    env = await connected();
  });
  afterAll(async () => env.close());

  it('GIVEN a login THEN discord.js sees the guilds, channels and roles of GUILD_CREATE', () => {
    const guild = env.client.guilds.cache.get(GUILD_ID);
    expect(guild?.name).toBe('Test Server');
    expect(guild?.channels.cache.get(CHANNEL_ID)?.name).toBe('general');
    expect(env.client.application?.id).toBe(env.standIn.botId);
    expect(env.standIn.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /gateway/bot']);
  });

  it('GIVEN a MESSAGE_CREATE dispatch THEN discord.js emits messageCreate with its content', async () => {
    const got = new Promise<string>((resolve) => env.client.once('messageCreate', (m) => resolve(m.content)));
    env.standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: env.standIn.snowflake(), channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: '400000000000000001', username: 'ann' }, content: 'hello' }));
    expect(await got).toBe('hello');
  });

  it('GIVEN channel.send THEN the stand-in records the POST with its body and answers a message', async () => {
    const channel = env.client.channels.cache.get(CHANNEL_ID);
    if (!channel?.isSendable()) throw new Error('not sendable');
    const message = await channel.send({ content: 'Pong!' });
    const call = env.standIn.calls.at(-1);
    expect(call).toMatchObject({ method: 'POST', path: `/channels/${CHANNEL_ID}/messages`, status: 200 });
    expect((call?.body as { content: string }).content).toBe('Pong!');
    expect(message.content).toBe('Pong!');
  });

  it('GIVEN a wrong token THEN login is refused by the gateway (4004)', async () => {
    const standIn = await new DiscordStandIn({ guilds: [] }).start();
    const client: Client = newClient(standIn);
    try {
      await expect(client.login('not-the-token')).rejects.toThrow();
    } finally {
      await client.destroy();
      await standIn.close();
    }
  });
});
