import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxLimitName, SandboxLimits } from '../../backend.js';
import type { ParkedLauncher } from './ParkedLauncher.js';

/**
 * cgroup v1 limits for one sandbox (memory incl. tmpfs pages, pids, CPU share), nested under the host
 * process's own cgroup so that the host's limits still apply. bwrap has no limits of its own, and
 * rlimits cannot cap a process tree's memory, so the cgroup is the stronger layer when it is writable;
 * when it is not (no cgroupfs, cgroup v2 without delegation) the backend falls back to rlimits alone.
 */
export interface SandboxCgroup {
  /** Every `cgroup.procs` file the sandbox's first process must join before it execs anything. */
  readonly procsFiles: string[];
  /** Which limit the kernel enforced since this sandbox took the cgroup, read after it ended. */
  limitHit(): SandboxLimitName | undefined;
}

const ROOT = '/sys/fs/cgroup';
const SAFE = /^[A-Za-z0-9_./-]+$/;
const CONTROLLERS = ['memory', 'pids', 'cpu'] as const;
/** Idle slots kept with a parked launcher (see `CgroupPool.#spare`). */
const SPARES = 2;

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

interface Slot {
  dirs: Map<string, string>;
  /** Counters when the current sandbox took the slot, so a reused slot reports only its own hits. */
  baseline: { oom: number; pidsMax: number };
  /** A launcher already inside this slot's cgroups, waiting for the next sandbox. */
  parked?: ParkedLauncher | undefined;
}

/** Starts a launcher that joins `procsFiles`; undefined when parking is not possible. */
export type Parker = (procsFiles: string[]) => ParkedLauncher | undefined;

/**
 * Hands out cgroup directories and takes them back: creating three cgroup dirs costs several ms per
 * start, so empty ones are kept (up to `keep`) and reused with fresh limits.
 */
export class CgroupPool {
  readonly #prefix: string;
  readonly #keep: number;
  readonly #idle: Slot[] = [];
  readonly #all = new Set<Slot>();
  #next = 0;
  readonly #park: Parker | undefined;
  #closed = false;
  #sparing = false;
  /** The limits of the latest sandbox: launchers join the hierarchies the next one most likely needs. */
  #lastLimits: SandboxLimits | undefined;

  /**
   * `park`, when given, puts a launcher into every idle slot (and keeps one spare slot parked), so
   * that a start finds its cgroup already joined (see `ParkedLauncher`).
   */
  constructor(prefix: string, keep = 16, park?: Parker) {
    this.#prefix = prefix;
    this.#keep = keep;
    this.#park = park;
  }

  acquire(limits: SandboxLimits): { cgroup: SandboxCgroup; release: () => Promise<void>; parked?: ParkedLauncher } | undefined {
    if (this.#closed || !cgroupsAvailable()) return undefined;
    // Prefer a slot whose launcher is alive and joined exactly the hierarchies this sandbox needs.
    const wanted = (s: Slot) => procsFilesFor(s, limits);
    const fits = (s: Slot) => s.parked?.usable === true && sameFiles(s.parked.procsFiles, wanted(s));
    let index = this.#idle.findLastIndex((s) => fits(s) && s.parked!.joined);
    if (index === -1) index = this.#idle.findLastIndex(fits);
    if (index === -1) index = this.#idle.findLastIndex((s) => !s.parked);
    if (index === -1) index = this.#idle.length - 1;
    let slot = index === -1 ? undefined : this.#idle.splice(index, 1)[0];
    let parked = slot?.parked;
    if (slot) slot.parked = undefined;
    if (parked && !(parked.usable && sameFiles(parked.procsFiles, wanted(slot!)))) {
      // A stale launcher must be gone before the slot is used (its pid counts against pids.max).
      void parked.discard();
      parked = undefined;
      if (slot) {
        const stale = slot;
        this.#all.delete(stale);
        void remove(stale.dirs);
        slot = undefined;
      }
    }
    try {
      if (!slot) slot = this.#create();
      apply(slot, limits);
    } catch {
      void parked?.discard();
      if (slot) void remove(slot.dirs);
      return undefined;
    }
    slot.baseline = readCounters(slot);
    const taken = slot;
    this.#lastLimits = limits;
    this.#spare();
    return {
      ...(parked ? { parked } : {}),
      cgroup: {
        procsFiles: procsFilesFor(taken, limits),
        limitHit() {
          const now = readCounters(taken);
          if (now.oom > taken.baseline.oom) return 'memory';
          if (now.pidsMax > taken.baseline.pidsMax) return 'pids';
          return undefined;
        },
      },
      release: async () => {
        // Reuse only a slot the kernel has emptied; otherwise wait for it and remove it.
        // Page cache the last sandbox left charged here is reclaimed by the kernel before any OOM kill,
        // so the slot is reused as is (force_empty would block the event loop while it reclaims).
        if (!this.#closed && this.#idle.length < this.#keep && (await emptied(taken))) {
          if (this.#closed) return void remove(taken.dirs);
          taken.parked = this.#parkIn(taken);
          this.#idle.push(taken);
        } else {
          this.#all.delete(taken);
          await remove(taken.dirs);
        }
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = [...this.#all];
    this.#all.clear();
    this.#idle.length = 0;
    await Promise.all(slots.map(async (s) => {
      await s.parked?.discard();
      s.parked = undefined;
      await remove(s.dirs);
    }));
  }

  /** A launcher for a slot, joined to the hierarchies the latest sandbox's limits needed. */
  #parkIn(slot: Slot): ParkedLauncher | undefined {
    if (!this.#park) return undefined;
    try {
      return this.#park(procsFilesFor(slot, this.#lastLimits));
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps SPARES parked idle slots after each acquire, created off the start's critical path: two, so
   * that back-to-back starts find one whose join has completed while the other's is still under way.
   */
  #spare(): void {
    if (!this.#park || this.#sparing || this.#closed) return;
    const parked = () => this.#idle.filter((s) => s.parked?.usable).length;
    if (parked() >= SPARES || this.#all.size >= this.#keep * 4) return;
    this.#sparing = true;
    setImmediate(() => {
      this.#sparing = false;
      if (this.#closed || parked() >= SPARES || this.#idle.length >= this.#keep) return;
      try {
        const slot = this.#create();
        slot.parked = this.#parkIn(slot);
        this.#idle.push(slot);
      } catch {
        return; // no spare: the next start joins its cgroup itself
      }
      this.#spare();
    });
  }

  #create(): Slot {
    const own = ownPaths();
    const name = `${this.#prefix}-${this.#next++}`;
    const dirs = new Map<string, string>();
    for (const controller of CONTROLLERS) {
      const path = join(ROOT, controller, own.get(controller) ?? '/', 'maidkit', name);
      if (!SAFE.test(path) || !existsSync(join(ROOT, controller))) continue;
      mkdirSync(path, { recursive: true });
      dirs.set(controller, path);
    }
    const slot: Slot = { dirs, baseline: { oom: 0, pidsMax: 0 } };
    this.#all.add(slot);
    return slot;
  }
}

/**
 * The `cgroup.procs` files a sandbox joins. Each cgroup v1 migration can wait for an RCU grace period,
 * so it joins the cpu hierarchy only for a fractional cap: with its GIL, a Python worker uses about
 * one core anyway. `undefined` limits: the whole-CPU case.
 */
function procsFilesFor(slot: Slot, limits: SandboxLimits | undefined): string[] {
  const fractional = limits !== undefined && limits.cpus < 1;
  return [...slot.dirs].filter(([c]) => c !== 'cpu' || fractional).map(([, d]) => join(d, 'cgroup.procs'));
}

function sameFiles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function apply(slot: Slot, limits: SandboxLimits): void {
  const memory = slot.dirs.get('memory');
  if (memory) {
    const memsw = join(memory, 'memory.memsw.limit_in_bytes');
    // memsw must stay ≥ the memory limit: raise memory first when growing, memsw first when shrinking.
    if (existsSync(memsw)) {
      writeFileSync(memsw, '-1');
      writeFileSync(join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      writeFileSync(memsw, String(limits.memoryBytes));
    } else {
      writeFileSync(join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    }
  }
  const pids = slot.dirs.get('pids');
  if (pids) writeFileSync(join(pids, 'pids.max'), String(limits.pids));
  const cpu = slot.dirs.get('cpu');
  if (cpu && existsSync(join(cpu, 'cpu.cfs_quota_us'))) {
    writeFileSync(join(cpu, 'cpu.cfs_period_us'), '100000');
    writeFileSync(join(cpu, 'cpu.cfs_quota_us'), String(Math.max(1000, Math.round(limits.cpus * 100_000))));
  }
}

function readCounters(slot: Slot): { oom: number; pidsMax: number } {
  const memory = slot.dirs.get('memory');
  const pids = slot.dirs.get('pids');
  return {
    oom: memory ? counter(join(memory, 'memory.oom_control'), 'oom_kill') : 0,
    pidsMax: pids ? counter(join(pids, 'pids.events'), 'max') : 0,
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

async function emptied(slot: Slot): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const busy = [...slot.dirs.values()].some((d) => {
      try {
        return readFileSync(join(d, 'cgroup.procs'), 'utf8').trim() !== '';
      } catch {
        return true;
      }
    });
    if (!busy) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

async function remove(dirs: Map<string, string>): Promise<void> {
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

/**
 * Removes the (empty) cgroup directories of host processes that are gone: their sandboxes died with
 * them (--die-with-parent), leaving only the directories. Names are `<host pid>-<tag>-<n>`.
 */
export function sweepCgroups(alive: (pid: number) => boolean): void {
  if (!cgroupsAvailable()) return;
  const own = ownPaths();
  for (const controller of CONTROLLERS) {
    const parent = join(ROOT, controller, own.get(controller) ?? '/', 'maidkit');
    let entries: string[];
    try {
      entries = readdirSync(parent);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const pid = /^(\d+)-/.exec(entry)?.[1];
      if (!pid || Number(pid) === process.pid || alive(Number(pid))) continue;
      try {
        rmdirSync(join(parent, entry));
      } catch {
        /* still busy or not ours: leave it */
      }
    }
  }
}
