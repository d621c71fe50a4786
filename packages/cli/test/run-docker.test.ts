import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';
import { dockerReady } from '../../sandbox-runner/test/docker/engine.js';
import { buildWheel, IMPORTING_PLUGIN } from '../../sandbox-runner/test/deps/wheel.js';

const repo = resolve(__dirname, '../../..');
const ready = await dockerReady();

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin: Readable.from(['']), cwd: repo, env };
  const code = await main(argv, io);
  const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}
const contents = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l['type'] === 'action').map((l) => (l['params'] as { content: string }).content);

/** A plugin folder whose requirements.txt names a package only the test's wheel directory has. */
function depsPlugin(root: string): { dir: string; wheels: string; events: string } {
  const wheels = join(root, 'wheels');
  const dir = join(root, 'plugin');
  mkdirSync(wheels, { recursive: true });
  mkdirSync(dir, { recursive: true });
  buildWheel(wheels, 'maidclipkg', '3.1', 31);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'deps_plugin', name: 'Deps', version: '1.0.0', description: 'imports a wheel', capabilities_required: ['discord:send_message'] }));
  writeFileSync(join(dir, '__main__.py'), IMPORTING_PLUGIN('maidclipkg'));
  writeFileSync(join(dir, 'requirements.txt'), 'maidclipkg==3.1\n');
  const events = join(root, 'events.jsonl');
  writeFileSync(events, `${JSON.stringify({ event: 'message_create', payload: { content: '!value' } })}\n`);
  return { dir, wheels, events };
}

describe('maidkit run: requirements.txt from --find-links (subprocess backend)', () => {
  it('GIVEN a plugin with requirements.txt and a wheel directory THEN the host installs it first and the plugin imports it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'maidkit-cli-deps-'));
    const p = depsPlugin(root);
    const env = { MAIDKIT_DEPS_CACHE: join(root, 'cache') };
    const r = await cli(['run', p.dir, '--find-links', p.wheels, '--events', p.events], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(contents(r.lines)).toEqual(['value=31 from /opt/maidkit/deps/maidclipkg/__init__.py']);
  });

  it('GIVEN no wheel directory THEN the install fails with a dependencies error and exit 1', async () => {
    const root = mkdtempSync(join(tmpdir(), 'maidkit-cli-deps-'));
    const p = depsPlugin(root);
    const r = await cli(['run', p.dir, '--events', p.events], { MAIDKIT_DEPS_CACHE: join(root, 'cache') });
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.objectContaining({ type: 'error', code: 'dependencies_failed', during: 'install', message: expect.stringContaining('maidclipkg') }));
    expect(contents(r.lines)).toEqual([]);
  });
});

describe.skipIf(!ready)('maidkit run --backend docker', () => {
  it('GIVEN examples/hello-plugin THEN it runs in a container and prints Pong!, exit 0', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--backend', 'docker', '--events', 'examples/hello-plugin/events.jsonl']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(contents(r.lines)).toEqual(['Pong!']);
    expect(r.lines.at(-1)).toMatchObject({ type: 'summary', ok: true, actions: 1 });
    // The run removed its container: none of this host's maidkit containers is the hello plugin's.
    const left = await new Dockerode().listContainers({ all: true, filters: { label: ['dev.maidkit.sandbox=1', `dev.maidkit.host=${hostname()}`] } });
    expect(left.filter((c) => c.Labels['dev.maidkit.id']?.startsWith('my_plugin@1.0.0#'))).toEqual([]);
  });

  it('GIVEN requirements.txt and --find-links THEN the environment is mounted into the container and imported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'maidkit-cli-deps-'));
    const p = depsPlugin(root);
    const r = await cli(['run', p.dir, '--backend', 'docker', '--find-links', p.wheels, '--events', p.events], { MAIDKIT_DEPS_CACHE: join(root, 'cache') });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(contents(r.lines)).toEqual(['value=31 from /opt/maidkit/deps/maidclipkg/__init__.py']);
  });

  it('GIVEN maidkit dev --backend docker THEN a typed !ping comes back as Pong! from the container', async () => {
    let stdout = '';
    const stdin = new PassThrough();
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, isTTY: false, stdin, cwd: repo, env: {} };
    const done = main(['dev', '--tty', 'examples/hello-plugin', '--backend', 'docker'], io);
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('is running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stdin.end('!ping\n/quit\n');
    expect(await done).toBe(0);
    expect(stdout.split('\n').filter((l) => l.startsWith('← discord.send_message'))).toEqual(['← discord.send_message {"channel_id":"100000000000000001","content":"Pong!"}']);
  });

  it('GIVEN an image that does not exist THEN one clear backend error and exit 1', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--backend', 'docker', '--docker-image', 'maidkit/no-such-image:never']);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([expect.objectContaining({ type: 'error', code: 'backend_unavailable', message: expect.stringContaining('maidkit/no-such-image:never') })]);
  });
});

describe('maidkit run --backend docker: the engine address', () => {
  it('GIVEN DOCKER_HOST pointing at a TCP engine that does not answer THEN one backend error naming that address, exit 1', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1'; // read by the engine client like the docker CLI does
    try {
      const r = await cli(['run', 'examples/hello-plugin', '--backend', 'docker']);
      expect(r.code).toBe(1);
      expect(r.lines).toEqual([expect.objectContaining({ type: 'error', code: 'backend_unavailable', message: expect.stringContaining('127.0.0.1:1') })]);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('maidkit run option errors', () => {
  it('GIVEN --docker-image without --backend docker THEN a usage error (exit 2)', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--docker-image', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--docker-image needs --backend docker');
  });
  it('GIVEN an unknown backend THEN a usage error naming the three', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--backend', 'vm']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--backend must be subprocess or none, or docker for a container; got "vm"');
    expect(readFileSync(join(repo, 'examples/hello-plugin/manifest.json'), 'utf8')).toContain('my_plugin');
  });
});
