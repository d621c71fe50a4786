import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SandboxLimits } from '../../backend.js';

export interface BwrapPlan {
  /** Staged, sandbox-readable copy of the plugin directory (bound read-only at /plugin). */
  pluginDir: string;
  /** Staged read-only mounts. */
  mounts: ReadonlyArray<{ source: string; target: string }>;
  env: Record<string, string>;
  command: string[];
  limits: SandboxLimits;
  /**
   * The unprivileged host uid/gid the sandbox runs as (outside its user namespace). `undefined` when
   * the host itself is not root: it cannot switch uids, and is unprivileged already.
   */
  uid: number | undefined;
  /** Whether a cgroup holds memory/pids; when not, RLIMIT_AS is the memory limit itself. */
  cgroup: boolean;
  /** The child's file descriptor holding a seccomp-BPF program, if any. */
  seccompFd?: number;
}

/** Root-level system directories Python needs; symlinks (merged /usr) are recreated as symlinks. */
const SYSTEM_DIRS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** Environment every sandbox gets unless the spec sets it. */
const BASE_ENV: Record<string, string> = {
  PATH: '/usr/bin:/bin',
  HOME: '/tmp',
  LANG: 'C.UTF-8',
  PYTHONDONTWRITEBYTECODE: '1',
  // glibc reserves 64 MB of address space per thread arena; with RLIMIT_AS that would starve threads.
  MALLOC_ARENA_MAX: '2',
};

/**
 * The full argv: `prlimit` (rlimits) → `setpriv` (drop root: RLIMIT_NPROC does not apply to uid 0,
 * and an unprivileged bwrap cannot regain privileges) → `bwrap` (namespaces, read-only binds).
 * Flags follow research/sandbox-runner.md §3.2.
 */
export function bwrapArgv(bwrap: string, plan: BwrapPlan): string[] {
  const { limits } = plan;
  // With a memory cgroup the cgroup is the real cap; RLIMIT_AS only stops absurd single mappings.
  const addressSpace = plan.cgroup ? Math.max(limits.memoryBytes * 4, 1 << 30) : limits.memoryBytes;
  const argv = [
    'prlimit',
    `--nproc=${limits.pids}`,
    `--nofile=${limits.openFiles}`,
    `--as=${addressSpace}`,
    `--fsize=${limits.tmpBytes}`,
    ...(limits.cpuSeconds === undefined ? [] : [`--cpu=${limits.cpuSeconds}`]),
    '--',
    ...(plan.uid === undefined ? [] : ['setpriv', '--reuid', String(plan.uid), '--regid', String(plan.uid), '--clear-groups', '--']),
    bwrap,
    '--unshare-all', '--unshare-user', '--disable-userns',
    '--die-with-parent', '--new-session',
    ...(plan.seccompFd === undefined ? [] : ['--seccomp', String(plan.seccompFd)]),
    '--uid', '65534', '--gid', '65534', '--cap-drop', 'ALL',
    '--ro-bind', '/usr', '/usr',
  ];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) argv.push('--symlink', readlinkSync(dir), dir);
    else if (stat.isDirectory()) argv.push('--ro-bind', dir, dir);
  }
  // An interpreter outside the system dirs (e.g. /opt/python) needs its prefix too.
  const interpreter = plan.command[0];
  if (interpreter?.startsWith('/') && !/^\/(usr|bin|sbin|lib)/.test(interpreter)) {
    const prefix = dirname(dirname(interpreter));
    argv.push('--ro-bind', prefix, prefix);
  }
  argv.push('--ro-bind', plan.pluginDir, '/plugin');
  for (const mount of plan.mounts) argv.push('--ro-bind', mount.source, mount.target);
  argv.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(limits.tmpBytes), '--tmpfs', '/tmp',
    '--hostname', 'plugin',
    '--chdir', '/plugin',
    '--clearenv',
  );
  for (const [key, value] of Object.entries({ ...BASE_ENV, ...plan.env })) argv.push('--setenv', key, value);
  argv.push('--', ...plan.command);
  return argv;
}

/** The environment for the unisolated mode: the same allow-list, nothing inherited. */
export function plainEnv(env: Record<string, string>): Record<string, string> {
  return { ...BASE_ENV, PATH: '/usr/bin:/bin', ...env };
}
