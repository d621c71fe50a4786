import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerBackend, PluginHost, RecordingDiscordActions, type HostEvent } from '../../src/index.js';
import { cleanupScratch, loadOnce, message } from '../helpers.js';
import { dockerReady } from '../docker/engine.js';

const ready = await dockerReady();
afterAll(cleanupScratch);
const HELLO = fileURLToPath(new URL('../../../../examples/casa-hello', import.meta.url));

describe.skipIf(!ready)('Casa Cloner on the Docker backend', () => {
  const loaded = loadOnce(HELLO);

  it('runs examples/casa-hello in a container: casa_runtime mounts beside the SDK, on_load logs, !ping logs pong', async () => {
    const backend = new DockerBackend({ hostName: `maidkit-casatest-${process.pid}`, warm: { perSpec: 0 } });
    const host = new PluginHost({ backend, discord: new RecordingDiscordActions() });
    const events: HostEvent[] = [];
    host.subscribe((e) => events.push(e));
    try {
      await host.install(loaded().plugin, { serverId: '1' });
      host.dispatch('message_create', message('!ping'));
      expect(await host.settled({ timeoutMs: 20_000 })).toBe(true);
      expect(events.filter((e) => e.type === 'log').map((e) => (e as { message: string }).message)).toEqual(["hello from plugin 'hello-world'", 'pong']);
    } finally {
      await host.close();
      await backend.close();
    }
  });
});
