import { describe, expect, it } from 'vitest';
import { ChannelFeed, interactionMessageId } from '../src/index.js';

const time = '2026-11-21T16:00:00.000Z';
const action = (method: string, params: Record<string, unknown>, result: unknown = {}) => ({ method, params, result, time });
const row = [{ type: 1, components: [{ type: 2, style: 3, label: 'Yes', custom_id: 'my_plugin:yes' }] }];

describe('ChannelFeed: what a Discord client shows for each action', () => {
  it('GIVEN send_message, edit, reaction and delete THEN a message appears, changes, gets the reaction and goes', () => {
    const feed = new ChannelFeed('100000000000000001');
    expect(feed.fromAction(action('discord.send_message', { channel_id: '100000000000000001', content: 'Pong!', components: row }, { message_id: '1000' }))).toEqual([
      { kind: 'message', id: '1000', author: 'plugin', content: 'Pong!', components: row, embeds: [], ephemeral: false, channelId: '100000000000000001', time },
    ]);
    expect(feed.fromAction(action('discord.edit_message', { channel_id: '1', message_id: '1000', content: 'Pong again' }))).toEqual([{ kind: 'update', id: '1000', thinking: false, content: 'Pong again' }]);
    expect(feed.fromAction(action('discord.add_reaction', { channel_id: '1', message_id: '1000', emoji: '👍' }))).toEqual([{ kind: 'reaction', messageId: '1000', emoji: '👍', added: true }]);
    expect(feed.fromAction(action('discord.delete_message', { channel_id: '1', message_id: '1000' }))).toEqual([{ kind: 'delete', id: '1000' }]);
    expect(feed.fromAction(action('discord.send_dm', { user_id: '7', content: 'psst' }, { message_id: '1001' }))[0]).toMatchObject({ kind: 'message', dm: '7', content: 'psst' });
    expect(feed.fromAction(action('discord.kick_member', { user_id: '7' }))[0]).toMatchObject({ kind: 'notice', text: 'discord.kick_member {"user_id":"7"}' });
  });

  it('GIVEN interaction callbacks THEN 4 is a reply (flags 64 = ephemeral), 5 "thinking…" replaced by the first follow-up, 9 a modal', () => {
    const feed = new ChannelFeed('c');
    expect(feed.fromAction(action('interaction.callback', { interaction_id: 'a', type: 4, data: { content: '✅', flags: 64 } }))).toEqual([
      { kind: 'message', id: interactionMessageId('a'), author: 'plugin', content: '✅', components: [], embeds: [], ephemeral: true, channelId: 'c', time, interactionId: 'a' },
    ]);
    expect(feed.fromAction(action('interaction.callback', { interaction_id: 'b', type: 5, data: {} }))[0]).toMatchObject({ kind: 'message', id: 'ix-b', thinking: true, content: '' });
    expect(feed.fromAction(action('interaction.followup', { interaction_id: 'b', data: { content: 'done' } }, { message_id: '9' }))).toEqual([{ kind: 'update', id: 'ix-b', thinking: false, content: 'done' }]);
    // A second follow-up is a message of its own.
    expect(feed.fromAction(action('interaction.followup', { interaction_id: 'b', data: { content: 'more' } }, { message_id: '9' }))[0]).toMatchObject({ kind: 'message', id: '9', content: 'more' });
    expect(feed.fromAction(action('interaction.callback', { interaction_id: 'c', type: 9, data: { title: 'Send Feedback', custom_id: 'p:f', components: [] } }))).toEqual([{ kind: 'modal', interactionId: 'c', title: 'Send Feedback', customId: 'p:f', components: [] }]);
  });

  it('GIVEN a click answered with 7 or with 6 then edit_original THEN the clicked message is the one updated', () => {
    const feed = new ChannelFeed('c');
    feed.clicked('x', '1000');
    expect(feed.fromAction(action('interaction.callback', { interaction_id: 'x', type: 7, data: { content: 'Chosen', components: [] } }))).toEqual([{ kind: 'update', id: '1000', thinking: false, content: 'Chosen', components: [] }]);
    feed.clicked('y', '2000');
    expect(feed.fromAction(action('interaction.callback', { interaction_id: 'y', type: 6 }))).toEqual([]);
    expect(feed.fromAction(action('interaction.edit_original', { interaction_id: 'y', data: { content: 'Later' } }))).toEqual([{ kind: 'update', id: '2000', thinking: false, content: 'Later' }]);
    // A reply's own message is "the original" once it exists.
    feed.clicked('z', '3000');
    feed.fromAction(action('interaction.callback', { interaction_id: 'z', type: 4, data: { content: 'Reply' } }));
    expect(feed.fromAction(action('interaction.edit_original', { interaction_id: 'z', data: { content: 'Edited' } }))[0]).toMatchObject({ id: 'ix-z' });
  });

  it('GIVEN malformed action params THEN nothing throws and text fields fall back to empty strings', () => {
    const feed = new ChannelFeed('c');
    expect(feed.fromAction(action('discord.send_message', { content: 42, components: 'x', embeds: null }, null))[0]).toMatchObject({ content: '', components: [], embeds: [], channelId: 'c' });
    expect(feed.fromAction(action('interaction.callback', { interaction_id: 'q', type: 99 }))[0]).toMatchObject({ kind: 'notice', level: 'warning' });
  });
});
