import { test } from 'vitest';
import { PluginHost, SubprocessBackend, RecordingDiscordActions } from '../src/index.js';
test('x', async () => {
  const discord = new RecordingDiscordActions();
  const host = new PluginHost({ backend: new SubprocessBackend(), discord });
  host.subscribe((e) => console.log(JSON.stringify(e)));
  const t0 = performance.now();
  const info = await host.install({ id: 'my_plugin', version: '1.0.0', dir: 'packages/sandbox-runner/test/fixtures/plugins/hello', capabilities: ['discord:send_message'] }, { serverId: '123' });
  console.log('installed', performance.now() - t0, info);
  host.dispatch('message_create', { message_id: '1', channel_id: '2', author_id: '3', author_bot: false, content: '!ping', timestamp: new Date().toISOString() });
  console.log(await host.settled());
  console.log(discord.actions);
  await host.close();
});
