import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxBackend, SandboxExit, SandboxHandle, SandboxSpec } from '../../src/backend.js';

/**
 * The sandbox escape suite: one set of hostile programs, run against every backend. Each case states what
 * must happen (refused, killed or contained), and after each one a neighbouring sandbox started before the
 * attack must still answer: one hostile plugin never affects another or the host.
 */
export interface EscapeTarget {
  name: string;
  makeBackend: () => SandboxBackend | Promise<SandboxBackend>;
  /** The interpreter as the backend sees it (`python3` in an image, the resolved host binary under bwrap). */
  python: string;
}

const probeDir = dirname(fileURLToPath(new URL('../fixtures/sandbox-probe.py', import.meta.url)));
const LIMITS = { memoryBytes: 128 * 1024 * 1024, pids: 32, cpus: 0.5, openFiles: 64, tmpBytes: 1024 * 1024, cpuSeconds: 2 };
// A secret the host holds in its own environment: no escape may ever read it.
const SECRET_NAME = 'MAIDKIT_HOST_SECRET';
process.env[SECRET_NAME] = 'host-secret-value';

interface Ran {
  stdout: string;
  stderr: string;
  exit: SandboxExit;
  json: Record<string, unknown> | undefined;
}

export function defineEscapeSuite(target: EscapeTarget): void {
  describe(`sandbox escape suite: ${target.name}`, () => {
    let backend: SandboxBackend;
    let neighbour: SandboxHandle;
    let neighbourOut = '';

    const spec = (check: string, env: Record<string, string> = {}): SandboxSpec => ({
      id: `escape-${check}`,
      pluginDir: probeDir,
      command: [target.python, '-I', '-S', '/plugin/sandbox-probe.py', check],
      env: { LANG: 'C.UTF-8', MAIDKIT_PROBE_HOST_PID: String(process.pid), ...env },
      limits: { ...LIMITS },
      network: 'none',
    });

    async function run(check: string, env?: Record<string, string>): Promise<Ran> {
      const handle = await backend.start(spec(check, env));
      handle.stdin.end();
      let stdout = '';
      let stderr = '';
      handle.stdout.on('data', (c: Buffer) => (stdout = (stdout + c.toString()).slice(-65_536)));
      handle.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8_192)));
      const exit = await handle.exited;
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      return { stdout, stderr, exit, json };
    }

    async function neighbourStillAnswers(): Promise<void> {
      const marker = `ping-${Math.random().toString(36).slice(2)}`;
      neighbour.stdin.write(`${marker}\n`);
      const deadline = Date.now() + 10_000;
      while (!neighbourOut.includes(marker.toUpperCase())) {
        if (Date.now() > deadline) throw new Error(`neighbour sandbox stopped answering after an attack:\n${neighbour.diagnose()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    beforeAll(async () => {
      backend = await target.makeBackend();
      neighbour = await backend.start({ ...spec('echo'), id: 'escape-neighbour' });
      neighbour.stdout.on('data', (c: Buffer) => (neighbourOut += c.toString()));
    });
    afterAll(async () => {
      neighbour?.stdin.end();
      await backend?.close();
    });

    it('network: TCP to the internet and to the host, UDP and DNS all fail; only loopback exists', async () => {
      const r = await run('network');
      expect(r.json, r.stderr).toBeDefined();
      expect(r.json!.tcp_public).not.toBe('ok');
      expect(r.json!.tcp_gateway).not.toBe('ok');
      expect(r.json!.udp).not.toBe('ok');
      expect(r.json!.dns).not.toBe('ok');
      expect(r.json!.interfaces).toEqual(['lo']);
      await neighbourStillAnswers();
    });

    it("files: the host's files and environment are out of reach, root and plugin files are read-only, /tmp is private", async () => {
      const r = await run('files');
      expect(r.json, r.stderr).toBeDefined();
      expect(r.json!.etc).not.toBe('ok');
      expect(r.json!.plugin).not.toBe('ok');
      expect(r.json!.tmp).toBe('ok');
      expect(r.json!.docker_sock).toBe(false);
      expect(r.json!.host_root).toBe(false);
      expect(r.json!.env).not.toContain(SECRET_NAME);
      await neighbourStillAnswers();
    });

    it('/proc: no other process of the host (or of another sandbox) is visible', async () => {
      const r = await run('proc');
      const cmdlines = r.json!.cmdlines as string[];
      expect(cmdlines.join('\n')).not.toContain('vitest');
      expect(cmdlines.join('\n')).not.toContain('escape-neighbour');
      expect(cmdlines.some((c) => c.includes('sandbox-probe.py echo'))).toBe(false);
      await neighbourStillAnswers();
    });

    it('signals and ptrace: the host process cannot be signalled or traced', async () => {
      const sig = await run('signal_host');
      expect(sig.json!.host).not.toBe('visible');
      const trace = await run('ptrace');
      expect(trace.json!.rc).toBe(-1);
      await neighbourStillAnswers();
    });

    it('privileges: setuid(0) fails and setuid binaries grant nothing (no_new_privs)', async () => {
      const r = await run('setuid');
      expect(r.json, r.stderr).toBeDefined();
      expect(r.json!.setuid0).toBe(false);
      expect(r.json!.uid).not.toBe(0);
      expect(r.json!.euid).not.toBe(0);
      const id = await run('identity');
      expect(id.json!.NoNewPrivs).toBe('1');
      expect(id.json!.CapEff).toBe('0000000000000000');
      await neighbourStillAnswers();
    });

    it("Python-level escapes reach the real builtins, but the OS boundary holds: no secret, no network, no host file", async () => {
      const r = await run('secrets');
      expect(r.json, r.stderr).toBeDefined();
      expect(r.json!.escaped_to_popen).toBe(true); // the guard is not the boundary: this is expected
      expect(r.json!.env_has_secret).toBe(false);
      expect(r.json!.gc_has_secret).toBe(false);
      expect(r.json!.raw_socket).not.toBe('ok');
      expect(r.json!.host_file).not.toBe('ok');
      expect(r.json!.host_root).not.toBe('ok');
      await neighbourStillAnswers();
    });

    it('fork bomb: stopped at the pids limit', async () => {
      const r = await run('forkbomb');
      expect(r.json, r.stderr).toBeDefined();
      expect(r.json!.error).toBe('BlockingIOError');
      expect(r.json!.forked as number).toBeLessThan(LIMITS.pids);
      await neighbourStillAnswers();
    });

    it('memory bomb: refused or killed at the memory limit, never completed', async () => {
      const r = await run('membomb');
      expect(r.json).toBeUndefined(); // it never got to report 16 GiB allocated
      expect(r.exit.code).not.toBe(0);
      await neighbourStillAnswers();
    });

    it('disk fill: /tmp stops at its size; file descriptors stop at the open-files limit', async () => {
      const tmp = await run('tmpfill');
      expect(['No space left on device', 'File too large']).toContain(tmp.json!.error); // tmpfs size or RLIMIT_FSIZE
      expect(tmp.json!.written as number).toBeLessThanOrEqual(LIMITS.tmpBytes);
      const fds = await run('nofile');
      expect(fds.json!.error).toBe('OSError');
      expect(fds.json!.opened as number).toBeLessThan(LIMITS.openFiles);
      await neighbourStillAnswers();
    });

    it('CPU spin: killed once it has used its CPU seconds', async () => {
      const started = Date.now();
      const r = await run('cpu_spin');
      expect(r.exit.code === 0).toBe(false);
      expect(Date.now() - started).toBeLessThan(30_000);
      await neighbourStillAnswers();
    }, 40_000);

    it('output flood: 100 MiB on stdout and stderr streams through with bounded host memory', async () => {
      const before = process.memoryUsage().rss;
      const handle = await backend.start(spec('flood'));
      handle.stdin.end();
      let out = 0;
      let err = 0;
      handle.stdout.on('data', (c: Buffer) => (out += c.length));
      handle.stderr.on('data', (c: Buffer) => (err += c.length));
      const exit = await handle.exited;
      expect(exit.code, handle.diagnose()).toBe(0);
      expect(out).toBeGreaterThanOrEqual(100 * 1024 * 1024);
      expect(err).toBe(100 * 1024 * 1024);
      expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
      await neighbourStillAnswers();
    }, 60_000);

    it('lingering threads: killing the sandbox ends every thread and process in it', async () => {
      const handle = await backend.start(spec('thread_linger'));
      let out = '';
      handle.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const deadline = Date.now() + 10_000;
      while (!out.includes('started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      handle.kill('SIGTERM');
      const ended = await Promise.race([handle.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000))]);
      if (ended === 'hung') handle.kill('SIGKILL');
      const exit = await handle.exited;
      expect(exit.code === 0).toBe(false);
      await neighbourStillAnswers();
    }, 30_000);
  });
}
