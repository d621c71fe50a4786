import type { Readable, Writable } from 'node:stream';

/**
 * The sandbox contract. A backend turns a `SandboxSpec` into a running, isolated process and nothing
 * more: the protocol, lifecycle and supervision live in `PluginHost`, so a subprocess (bwrap), Docker
 * or remote/cluster backend can be swapped in without the host changing.
 */
export interface SandboxLimits {
  /** Address-space / cgroup memory cap in bytes. */
  memoryBytes: number;
  /** Most processes/threads inside the sandbox. */
  pids: number;
  /** CPU share as a number of cores (e.g. 0.5); backends that cannot cap a share use CPU-time limits. */
  cpus: number;
  /** Most open file descriptors. */
  openFiles: number;
  /** Size of the private writable /tmp in bytes. */
  tmpBytes: number;
  /**
   * Seconds of CPU time the process may use over its whole life before the kernel kills it
   * (`RLIMIT_CPU`; the host restarts it like any crash). Backends that cap a CPU share instead may ignore it.
   */
  cpuSeconds?: number;
}

export interface SandboxSpec {
  /** Stable id for logs and labels (e.g. `<pluginId>@<version>#<n>`). */
  id: string;
  /** Host directory with the plugin's files, mounted read-only at `/plugin`. */
  pluginDir: string;
  /** Command inside the sandbox, e.g. `['python3', '-I', '-S', '/plugin/__main__.py']`. */
  command: string[];
  /** Extra read-only mounts: host path → sandbox path (the guest SDK, a dependency environment). */
  mounts?: ReadonlyArray<{ source: string; target: string }>;
  /** The only environment variables the process sees (nothing is inherited). */
  env: Record<string, string>;
  limits: SandboxLimits;
  /** Network is always off unless a backend documents otherwise; kept explicit for clarity. */
  network: 'none';
}

export interface SandboxHandle {
  readonly id: string;
  /** The host-side process id of the sandbox's outermost process, when the backend has one (logs, tests). */
  readonly pid: number | undefined;
  /** The guest's stdin: host → guest frames. */
  readonly stdin: Writable;
  /** The guest's stdout: guest → host frames. */
  readonly stdout: Readable;
  /** The guest's stderr: its log channel. */
  readonly stderr: Readable;
  /** Resolves once the whole sandbox is gone, with how it ended. Never rejects. */
  readonly exited: Promise<SandboxExit>;
  /** Ends the whole process tree. `SIGTERM` first is the caller's choice; `SIGKILL` must always work. */
  kill(signal?: 'SIGTERM' | 'SIGKILL'): void;
  /** Why a start or handshake failed: recent stderr, exit status, backend notes. Appended to errors. */
  diagnose(): string;
}

export interface SandboxExit {
  code: number | null;
  signal: string | null;
  /** Set when a limit the backend can observe was hit. */
  limit?: SandboxLimitName;
}

/** The limits a backend may report as the reason a sandbox ended. */
export type SandboxLimitName = 'memory' | 'pids' | 'cpu' | 'open_files' | 'tmp';

export interface SandboxBackend {
  readonly name: string;
  /**
   * The Python interpreter's path **inside** the sandbox, when the backend fixes it (Docker: the image's
   * `/usr/bin/python3`). The host then spawns this path instead of the host's resolved interpreter, and
   * byte-compiles the SDK for it. Backends that run the host's own binary (subprocess/bwrap) leave it unset.
   */
  readonly python?: string;
  /** Starts the process. Rejects with a clear error when the backend itself is unusable. */
  start(spec: SandboxSpec): Promise<SandboxHandle>;
  /** Releases everything the backend holds (warm pools, orphan sweeps). Idempotent. */
  close(): Promise<void>;
}

/** Conservative defaults for one plugin worker; a host author overrides them per plugin. */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 256 * 1024 * 1024,
  pids: 64,
  cpus: 1,
  openFiles: 256,
  tmpBytes: 64 * 1024 * 1024,
  cpuSeconds: 3600,
});
