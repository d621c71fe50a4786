import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxBackend } from '../../src/backend.js';
import { PluginHost, RecordingDiscordActions, SandboxError } from '../../src/index.js';
import { buildWheel, IMPORTING_PLUGIN } from './wheel.js';

const MESSAGE = { message_id: '1300000000000000001', channel_id: '1200000000000000001', author_id: '1100000000000000001', author_bot: false, content: '!value', timestamp: '2026-04-01T12:00:00Z' };

/**
 * requirements.txt through the host, end to end, on any backend: the host installs the plugin's
 * requirements from a wheel the test builds, mounts the environment read-only, and the plugin imports it.
 */
export function defineHostDependencySuite(name: string, makeBackend: () => SandboxBackend): void {
  describe(`requirements.txt through PluginHost on ${name}`, () => {
    const root = mkdtempSync(join(tmpdir(), 'maidkit-hostdeps-'));
    const wheels = join(root, 'wheels');
    const cacheDir = join(root, 'envs');
    let backend: SandboxBackend;

    const plugin = (id: string, requirements: string, code = IMPORTING_PLUGIN('maidhostpkg')) => {
      const dir = join(root, id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '__main__.py'), code);
      writeFileSync(join(dir, 'requirements.txt'), requirements);
      return { id, version: '1.0.0', dir, capabilities: ['discord:send_message'] };
    };

    beforeAll(() => {
      mkdirSync(wheels);
      buildWheel(wheels, 'maidhostpkg', '1.0', 4242);
      backend = makeBackend();
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('installs the requirements before the sandbox starts and the plugin imports them from the read-only environment', async () => {
      const discord = new RecordingDiscordActions();
      const host = new PluginHost({ backend, discord, dependencies: { cacheDir, findLinks: [wheels] } });
      try {
        const info = await host.install(plugin('deps_ok', 'maidhostpkg==1.0\n'), { serverId: '100000000000000000' });
        expect(info.status).toBe('running');
        host.dispatch('message_create', MESSAGE);
        await host.settled({ timeoutMs: 20_000 });
        expect(discord.actions.map((a) => a.params.content)).toEqual(['value=4242 from /opt/maidkit/deps/maidhostpkg/__init__.py']);
      } finally {
        await host.close();
      }
    });

    it('refuses the install with a clear dependencies error when a requirement cannot be installed, and starts nothing', async () => {
      const discord = new RecordingDiscordActions();
      const host = new PluginHost({ backend, discord, dependencies: { cacheDir, findLinks: [wheels] } });
      const statuses: string[] = [];
      host.subscribe((e) => e.type === 'status' && statuses.push(e.status));
      try {
        const error = (await host.install(plugin('deps_bad', 'maidhostpkg==1.0\nno-such-maid-package==1.0\n'), { serverId: '100000000000000000' }).catch((e: unknown) => e)) as SandboxError;
        expect(error).toBeInstanceOf(SandboxError);
        expect(error.code).toBe('dependencies_failed');
        expect(error.message).toMatch(/requirements\.txt line 2.*no-such-maid-package/);
        expect(error.data).toMatchObject({ dependencyCode: 'deps.no_matching_distribution', line: 2 });
        expect(host.list()).toEqual([]);
        expect(statuses).toEqual([]); // no sandbox was ever started
        expect(readdirSync(join(cacheDir, 'deps_bad'))).toEqual([]); // nothing half-installed
      } finally {
        await host.close();
      }
    });

    it('refuses hostile requirements.txt lines (pip options, URLs, paths) before running pip, naming every line', async () => {
      const host = new PluginHost({ backend, discord: new RecordingDiscordActions(), dependencies: { cacheDir, findLinks: [wheels] } });
      try {
        const hostile = '--index-url http://evil.example/simple\nmaidhostpkg @ https://evil.example/x.whl\n/etc/passwd\n-e .\n';
        const error = (await host.install(plugin('deps_hostile', hostile), { serverId: '100000000000000000' }).catch((e: unknown) => e)) as SandboxError;
        expect(error.code).toBe('dependencies_failed');
        expect(error.data).toMatchObject({ dependencyCode: 'deps.invalid_requirement', line: 1 });
        for (const line of ['line 1', 'line 2', 'line 3', 'line 4']) expect(error.message).toContain(line);
        expect(host.list()).toEqual([]);
      } finally {
        await host.close();
      }
    });

    it('a changed requirements.txt gets its own environment at the next worker start', async () => {
      buildWheel(wheels, 'maidhostpkg', '2.0', 4343);
      const p = plugin('deps_change', 'maidhostpkg==1.0\n');
      const discord = new RecordingDiscordActions();
      const host = new PluginHost({ backend, discord, dependencies: { cacheDir, findLinks: [wheels] } });
      try {
        const { installId } = await host.install(p, { serverId: '100000000000000000' });
        writeFileSync(join(p.dir, 'requirements.txt'), 'maidhostpkg==2.0\n');
        await host.restart(installId);
        host.dispatch('message_create', MESSAGE);
        await host.settled({ timeoutMs: 20_000 });
        expect(discord.actions.map((a) => a.params.content)).toEqual(['value=4343 from /opt/maidkit/deps/maidhostpkg/__init__.py']);
      } finally {
        await host.close();
      }
    });

    it('after a host restart, resume() prepares the environment again before the worker starts', async () => {
      const database = join(root, 'host.db');
      const p = plugin('deps_resume', 'maidhostpkg==1.0\n');
      const first = new PluginHost({ backend, discord: new RecordingDiscordActions(), database, dependencies: { cacheDir, findLinks: [wheels] } });
      await first.install(p, { serverId: '100000000000000000' });
      await first.close();
      const discord = new RecordingDiscordActions();
      const second = new PluginHost({ backend, discord, database, dependencies: { cacheDir, findLinks: [wheels] } });
      try {
        const resumed = await second.resume();
        expect(resumed.map((r) => r.status)).toEqual(['running']);
        second.dispatch('message_create', MESSAGE);
        await second.settled({ timeoutMs: 20_000 });
        expect(discord.actions.map((a) => a.params.content)).toEqual(['value=4242 from /opt/maidkit/deps/maidhostpkg/__init__.py']);
      } finally {
        await second.close();
      }
    });
  });
}
