import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { spawn, spawnSync } from 'node:child_process';
import { containerOptions, DockerBackend, type SandboxHandle, type SandboxSpec } from '../../src/backends/docker/index.js';
import { dockerReady } from './engine.js';

const ready = await dockerReady();
const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const HOST = `maidkit-test-${process.pid}`;

function spec(check: string, overrides: Partial<SandboxSpec> = {}): SandboxSpec {
  return {
    id: `probe-${check}`,
    pluginDir: fixtures,
    command: ['python3', '-I', '-S', '/plugin/sandbox-probe.py', check],
    env: { MAIDKIT_PROTOCOL: '1', LANG: 'C.UTF-8' },
    limits: { memoryBytes: 96 * 1024 * 1024, pids: 32, cpus: 0.5, openFiles: 64, tmpBytes: 1024 * 1024 },
    network: 'none',
    ...overrides,
  };
}

async function collect(handle: SandboxHandle): Promise<{ stdout: string; stderr: string; exit: Awaited<SandboxHandle['exited']> }> {
  let stdout = '';
  let stderr = '';
  handle.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  handle.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = await handle.exited;
  return { stdout, stderr, exit };
}

async function probe(backend: DockerBackend, check: string, overrides: Partial<SandboxSpec> = {}): Promise<Record<string, unknown>> {
  const handle = await backend.start(spec(check, overrides));
  handle.stdin.end();
  const { stdout, exit } = await collect(handle);
  expect(exit.code, handle.diagnose()).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe.skipIf(!ready)('DockerBackend against a real engine', () => {
  let backend: DockerBackend;
  const docker = new Dockerode();

  beforeAll(async () => {
    backend = new DockerBackend({ hostName: HOST, warm: { perSpec: 0 } });
    await backend.init();
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('carries stdin to the process and demultiplexes stdout from stderr, then reports the exit code', async () => {
    const handle = await backend.start(spec('echo'));
    handle.stdin.write('hello\nsecond line\n');
    handle.stdin.end(); // EOF must reach the container, like a pipe
    const { stdout, stderr, exit } = await collect(handle);
    expect(stdout).toBe('HELLO\nSECOND LINE\n');
    expect(stderr).toBe('stderr-line\n');
    expect(exit).toEqual({ code: 3, signal: null });
    expect(handle.diagnose()).toContain('stderr-line');
  });

  it('runs as an unprivileged user with no capabilities, no-new-privileges and seccomp filtering', async () => {
    const id = await probe(backend, 'identity');
    expect(id.uid).toBe(65534);
    expect(id.gid).toBe(65534);
    expect(id.CapEff).toBe('0000000000000000');
    expect(id.CapPrm).toBe('0000000000000000');
    expect(id.NoNewPrivs).toBe('1');
    expect(id.Seccomp).toBe('2'); // filter mode: Docker's default profile is on
  });

  it('refuses to mount the Docker socket and to run as root', async () => {
    await expect(backend.start(spec('identity', { mounts: [{ source: '/var/run/docker.sock', target: '/var/run/docker.sock' }] }))).rejects.toThrow(/Docker socket/);
    expect(() => new DockerBackend({ user: '0:0' })).toThrow(/root/);
  });

  it('removes the container when the sandbox is killed', async () => {
    const handle = await backend.start(spec('sleep'));
    handle.kill('SIGKILL');
    const exit = await handle.exited;
    expect(exit.signal).toBe('SIGKILL');
    const left = await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}`, `dev.maidkit.id=probe-sleep`] } });
    expect(left).toEqual([]);
  });

  it('sweeps the containers a crashed host left behind when the next host starts, and leaves a live host\'s alone', async () => {
    // A host process that is gone: its pid no longer exists.
    const dead = spawnSync('true').pid!;
    // A host process that is alive: a child we keep running.
    const alive = spawn('sleep', ['30']);
    const plant = async (owner: string) => {
      // Exactly what that host's backend would have created (the fixtures folder is world-readable).
      const c = await docker.createContainer(containerOptions(spec('sleep'), { image: 'maidkit/python-base:bookworm', user: '65534:65534', hostName: `${HOST}-crash`, owner, init: true }, 'k'));
      await c.start();
      return c.id;
    };
    try {
      const orphan = await plant(`${dead}:crashed`);
      const other = await plant(`${alive.pid}:running`);
      const sameProcessClosed = await plant(`${process.pid}:closed-instance`);
      const next = new DockerBackend({ hostName: `${HOST}-crash`, warm: { perSpec: 0 } });
      await next.init();
      const left = (await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}-crash`] } })).map((c) => c.Id);
      expect(left).toContain(other);
      expect(left).not.toContain(orphan);
      expect(left).not.toContain(sameProcessClosed);
      await next.close();
      // Once that host is gone too, the next start sweeps its container as well.
      alive.kill('SIGKILL');
      await new Promise((r) => alive.once('exit', r));
      const after = new DockerBackend({ hostName: `${HOST}-crash`, warm: { perSpec: 0 } });
      await after.init();
      expect(await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}-crash`] } })).toEqual([]);
      await after.close();
    } finally {
      alive.kill('SIGKILL');
    }
  });

  it('leaves the containers of another live backend on the same engine and host name running', async () => {
    const first = new DockerBackend({ hostName: `${HOST}-shared`, warm: { perSpec: 0 } });
    const handle = await first.start(spec('sleep'));
    const second = new DockerBackend({ hostName: `${HOST}-shared`, warm: { perSpec: 0 } });
    await second.init(); // a second CLI run or host starting beside the first
    expect(await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}-shared`] } })).toHaveLength(1);
    await second.close();
    expect(await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}-shared`] } })).toHaveLength(1);
    await first.close();
    await handle.exited;
    expect(await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}-shared`] } })).toEqual([]);
  });

  it('assigns a warm worker from the pool and refills it in the background', async () => {
    const warm = new DockerBackend({ hostName: `${HOST}-warm`, warm: { perSpec: 1 } });
    try {
      await warm.prewarm(spec('echo'), 2);
      expect(warm.warmCount()).toBe(2);
      const handle = await warm.start(spec('echo'));
      expect(handle.id).toBe('probe-echo');
      handle.stdin.end('warm\n');
      const { stdout } = await collect(handle);
      expect(stdout).toBe('WARM\n');
      expect(warm.warmCount()).toBeGreaterThanOrEqual(1);
    } finally {
      await warm.close();
    }
    const left = await docker.listContainers({ all: true, filters: { label: [`dev.maidkit.host=${HOST}-warm`] } });
    expect(left).toEqual([]);
  });
});

describe('DockerBackend errors', () => {
  it('names the engine address and what to do when the engine does not answer', async () => {
    const b = new DockerBackend({ docker: { host: '127.0.0.1', port: 1, protocol: 'http' } });
    await expect(b.init()).rejects.toThrow(/does not answer \(127\.0\.0\.1:1\).*docker-engine\.sh/);
  });
});
