import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { PluginHost, RecordingDiscordActions, SubprocessBackend, loadHostedPlugin, type HostEvent } from '../src/index.js';

it('GIVEN the README example THEN examples/hello-plugin answers !ping with a Pong! send_message', async () => {
  const state = mkdtempSync(join(tmpdir(), 'maidkit-readme-'));
  const backend = new SubprocessBackend();
  try {
    // The README's code, with the paths made absolute for the test runner.
    const loaded = await loadHostedPlugin(resolve(__dirname, '../../../examples/hello-plugin'));
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const discord = new RecordingDiscordActions();
    const host = new PluginHost({ backend, discord, database: join(state, 'host.db') });
    const events: HostEvent[] = [];
    host.subscribe((event) => events.push(event));

    await host.install(loaded.plugin, { serverId: '123456789012345678' });
    host.dispatch('message_create', {
      message_id: '1', channel_id: '42', author_id: '7', author_bot: false, content: '!ping', timestamp: new Date().toISOString(),
    });
    await host.settled();
    expect(discord.actions[0]).toMatchObject({ method: 'discord.send_message', params: { channel_id: '42', content: 'Pong!' } });
    expect(events.some((e) => e.type === 'log' && e.message === 'Plugin booted on server 123456789012345678')).toBe(true);
    await host.close();
    loaded.dispose();
  } finally {
    await backend.close();
    rmSync(state, { recursive: true, force: true });
  }
});
