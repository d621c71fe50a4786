import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SubprocessBackend, resolvePython, type SandboxHandle, type SandboxLimits } from '../src/index.js';
import { cgroupsAvailable } from '../src/backends/subprocess/cgroups.js';
import { ParkedLauncher } from '../src/backends/subprocess/ParkedLauncher.js';

// Starts after the first one exec in a launcher that joined the sandbox's cgroups ahead of time.
// These tests check that such a start is isolated exactly like a fresh one.

const python = resolvePython();
const work = mkdtempSync(join(tmpdir(), 'maidkit-parked-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function script(code: string): string {
  const dir = join(work, `p${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'main.py'), code);
  return dir;
}

function collect(handle: SandboxHandle) {
  let stdout = '';
  handle.stdout.on('data', (c) => (stdout += c));
  handle.stderr.resume();
  return () => stdout;
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

/** The v1 cgroup path of `pid` per controller. */
function cgroupsOf(pid: number): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers && path !== undefined) for (const c of controllers.split(',')) map.set(c, path);
  }
  return map;
}

const PROBE = `import json, os, sys, time
status = open("/proc/self/status").read()
field = lambda k: [l.split()[1] for l in status.splitlines() if l.startswith(k + ":")][0]
print(json.dumps({"uid": os.getuid(), "pid": os.getpid(), "cap_eff": field("CapEff"), "no_new_privs": field("NoNewPrivs"), "seccomp": field("Seccomp"), "env": sorted(os.environ)}), flush=True)
sys.stdin.readline()
`;

describe('SubprocessBackend parked launchers', () => {
  it.skipIf(!cgroupsAvailable())('GIVEN sandboxes started one after another THEN the later ones start parked, inside their cgroups, as isolated as the first; close() leaves no launcher', async () => {
    const backend = new SubprocessBackend();
    const marker = `parked-${process.pid}-${Date.now()}`;
    const limits: SandboxLimits = { ...DEFAULT_LIMITS, cpus: 0.5, pids: 16 };
    const dir = script(PROBE);
    const notes: string[] = [];
    const probes: Array<Record<string, unknown>> = [];
    try {
      for (let i = 0; i < 4; i++) {
        const handle = await backend.start({ id: `parked-${i}`, pluginDir: dir, command: [python, '-I', '-S', '/plugin/main.py', marker], env: {}, limits, network: 'none' });
        const stdout = collect(handle);
        const deadline = Date.now() + 10_000;
        while (!stdout().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        probes.push(JSON.parse(stdout()) as Record<string, unknown>);
        notes.push(handle.diagnose().split('\n')[0]!);
        // Every process of the sandbox (bwrap's and python) is in this sandbox's memory, pids and cpu cgroups.
        const pids = processesWith(marker);
        expect(pids.length).toBeGreaterThanOrEqual(2);
        for (const pid of pids) {
          const groups = cgroupsOf(pid);
          for (const controller of ['memory', 'pids', 'cpu']) expect(groups.get(controller), `${controller} of ${pid}`).toMatch(/\/maidkit\/\d+-[a-z0-9]+-\d+$/);
        }
        handle.stdin.end('\n');
        expect((await handle.exited).code).toBe(0);
        // Let the slot be emptied and a launcher parked in it before the next start.
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(notes[0]).not.toMatch(/parked/);
      expect(notes.slice(1).some((note) => / parked$/.test(note)), notes.join('\n')).toBe(true);
      for (const probe of probes) {
        expect(probe).toMatchObject({ uid: 65534, cap_eff: '0000000000000000', no_new_privs: '1', seccomp: '2' });
        expect(probe['pid']).toBeLessThan(10);
        expect(probe['env']).toEqual(probes[0]!['env']);
      }
      // A fork bomb from a parked start still stops at the pids limit.
      const bomb = script(`import os, time
n = 0
try:
    for i in range(200):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError as e:
    print("stopped", n, e.errno)
`);
      const handle = await backend.start({ id: 'parked-bomb', pluginDir: bomb, command: [python, '-I', '-S', '/plugin/main.py', marker], env: {}, limits, network: 'none' });
      expect(handle.diagnose()).toMatch(/parked/);
      const stdout = collect(handle);
      expect((await handle.exited).code).toBe(0);
      const [word, count] = stdout().trim().split(' ');
      expect(word).toBe('stopped');
      expect(Number(count)).toBeLessThan(16);
    } finally {
      await backend.close();
    }
    // No launcher (nor anything else of the backend) outlives close().
    expect(processesWith(`maidkit-sandboxes`).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`host-${process.pid}-`))).toEqual([]);
    expect(processesWith(marker)).toEqual([]);
  });

  it('GIVEN a launcher that cannot join its cgroup THEN it never runs the command', async () => {
    const scriptPath = join(work, `launch-${++n}.sh`);
    const launcher = new ParkedLauncher(['/nonexistent/cgroup.procs'], scriptPath);
    await launcher.spawned;
    const exit = await new Promise<number | null>((resolve) => launcher.child.once('exit', resolve));
    expect(exit).toBe(97);
    expect(launcher.usable).toBe(false);
  });

  it('GIVEN a parked launcher THEN the command runs only after launch(), with the given fd 3 and stdin intact', async () => {
    const scriptPath = join(work, `launch-${++n}.sh`);
    const fd3 = join(work, 'fd3.txt');
    writeFileSync(fd3, 'from fd 3');
    const launcher = new ParkedLauncher([], scriptPath);
    await launcher.spawned;
    let stdout = '';
    launcher.child.stdout!.on('data', (c) => (stdout += c));
    await new Promise((r) => setTimeout(r, 100));
    expect(launcher.usable).toBe(true);
    expect(stdout).toBe('');
    const child = launcher.launch([python, '-I', '-S', '-c', "import os, sys; print(os.read(3, 100).decode(), '|', sys.stdin.read(), end='')"], fd3);
    child.stdin!.end("it's \"quoted\"\nsecond line");
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise((r) => setTimeout(r, 20));
    expect(code).toBe(0);
    expect(stdout).toBe(`from fd 3 | it's "quoted"\nsecond line`);
  });
});
