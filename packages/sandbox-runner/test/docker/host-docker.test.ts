import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { DockerBackend, PluginHost, RecordingDiscordActions, type HostEvent } from '../../src/index.js';
import { cleanupScratch, loadOnce, message } from '../helpers.js';
import { dockerReady } from './engine.js';

const ready = await dockerReady();
afterAll(cleanupScratch);
const HELLO = fileURLToPath(new URL('../../../../examples/hello-plugin', import.meta.url));
const HOST = `maidkit-hosttest-${process.pid}`;

describe.skipIf(!ready)('PluginHost on the Docker backend', () => {
  const loaded = loadOnce(HELLO);

  it('runs examples/hello-plugin in a container: the SDK mounts, the handshake completes, !ping answers Pong!', async () => {
    const backend = new DockerBackend({ hostName: HOST, warm: { perSpec: 0 } });
    expect(backend.python).toBe('/usr/bin/python3');
    const discord = new RecordingDiscordActions();
    const host = new PluginHost({ backend, discord });
    const events: HostEvent[] = [];
    host.subscribe((e) => events.push(e));
    try {
      const info = await host.install(loaded().plugin, { serverId: '100000000000000000' });
      expect(info.status).toBe('running');
      expect(info.handlers.events).toEqual(['message_create']);
      host.dispatch('message_create', message('!ping'));
      host.dispatch('message_create', message('!ping', { author_bot: true }));
      expect(await host.settled({ timeoutMs: 20_000 })).toBe(true);
      expect(discord.actions.map((a) => [a.method, a.params.content])).toEqual([['discord.send_message', 'Pong!']]);
      expect(events.some((e) => e.type === 'log' && e.message === 'Plugin booted on server 100000000000000000')).toBe(true);
    } finally {
      await host.close();
      await backend.close();
    }
    const left = await new Dockerode().listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}`] } });
    expect(left).toEqual([]);
  });
});
