import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend, PluginHost, RecordingDiscordActions, loadHostedPlugin, type HostEvent, type LoadedPlugin } from '../../src/index.js';
import { dockerReady } from '../docker/engine.js';

const ready = await dockerReady();
const HELLO = fileURLToPath(new URL('../../../../examples/casa-hello', import.meta.url));
const ping = (content: string) => ({ message_id: '1300000000000000001', channel_id: '1200000000000000001', author_id: '1100000000000000001', author_bot: false, content, timestamp: '2026-04-01T12:00:00Z' });

describe.skipIf(!ready)('Casa Cloner on the Docker backend', () => {
  let loaded: Extract<LoadedPlugin, { ok: true }>;
  beforeAll(async () => {
    const l = await loadHostedPlugin(HELLO);
    if (!l.ok) throw new Error(JSON.stringify(l.diagnostics));
    loaded = l;
  });
  afterAll(() => loaded?.dispose());

  it('runs examples/casa-hello in a container: casa_runtime mounts beside the SDK, on_load logs, !ping logs pong', async () => {
    const backend = new DockerBackend({ hostName: `maidkit-casatest-${process.pid}`, warm: { perSpec: 0 } });
    const host = new PluginHost({ backend, discord: new RecordingDiscordActions() });
    const events: HostEvent[] = [];
    host.subscribe((e) => events.push(e));
    try {
      await host.install(loaded.plugin, { serverId: '1' });
      host.dispatch('message_create', ping('!ping'));
      expect(await host.settled({ timeoutMs: 20_000 })).toBe(true);
      expect(events.filter((e) => e.type === 'log').map((e) => (e as { message: string }).message)).toEqual(["hello from plugin 'hello-world'", 'pong']);
    } finally {
      await host.close();
      await backend.close();
    }
  });
});
