import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxLimitName, SandboxLimits } from '../../backend.js';

/**
 * cgroup v1 limits for one sandbox (memory incl. tmpfs pages, pids, CPU share), nested under the host
 * process's own cgroup so that the host's limits still apply. bwrap has no limits of its own, and
 * rlimits cannot cap a process tree's memory, so the cgroup is the stronger layer when it is writable;
 * when it is not (no cgroupfs, cgroup v2 without delegation) the backend falls back to rlimits alone.
 */
export interface SandboxCgroup {
  /** Every `cgroup.procs` file the sandbox's first process must join before it execs anything. */
  readonly procsFiles: string[];
  /** Which limit the kernel enforced, read after the sandbox ended. */
  limitHit(): SandboxLimitName | undefined;
  /** Removes the directories (they must be empty; retried briefly while the kernel reaps). */
  remove(): Promise<void>;
}

const ROOT = '/sys/fs/cgroup';
const SAFE = /^[A-Za-z0-9_./-]+$/;

/** Own cgroup path per v1 controller, from /proc/self/cgroup (`4:memory:/a/b`). */
function ownPaths(): Map<string, string> {
  const paths = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return paths;
  }
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (!controllers || path === undefined) continue;
    for (const c of controllers.split(',')) paths.set(c, path);
  }
  return paths;
}

let probed: boolean | undefined;

/** Whether v1 memory+pids controllers are mounted and writable here (probed once). */
export function cgroupsAvailable(): boolean {
  if (probed !== undefined) return probed;
  probed = false;
  const own = ownPaths();
  for (const controller of ['memory', 'pids']) {
    const base = join(ROOT, controller, own.get(controller) ?? '/');
    if (!existsSync(join(base, 'cgroup.procs'))) return probed;
    const probe = join(base, `maidkit-probe-${process.pid}`);
    try {
      mkdirSync(probe);
      rmdirSync(probe);
    } catch {
      return probed;
    }
  }
  probed = true;
  return probed;
}

export function createCgroup(name: string, limits: SandboxLimits): SandboxCgroup | undefined {
  if (!cgroupsAvailable()) return undefined;
  const own = ownPaths();
  const dirs = new Map<string, string>();
  const dir = (controller: string) => join(ROOT, controller, own.get(controller) ?? '/', 'maidkit', name);
  try {
    for (const controller of ['memory', 'pids', 'cpu']) {
      const path = dir(controller);
      if (!SAFE.test(path)) continue;
      if (!existsSync(join(ROOT, controller))) continue;
      mkdirSync(path, { recursive: true });
      dirs.set(controller, path);
    }
    const memory = dirs.get('memory');
    if (memory) {
      writeFileSync(join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // No swap beyond the limit, where the kernel accounts swap at all.
      const memsw = join(memory, 'memory.memsw.limit_in_bytes');
      if (existsSync(memsw)) writeFileSync(memsw, String(limits.memoryBytes));
    }
    const pids = dirs.get('pids');
    if (pids) writeFileSync(join(pids, 'pids.max'), String(limits.pids));
    const cpu = dirs.get('cpu');
    if (cpu && existsSync(join(cpu, 'cpu.cfs_quota_us'))) {
      writeFileSync(join(cpu, 'cpu.cfs_period_us'), '100000');
      writeFileSync(join(cpu, 'cpu.cfs_quota_us'), String(Math.max(1000, Math.round(limits.cpus * 100_000))));
    }
  } catch {
    void removeDirs(dirs);
    return undefined;
  }
  return {
    procsFiles: [...dirs.values()].map((d) => join(d, 'cgroup.procs')),
    limitHit() {
      const memory = dirs.get('memory');
      if (memory && counter(join(memory, 'memory.oom_control'), 'oom_kill') > 0) return 'memory';
      const pids = dirs.get('pids');
      if (pids && counter(join(pids, 'pids.events'), 'max') > 0) return 'pids';
      return undefined;
    },
    remove() {
      return removeDirs(dirs);
    },
  };
}

function counter(file: string, key: string): number {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `));
    return line ? Number(line.slice(key.length + 1)) || 0 : 0;
  } catch {
    return 0;
  }
}

async function removeDirs(dirs: Map<string, string>): Promise<void> {
  for (const path of dirs.values()) {
    // The kernel may take a moment to reap the last task; a leftover empty dir is harmless.
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        rmdirSync(path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }
}
