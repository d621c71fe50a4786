import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SandboxError, SubprocessBackend, resolvePython, type SandboxHandle, type SandboxLimits } from '../src/index.js';
import { bwrapArgv } from '../src/backends/subprocess/bwrapArgs.js';

const python = resolvePython();
const work = mkdtempSync(join(tmpdir(), 'maidkit-backend-test-'));
// Host files the sandbox must never see: one in root's home, one in the checkout.
const secretInRoot = join('/root', `maidkit-secret-${process.pid}`);
const secretInWork = join(__dirname, `.maidkit-secret-${process.pid}`);
writeFileSync(secretInRoot, 'root secret');
writeFileSync(secretInWork, 'work secret');
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(secretInRoot, { force: true });
  rmSync(secretInWork, { force: true });
});

let n = 0;
function script(code: string): string {
  const dir = join(work, `p${++n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'main.py'), code);
  return dir;
}

async function runScript(backend: SubprocessBackend, code: string, limits: Partial<SandboxLimits> = {}, env: Record<string, string> = {}, marker = 'x') {
  const handle = await backend.start({ id: `test-${n}`, pluginDir: script(code), command: [python, '-I', '-S', '/plugin/main.py', marker], env, limits: { ...DEFAULT_LIMITS, ...limits }, network: 'none' });
  const out = collect(handle);
  const exit = await handle.exited;
  return { exit, stdout: out.stdout(), stderr: out.stderr(), handle };
}

function collect(handle: SandboxHandle) {
  let stdout = '';
  let stderr = '';
  handle.stdout.on('data', (c) => (stdout += c));
  handle.stderr.on('data', (c) => (stderr += c));
  return { stdout: () => stdout, stderr: () => stderr };
}

/** Host pids whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

const PROBE = `
import json, os, socket, sys
r = {}
r["uid"] = os.getuid()
r["pid"] = os.getpid()
r["root"] = sorted(os.listdir("/"))
r["env"] = sorted(os.environ)
status = open("/proc/self/status").read()
r["cap_eff"] = [l.split()[1] for l in status.splitlines() if l.startswith("CapEff")][0]
r["no_new_privs"] = [l.split()[1] for l in status.splitlines() if l.startswith("NoNewPrivs")][0]
def attempt(name, fn):
    try:
        r[name] = "ok:" + str(fn())
    except Exception as e:
        r[name] = "fail:" + type(e).__name__ + ":" + str(e)
attempt("net_public", lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
attempt("net_host_port", lambda: socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2))
attempt("read_root_secret", lambda: open(${JSON.stringify(secretInRoot)}).read())
attempt("read_work_secret", lambda: open(${JSON.stringify(secretInWork)}).read())
attempt("read_shadow", lambda: open("/etc/shadow").read())
attempt("write_plugin", lambda: open("/plugin/x", "w").write("x"))
attempt("write_usr", lambda: open("/usr/x", "w").write("x"))
attempt("write_tmp", lambda: open("/tmp/x", "w").write("x"))
r["seccomp"] = [l.split()[1] for l in status.splitlines() if l.startswith("Seccomp:")][0]
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
for name, nr in [("bpf", 321), ("keyctl", 250), ("io_uring_setup", 425), ("ptrace", 101), ("userfaultfd", 323), ("getpid", 39)]:
    ret = libc.syscall(nr, 0, 0, 0, 0, 0)
    r["sys_" + name] = "ok" if ret >= 0 else "errno %d" % ctypes.get_errno()
print(json.dumps(r))
`;

describe('SubprocessBackend (bubblewrap)', () => {
  it('GIVEN a probe THEN it runs unprivileged with no network, no host files, a read-only root and only the allow-listed env', async () => {
    const backend = new SubprocessBackend();
    const server = createServer((s) => s.end('host port reached'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const { exit, stdout, stderr } = await runScript(backend, PROBE, {}, { PLUGIN_SETTING: 'on' }, String(port));
      expect(exit, stderr).toMatchObject({ code: 0 });
      const r = JSON.parse(stdout) as Record<string, string | number | string[]>;
      expect(r['uid']).toBe(65534);
      expect(r['pid']).toBeLessThan(10); // its own pid namespace
      expect(r['cap_eff']).toBe('0000000000000000');
      expect(r['no_new_privs']).toBe('1');
      expect(r['root']).not.toContain('root');
      expect(r['root']).not.toContain('work');
      expect(r['root']).not.toContain('etc');
      // PWD comes from bwrap's --chdir; nothing is inherited from the host.
      expect(r['env']).toEqual(['HOME', 'LANG', 'MALLOC_ARENA_MAX', 'PATH', 'PLUGIN_SETTING', 'PWD', 'PYTHONDONTWRITEBYTECODE']);
      expect(r['net_public']).toMatch(/^fail:OSError.*unreachable/i);
      expect(r['net_host_port']).toMatch(/^fail:ConnectionRefusedError/);
      expect(r['read_root_secret']).toMatch(/^fail:FileNotFoundError/);
      expect(r['read_work_secret']).toMatch(/^fail:FileNotFoundError/);
      expect(r['read_shadow']).toMatch(/^fail:FileNotFoundError/);
      expect(r['write_plugin']).toMatch(/^fail:OSError.*Read-only/);
      expect(r['write_usr']).toMatch(/^fail:OSError.*Read-only/);
      expect(r['write_tmp']).toBe('ok:1');
      // seccomp: the filter is installed and refuses the kernel's riskiest interfaces with EPERM.
      expect(r['seccomp']).toBe('2');
      for (const name of ['bpf', 'keyctl', 'io_uring_setup', 'ptrace', 'userfaultfd']) expect(r[`sys_${name}`], name).toBe('errno 1');
      expect(r['sys_getpid']).toBe('ok');
    } finally {
      server.close();
      await backend.close();
    }
  });

  it('GIVEN a fork bomb THEN the pids limit stops it and nothing survives the sandbox', async () => {
    const backend = new SubprocessBackend();
    const marker = `forkbomb-${process.pid}`;
    try {
      const { exit, stdout } = await runScript(
        backend,
        `import os, sys, time
n = 0
try:
    for i in range(500):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError as e:
    print("stopped", n, e.errno)
`,
        { pids: 16 },
        {},
        marker,
      );
      expect(exit.code).toBe(0);
      const [word, count, errno] = stdout.trim().split(' ');
      expect(word).toBe('stopped');
      expect(Number(count)).toBeLessThan(16);
      expect(Number(errno)).toBe(11); // EAGAIN
      // The parent exited: the pid namespace took the sleeping children with it.
      await new Promise((r) => setTimeout(r, 100));
      expect(processesWith(marker)).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  it('GIVEN a memory hog THEN the memory limit stops it (killed by the cgroup, or MemoryError under rlimits alone)', async () => {
    const backend = new SubprocessBackend();
    try {
      const { exit, stdout } = await runScript(backend, `blocks = []\nfor i in range(64):\n    blocks.append(bytearray(16 * 1024 * 1024))\nprint("allocated", len(blocks))\n`, { memoryBytes: 96 * 1024 * 1024 });
      const killed = exit.limit === 'memory' && exit.signal === 'SIGKILL';
      const refused = exit.code === 1 && !stdout.includes('allocated');
      expect(killed || refused, JSON.stringify(exit)).toBe(true);
      expect(stdout).not.toContain('allocated 64');
    } finally {
      await backend.close();
    }
  });

  it('GIVEN /tmp filled past its size and too many open files THEN both are refused', async () => {
    const backend = new SubprocessBackend();
    try {
      const { exit, stdout, stderr } = await runScript(
        backend,
        `import os
try:
    with open("/tmp/big", "wb") as f:
        for i in range(32):
            f.write(b"x" * 1024 * 1024)
    print("tmp", "wrote all")
except OSError as e:
    print("tmp", e.errno)
files = []
try:
    for i in range(1000):
        files.append(open("/tmp/f%d" % i, "w"))
    print("files", "all")
except OSError as e:
    print("files", e.errno, len(files))
`,
        { tmpBytes: 8 * 1024 * 1024, openFiles: 64 },
      );
      expect(exit.code, stderr).toBe(0);
      const lines = Object.fromEntries(stdout.trim().split('\n').map((l) => [l.split(' ')[0], l.split(' ').slice(1)]));
      expect(['27', '28']).toContain(lines['tmp']![0]); // EFBIG (RLIMIT_FSIZE) or ENOSPC (tmpfs size)
      expect(lines['files']![0]).toBe('24'); // EMFILE
      expect(Number(lines['files']![1])).toBeLessThan(64);
    } finally {
      await backend.close();
    }
  });

  it('GIVEN a running sandbox with grandchildren THEN kill() ends the whole tree', async () => {
    const backend = new SubprocessBackend();
    const marker = `tree-${process.pid}-${Date.now()}`;
    try {
      const handle = await backend.start({
        id: 'tree',
        pluginDir: script(`import subprocess, sys, time\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", sys.argv[1]])\nprint("ready", flush=True)\ntime.sleep(60)\n`),
        command: [python, '-I', '-S', '/plugin/main.py', marker],
        env: {},
        limits: DEFAULT_LIMITS,
        network: 'none',
      });
      const out = collect(handle);
      const deadline = Date.now() + 5000;
      while (!out.stdout().includes('ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(processesWith(marker).length).toBeGreaterThanOrEqual(3); // bwrap + python + grandchild
      handle.kill('SIGKILL');
      const exit = await handle.exited;
      expect(exit.signal).toBe('SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
      expect(processesWith(marker)).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  it('GIVEN the host process is SIGKILLed THEN its sandboxes die with it (--die-with-parent, no orphans)', async () => {
    const marker = `orphan-${process.pid}-${Date.now()}`;
    const dir = script('import time\ntime.sleep(60)\n');
    chmodSync(work, 0o755);
    const argv = bwrapArgv('/usr/bin/bwrap', { pluginDir: dir, mounts: [], env: {}, command: [python, '-I', '-S', '/plugin/main.py', marker], limits: DEFAULT_LIMITS, uid: 399_999, cgroup: false });
    // A stand-in host: spawns the sandbox exactly as the backend does, then is killed without warning.
    const fakeHost = spawn(process.execPath, ['-e', `require('child_process').spawn(${JSON.stringify(argv[0])}, ${JSON.stringify(argv.slice(1))}, { stdio: 'ignore', detached: true }); setInterval(() => {}, 1000);`], { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 5000;
      // The stand-in's own command line holds the marker too: wait for it + outer bwrap + inner bwrap + python.
      while (processesWith(marker).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(processesWith(marker).length).toBeGreaterThanOrEqual(4);
      fakeHost.kill('SIGKILL');
      const gone = Date.now() + 3000;
      while (processesWith(marker).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
      expect(processesWith(marker)).toEqual([]);
    } finally {
      fakeHost.kill('SIGKILL');
    }
  });

  it('GIVEN leftovers of a host that died THEN the next backend removes its staged files and cgroup directories', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const stale = join(tmpdir(), 'maidkit-sandboxes', `host-${dead.pid}-stale`);
    mkdirSync(join(stale, 'plugin-x'), { recursive: true });
    const memoryPath = /\d+:memory:(.*)/.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    let staleCgroup = memoryPath === undefined ? undefined : join('/sys/fs/cgroup/memory', memoryPath, 'maidkit', `${dead.pid}-stale-0`);
    try {
      if (staleCgroup) mkdirSync(staleCgroup, { recursive: true });
    } catch {
      staleCgroup = undefined; // no writable cgroup tree here: the backend uses rlimits alone
    }
    const backend = new SubprocessBackend();
    try {
      const { exit } = await runScript(backend, 'pass\n');
      expect(exit.code).toBe(0);
      expect(existsSync(stale)).toBe(false);
      if (staleCgroup) expect(existsSync(staleCgroup)).toBe(false);
    } finally {
      await backend.close();
    }
  });

  it('GIVEN a host that is not root THEN the argv drops no uid (it cannot) and keeps every other layer', () => {
    const plan = { pluginDir: '/p', mounts: [], env: {}, command: [python], limits: DEFAULT_LIMITS, cgroup: false };
    const asRoot = bwrapArgv('/usr/bin/bwrap', { ...plan, uid: 300_001 });
    const asUser = bwrapArgv('/usr/bin/bwrap', { ...plan, uid: undefined });
    expect(asRoot.slice(asRoot.indexOf('setpriv'), asRoot.indexOf('setpriv') + 6)).toEqual(['setpriv', '--reuid', '300001', '--regid', '300001', '--clear-groups']);
    expect(asUser).not.toContain('setpriv');
    expect(asUser.filter((a) => !asRoot.includes(a))).toEqual([]);
    expect(asUser[0]).toBe('prlimit');
    expect(asUser).toContain('--unshare-all');
  });

  it('GIVEN no bwrap THEN start() fails with backend_unavailable naming the apt package', async () => {
    const backend = new SubprocessBackend({ bwrapPath: '/nonexistent/bwrap' });
    const error = await backend.start({ id: 'x', pluginDir: work, command: [python], env: {}, limits: DEFAULT_LIMITS, network: 'none' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: 'backend_unavailable' });
    expect((error as Error).message).toMatch(/apt-get install -y bubblewrap/);
  });

  it('GIVEN isolation "none" THEN it runs only when asked and warns on every start', async () => {
    const warnings: string[] = [];
    const backend = new SubprocessBackend({ isolation: 'none', onWarning: (m) => warnings.push(m) });
    try {
      for (let i = 0; i < 2; i++) {
        const { exit, stdout } = await runScript(backend, 'import os\nprint(os.path.exists("/plugin"), sorted(os.environ))\n', {}, { A: '1' });
        expect(exit.code).toBe(0);
        expect(stdout).toContain('False'); // host filesystem: no /plugin mount
      }
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/WITHOUT A SANDBOX/);
      expect(backend.name).toBe('subprocess-unisolated');
    } finally {
      await backend.close();
    }
  });
});
