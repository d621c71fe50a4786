import { afterAll, describe, expect, it } from 'vitest';
import { MemoryKvProvider } from '../src/index.js';
import { LIFECYCLE, cleanupScratch, helloPlugin, makeHost, message, waitFor } from './helpers.js';

afterAll(cleanupScratch);

describe('seed 000 samples, unmodified, in real bwrap sandboxes', () => {
  it('GIVEN the hello plugin THEN on_ready logs, "!ping" gets a Pong! send_message, bots and chatter get nothing', async () => {
    const t = makeHost();
    try {
      const info = await t.host.install(helloPlugin, { serverId: '123456789012345678' });
      expect(info.status).toBe('running');
      expect(info.state).toBe('enabled');
      expect(info.handlers.events).toEqual(['message_create']);
      expect(info.capabilities).toEqual(['discord:send_message', 'metrics', 'storage:kv']);
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'log', source: 'sdk', message: 'Plugin booted on server 123456789012345678' }));

      expect(t.host.dispatch('message_create', message('!ping', { channel_id: '42' })).delivered).toEqual([info.installId]);
      t.host.dispatch('message_create', message('!ping', { author_bot: true }));
      t.host.dispatch('message_create', message('just chatting'));
      expect(await t.host.settled()).toBe(true);

      expect(t.discord.actions).toHaveLength(1);
      expect(t.discord.actions[0]).toMatchObject({ method: 'discord.send_message', installId: info.installId, serverId: '123456789012345678', params: { channel_id: '42', content: 'Pong!' } });
      expect(t.events.filter((e) => e.type === 'action')).toHaveLength(1);
      expect(t.events.filter((e) => e.type === 'error' || e.type === 'denied')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN an event the plugin does not handle THEN it is not routed to it', async () => {
    const t = makeHost();
    try {
      await t.host.install(helloPlugin, { serverId: '1' });
      expect(t.host.dispatch('member_join', { user_id: '5', username: 'x', guild_id: '1' }).delivered).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN an event that is not one of the 16, or a payload missing guaranteed fields THEN dispatch throws and reaches nobody', async () => {
    const t = makeHost();
    try {
      await t.host.install(helloPlugin, { serverId: '1' });
      expect(() => t.host.dispatch('message_created', {})).toThrow(expect.objectContaining({ code: 'invalid_event' }));
      expect(() => t.host.dispatch('message_create', { content: '!ping' })).toThrow(/channel_id.*required|required/);
      expect(await t.host.settled()).toBe(true);
      expect(t.discord.actions).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN the lifecycle sample THEN install, enable, disable, enable, uninstall run their hooks and uninstall wipes KV', async () => {
    const kv = new MemoryKvProvider();
    const t = makeHost({ kv });
    try {
      const plugin = { id: 'lifecycle_plugin', version: '1.0.0', dir: LIFECYCLE, capabilities: [] };
      const { installId } = await t.host.install(plugin, { serverId: '77' });
      const logs = () => t.events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
      expect(logs()).toEqual(['installed on 77', 're-enabled']);
      expect(await kv.get(installId, 'welcome_channel')).toBe('');
      expect(t.host.list()).toHaveLength(1);

      expect((await t.host.disable(installId)).status).toBe('stopped');
      expect(t.host.dispatch('message_create', message('x')).delivered).toEqual([]);
      expect((await t.host.enable(installId)).status).toBe('running');
      expect(logs()).toEqual(['installed on 77', 're-enabled', 're-enabled']);

      await t.host.uninstall(installId);
      expect(await kv.count(installId)).toBe(0);
      expect(t.host.get(installId)).toBeUndefined();
      expect(t.host.list()).toEqual([]);
      expect(t.events.filter((e) => e.type === 'error')).toEqual([]);
      await waitFor(() => t.events.some((e) => e.type === 'status' && e.status === 'stopped' && (e.reason ?? '').startsWith('uninstalled;')));
    } finally {
      await t.close();
    }
  });
});
