import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { PluginHost, RecordingDiscordActions, SubprocessBackend, loadHostedPlugin, type RpcTraceEntry } from '../src/index.js';

it('GIVEN an rpcTrace option THEN it sees the handshake, the event sent, the guest call with its result, and a throwing trace breaks nothing', async () => {
  const backend = new SubprocessBackend();
  const loaded = await loadHostedPlugin(resolve(__dirname, '../../../examples/hello-plugin'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const trace: RpcTraceEntry[] = [];
  const discord = new RecordingDiscordActions();
  const host = new PluginHost({
    backend,
    discord,
    rpcTrace: (entry) => {
      trace.push(entry);
      throw new Error('a buggy listener');
    },
  });
  try {
    const { installId } = await host.install(loaded.plugin, { serverId: '123456789012345678' });
    host.dispatch('message_create', { message_id: '1', channel_id: '42', author_id: '7', author_bot: false, content: '!ping', timestamp: new Date().toISOString() });
    await host.settled();
    expect(discord.actions.map((a) => a.params['content'])).toEqual(['Pong!']);

    const init = trace.find((e) => e.method === 'initialize');
    expect(init).toMatchObject({ direction: 'host_to_guest', kind: 'request', installId, pluginId: 'my_plugin', outcome: { ok: true } });
    expect(init?.durationMs).toBeGreaterThanOrEqual(0);
    expect(trace.find((e) => e.method === 'event')).toMatchObject({ direction: 'host_to_guest', kind: 'notification', params: { name: 'message_create', payload: { content: '!ping' } } });
    expect(trace.find((e) => e.method === 'discord.send_message')).toMatchObject({
      direction: 'guest_to_host',
      kind: 'request',
      params: { channel_id: '42', content: 'Pong!' },
      outcome: { ok: true, result: { message_id: discord.actions[0]?.result['message_id'] } },
    });
    expect(trace.find((e) => e.method === 'log')).toMatchObject({ direction: 'guest_to_host', kind: 'notification' });
  } finally {
    await host.close();
    await backend.close();
    loaded.dispose();
  }
});
