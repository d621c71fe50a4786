import { describe, expect, it } from 'vitest';
import { InteractionBroker, RecordingDiscordActions, type HostEvent } from '../../src/index.js';

const owner = { installId: 'inst_a', pluginId: 'p', serverId: '1' };
const slash = (id: string) => ({ id, token: `t${id}`, type: 'slash_command' as const, guild_id: '1', user_id: '2', command_name: 'x' });

describe('InteractionBroker without a plugin process', () => {
  it('GIVEN more open interactions than maxOpen THEN the oldest is forgotten (bounded memory), the newest still answer', async () => {
    const discord = new RecordingDiscordActions();
    const broker = new InteractionBroker(discord, () => {}, { maxOpen: 2, autoDeferMs: false });
    try {
      for (const id of ['1', '2', '3']) broker.open(slash(id), owner);
      await expect(broker.handle('interaction.respond', { interaction_id: '1', content: 'late' }, owner)).rejects.toMatchObject({ code: -32003 });
      await broker.handle('interaction.respond', { interaction_id: '3', content: 'ok' }, owner);
      expect(discord.actions.map((a) => a.params['interaction_id'])).toEqual(['3']);
    } finally {
      broker.close();
    }
  });

  it('GIVEN DiscordActions failing the automatic deferral THEN an error event says so', async () => {
    const discord = new RecordingDiscordActions();
    discord.interactionCallback = async () => {
      throw new Error('Unknown interaction (10062)');
    };
    const events: unknown[] = [];
    const broker = new InteractionBroker(discord, (_who, e) => events.push(e), { autoDeferMs: 20 });
    try {
      broker.open(slash('9'), owner);
      await new Promise((r) => setTimeout(r, 100));
      expect(events).toContainEqual(expect.objectContaining<Partial<HostEvent>>({ type: 'error', code: 'interaction_callback_failed' }));
    } finally {
      broker.close();
    }
  });
});
