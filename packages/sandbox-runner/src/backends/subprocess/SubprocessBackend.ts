import { spawn } from 'node:child_process';
import { accessSync, chmodSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { SandboxBackend, SandboxHandle, SandboxSpec } from '../../backend.js';
import { SandboxError, SandboxErrorCodes } from '../../errors.js';
import { bwrapArgv, plainEnv } from './bwrapArgs.js';
import { CgroupPool, sweepCgroups } from './cgroups.js';
import { ParkedLauncher } from './ParkedLauncher.js';
import { seccompProgram } from './seccompFilter.js';
import { removeStaged, stageDirectory, treeSignature } from './stageFiles.js';
import { SubprocessHandle } from './SubprocessHandle.js';
import { UidPool } from './UidPool.js';

export interface SubprocessBackendOptions {
  /**
   * `bwrap` (default): namespaces, no network, read-only binds, unprivileged uid, limits.
   * `none`: a plain child process with only rlimits and the env allow-list — for machines without
   * bubblewrap during development. It is **not** a sandbox and warns on every start.
   */
  isolation?: 'bwrap' | 'none';
  /** Path to bwrap; found on PATH when omitted. */
  bwrapPath?: string;
  /** Host uids handed to sandboxes (one per live sandbox). */
  uidRange?: { start: number; size: number };
  /** Where staged plugin copies live (default `$TMPDIR/maidkit-sandboxes`). */
  stateDir?: string;
  /** Use cgroup v1 memory/pids/cpu limits when writable (default true). */
  cgroups?: boolean;
  /** Apply the seccomp filter (`seccompFilter.ts`) on x86_64 (default true). */
  seccomp?: boolean;
  /** Receives warnings (the unisolated mode's); default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

/**
 * Runs each plugin as a local child process inside bubblewrap. The process tree is its own process
 * group (killed as a whole), bwrap's `--die-with-parent` ends it if the host dies, and the pid
 * namespace takes every descendant down with the sandbox's init.
 */
export class SubprocessBackend implements SandboxBackend {
  readonly name: string;
  readonly isolation: 'bwrap' | 'none';
  readonly #options: SubprocessBackendOptions;
  readonly #uids: UidPool;
  readonly #live = new Set<SubprocessHandle>();
  #bwrap: string | undefined;
  #stateDir: string | undefined;
  #closed = false;
  readonly #mounts = new Map<string, string>();
  /** Staged plugin copies by source folder, reused while the folder's files are unchanged. */
  readonly #plugins = new Map<string, { signature: string; dir: string }>();
  // Idle cgroup slots hold a launcher that joined them already (the join is most of a cold start).
  readonly #cgroups = new CgroupPool(`${process.pid}-${Math.random().toString(36).slice(2, 8)}`, 16, (files) =>
    this.#closed ? undefined : new ParkedLauncher(files, join(this.#ensureStateDir(), `launch-${Math.random().toString(36).slice(2, 12)}.sh`)),
  );

  constructor(options: SubprocessBackendOptions = {}) {
    this.#options = options;
    this.isolation = options.isolation ?? 'bwrap';
    this.name = this.isolation === 'bwrap' ? 'subprocess' : 'subprocess-unisolated';
    this.#uids = new UidPool(options.uidRange?.start, options.uidRange?.size);
  }

  /** Sandboxes started by this backend that have not exited yet. */
  get liveCount(): number {
    return this.#live.size;
  }

  async start(spec: SandboxSpec): Promise<SandboxHandle> {
    if (this.#closed) throw new SandboxError(SandboxErrorCodes.Closed, 'the backend has been closed');
    if (spec.network !== 'none') {
      throw new SandboxError(SandboxErrorCodes.SpawnFailed, `network mode '${String(spec.network)}' is not supported by the subprocess backend`);
    }
    return this.isolation === 'none' ? this.#startPlain(spec) : this.#startBwrap(spec);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const live = [...this.#live];
    for (const handle of live) handle.kill('SIGKILL');
    await Promise.all(live.map((h) => h.exited));
    await this.#cgroups.close();
    if (this.#stateDir) removeStaged(this.#stateDir);
    this.#stateDir = undefined;
    this.#mounts.clear();
    this.#plugins.clear();
    this.#seccomp = undefined;
  }

  #bwrapPath(): string {
    if (this.#bwrap) return this.#bwrap;
    const candidates = this.#options.bwrapPath
      ? [this.#options.bwrapPath]
      : (process.env['PATH'] ?? '/usr/bin').split(delimiter).map((d) => join(d, 'bwrap')).concat('/usr/bin/bwrap');
    for (const candidate of candidates) {
      try {
        accessSync(candidate, constants.X_OK);
        this.#bwrap = candidate;
        return candidate;
      } catch {
        /* next */
      }
    }
    throw new SandboxError(SandboxErrorCodes.BackendUnavailable, 'bubblewrap (bwrap) is not installed; the subprocess backend needs it to isolate plugins', {
      hint: 'install the Debian/Ubuntu package `bubblewrap` (`apt-get install -y bubblewrap`), or pass { isolation: "none" } to run unisolated for local development only',
    });
  }

  #ensureStateDir(): string {
    if (!this.#stateDir) {
      const uid = process.getuid?.() ?? 0;
      const base = this.#options.stateDir ?? join(tmpdir(), uid === 0 ? 'maidkit-sandboxes' : `maidkit-sandboxes-${uid}`);
      mkdirSync(base, { recursive: true, mode: 0o711 });
      try {
        chmodSync(base, 0o711);
      } catch {
        /* not ours: the per-host folder below is what must be traversable */
      }
      sweepDeadHosts(base);
      this.#stateDir = mkdtempSync(join(base, `host-${process.pid}-`));
      // Traversable (not listable) by the sandbox uids, which must reach their own staged files.
      chmodSync(this.#stateDir, 0o711);
    }
    return this.#stateDir;
  }

  #seccomp: string | null | undefined;

  /** The seccomp program written once per backend; null when disabled or not available on this arch. */
  #seccompFile(): string | null {
    if (this.#seccomp !== undefined) return this.#seccomp;
    const program = this.#options.seccomp === false ? undefined : seccompProgram();
    if (!program) return (this.#seccomp = null);
    const path = join(this.#ensureStateDir(), 'seccomp.bpf');
    writeFileSync(path, program, { mode: 0o600 });
    return (this.#seccomp = path);
  }

  /**
   * The plugin folder, staged once and reused for every start while its files (paths, sizes, mtimes)
   * are unchanged: restarts and many installs of one plugin do not pay for a copy each.
   */
  #stagedPlugin(source: string): string {
    const signature = treeSignature(source);
    const cached = this.#plugins.get(source);
    if (cached && cached.signature === signature) return cached.dir;
    const dir = mkdtempSync(join(this.#ensureStateDir(), 'plugin-'));
    chmodSync(dir, 0o755);
    stageDirectory(source, dir);
    // The previous copy may still be mounted by a running sandbox: it is removed with the backend.
    this.#plugins.set(source, { signature, dir });
    return dir;
  }

  /** Shared read-only mounts (the SDK) are staged once per backend, not once per start. */
  #stagedMount(source: string): string {
    let staged = this.#mounts.get(source);
    if (!staged) {
      staged = mkdtempSync(join(this.#ensureStateDir(), 'mount-'));
      chmodSync(staged, 0o755);
      stageDirectory(source, staged);
      this.#mounts.set(source, staged);
    }
    return staged;
  }

  async #startBwrap(spec: SandboxSpec): Promise<SandboxHandle> {
    const bwrap = this.#bwrapPath();
    // Only root can hand each sandbox its own uid; an unprivileged host's sandboxes share its uid
    // (RLIMIT_NPROC then counts the host user's processes too — run the host as root, or in a container).
    const uid = process.getuid?.() === 0 ? this.#uids.acquire() : undefined;
    let cgroup: ReturnType<CgroupPool['acquire']>;
    try {
      const pluginDir = this.#stagedPlugin(spec.pluginDir);
      const mounts = (spec.mounts ?? []).map((m) => ({ source: this.#stagedMount(m.source), target: m.target }));
      if (this.#options.cgroups !== false) cgroup = this.#cgroups.acquire(spec.limits);
      const filter = this.#seccompFile();
      const argv = bwrapArgv(bwrap, { pluginDir, mounts, env: spec.env, command: spec.command, limits: spec.limits, uid, cgroup: cgroup !== undefined, ...(filter ? { seccompFd: 3 } : {}) });
      const parked = cgroup?.parked;
      // Join the cgroup from a tiny shell *before* exec, so no process of the sandbox ever runs outside it.
      const [file, args] = cgroup
        ? ['/bin/sh', ['-c', `${cgroup.cgroup.procsFiles.map((f) => `echo $$ > ${f}`).join(' && ')} && exec "$0" "$@"`, ...argv]]
        : [argv[0]!, argv.slice(1)];
      // bwrap reads the filter from fd 3: a fresh descriptor per start, closed here once the child has it.
      const filterFd = filter && !parked ? openSync(filter, 'r') : undefined;
      let child;
      try {
        // A parked launcher has joined the cgroup already; it opens the filter on fd 3 itself.
        if (parked) child = parked.launch(argv, filter ?? undefined);
        else child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe', ...(filterFd === undefined ? [] : [filterFd])], detached: true, env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' } });
      } finally {
        if (filterFd !== undefined) closeSync(filterFd);
      }
      const taken = cgroup;
      const handle = new SubprocessHandle(spec.id, child, `bwrap uid=${uid ?? 'host'}${taken ? ' cgroup' : ' rlimits-only'}${filter ? ' seccomp' : ' no-seccomp'}${parked ? ' parked' : ''}`, (exit) => {
        this.#live.delete(handle);
        if (uid !== undefined) this.#uids.release(uid);
        if (taken) {
          const limit = taken.cgroup.limitHit();
          if (limit && !exit.limit) exit.limit = limit;
          void taken.release();
        }
      }, parked?.spawned);
      this.#live.add(handle);
      await handle.spawned;
      return handle;
    } catch (error) {
      if (uid !== undefined) this.#uids.release(uid);
      void cgroup?.parked?.discard().then(() => cgroup?.release());
      if (!cgroup?.parked) void cgroup?.release();
      throw error instanceof SandboxError ? error : new SandboxError(SandboxErrorCodes.SpawnFailed, `could not start sandbox ${spec.id}: ${(error as Error).message}`, { cause: error });
    }
  }

  async #startPlain(spec: SandboxSpec): Promise<SandboxHandle> {
    const warn = this.#options.onWarning ?? ((m: string) => process.emitWarning(m, { code: 'MAIDKIT_UNISOLATED' }));
    warn(`maidkit: starting plugin ${spec.id} WITHOUT A SANDBOX (isolation: 'none'): it can read your files, use the network and fork freely. Use this only for your own code during development.`);
    // Paths inside the sandbox (/plugin, mount targets) map back to their host sources.
    const mapping = [{ target: '/plugin', source: spec.pluginDir }, ...(spec.mounts ?? [])];
    const mapPath = (value: string) => {
      for (const m of mapping) {
        if (value === m.target || value.startsWith(`${m.target}/`)) return m.source + value.slice(m.target.length);
      }
      return value;
    };
    const command = spec.command.map(mapPath);
    const env = Object.fromEntries(Object.entries(plainEnv(spec.env)).map(([k, v]) => [k, v.split(':').map(mapPath).join(':')]));
    const limits = spec.limits;
    const argv = ['prlimit', `--nofile=${limits.openFiles}`, `--as=${limits.memoryBytes}`, ...(limits.cpuSeconds === undefined ? [] : [`--cpu=${limits.cpuSeconds}`]), '--', ...command];
    try {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env, cwd: spec.pluginDir });
      const handle = new SubprocessHandle(spec.id, child, 'unisolated', () => this.#live.delete(handle));
      this.#live.add(handle);
      await handle.spawned;
      return handle;
    } catch (error) {
      throw new SandboxError(SandboxErrorCodes.SpawnFailed, `could not start ${spec.id}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Whether a process id is alive (EPERM means it exists but is not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the staged files of hosts that died without closing their backend. */
function sweepDeadHosts(base: string): void {
  for (const entry of readdirSync(base)) {
    const pid = /^host-(\d+)-/.exec(entry)?.[1];
    if (pid && Number(pid) !== process.pid && !alive(Number(pid))) removeStaged(join(base, entry));
  }
  sweepCgroups(alive);
}

// Compile-time conformance to the backend contract.
const _conforms: (options?: SubprocessBackendOptions) => SandboxBackend = (options) => new SubprocessBackend(options);
void _conforms;
