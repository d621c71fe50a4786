import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import Dockerode from 'dockerode';
import type { SandboxBackend, SandboxExit, SandboxHandle, SandboxSpec } from '../../backend.js';
import { MountStager } from './MountStager.js';
import { containerOptions, LABEL_HOST, LABEL_OWNER, LABEL_SANDBOX, type ContainerSettings } from './containerConfig.js';

export interface DockerBackendOptions {
  /** Engine address; default: `DOCKER_HOST`, else the local socket. TCP/TLS engines take `host`, `port`, `protocol: 'https'`, `ca`, `cert`, `key`. */
  docker?: Dockerode.DockerOptions;
  /** Image with python3 at /usr/bin/python3. Default `maidkit/python-base:bookworm` (built by scripts/docker-engine.sh). */
  image?: string;
  /** `uid:gid` inside the container. Default `65534:65534` (nobody). Root is refused. */
  user?: string;
  /**
   * Names the host machine in container labels. The orphan sweep removes containers with this name whose
   * host process (their `dev.maidkit.owner` pid) no longer exists on this machine — so several hosts and
   * CLI runs can share one engine, and a crashed one's containers go at the next start. Default: the hostname.
   */
  hostName?: string;
  /** Run Docker's init (tini) as PID 1, so a plugin's children are reaped and signals forwarded. Default true. */
  init?: boolean;
  /**
   * Warm workers: containers started ahead for a spec already seen, so an install is assigned a running
   * worker instead of waiting for `docker run` (~0.4 s here). `perSpec` spares per distinct spec (default 1),
   * `maxTotal` across specs (default 32). `perSpec: 0` turns warming off.
   */
  warm?: { perSpec?: number; maxTotal?: number };
  /** Bytes of recent stderr kept per sandbox for `diagnose()`. Default 4096. */
  diagnoseBytes?: number;
  /** The interpreter inside the image, which the host spawns (`SandboxBackend.python`). Default `/usr/bin/python3`. */
  python?: string;
  /**
   * Copy each bind-mount source (plugin files, SDK, dependency environment) into a world-readable folder
   * first, since the container's `nobody` cannot read the host's private (0700) folders. Default: on for a
   * local engine (unix socket), off for a remote one — a remote engine resolves bind-mount paths on **its**
   * machine, so there the paths must already exist, readable, on the engine host.
   */
  stageMounts?: boolean;
}

/** Thrown when the engine or the image is unusable; the message says what to do. */
export class DockerBackendError extends Error {
  override readonly name = 'DockerBackendError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface Launched {
  handle: DockerSandboxHandle;
  container: Dockerode.Container;
}

/**
 * `SandboxBackend` on the Docker Engine API. Every sandbox is a fresh hardened container
 * (`containerOptions`) attached over the API: stdin/stdout/stderr go through the attach stream (logs
 * never touch disk) and are demultiplexed into three Node streams.
 */
export class DockerBackend implements SandboxBackend {
  readonly name = 'docker';
  readonly python: string;
  readonly docker: Dockerode;
  private readonly settings: ContainerSettings;
  private readonly perSpec: number;
  private readonly maxTotal: number;
  private readonly diagnoseBytes: number;
  private readonly live = new Map<string, Launched>();
  /** Every container id this instance created and has not removed yet (live, spare or starting). */
  private readonly owned = new Set<string>();
  private readonly pool = new Map<string, Array<Promise<Launched | undefined>>>();
  private ready: Promise<void> | undefined;
  private closed = false;
  private readonly stageMounts: boolean;
  private stager: MountStager | undefined;

  constructor(options: DockerBackendOptions = {}) {
    this.docker = new Dockerode(options.docker);
    const user = options.user ?? '65534:65534';
    if (/^0(:|$)/.test(user) || /^root(:|$)/.test(user)) throw new DockerBackendError(`refusing to run plugins as root (user "${user}")`);
    this.settings = {
      image: options.image ?? 'maidkit/python-base:bookworm',
      user,
      hostName: options.hostName ?? hostname(),
      owner: `${process.pid}:${randomBytes(6).toString('hex')}`,
      init: options.init ?? true,
    };
    this.perSpec = options.warm?.perSpec ?? 1;
    this.maxTotal = options.warm?.maxTotal ?? 32;
    this.diagnoseBytes = options.diagnoseBytes ?? 4096;
    this.python = options.python ?? '/usr/bin/python3';
    this.stageMounts = options.stageMounts ?? Boolean((this.docker.modem as { socketPath?: unknown }).socketPath);
    liveOwners.add(this.settings.owner);
  }

  /** Checks the engine and image once, and removes containers an earlier crashed instance left behind. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.docker.ping();
      } catch (cause) {
        throw new DockerBackendError(
          `the Docker engine does not answer (${describeEngine(this.docker)}): start it (scripts/docker-engine.sh) or set DOCKER_HOST`,
          { cause },
        );
      }
      try {
        await this.docker.getImage(this.settings.image).inspect();
      } catch (cause) {
        throw new DockerBackendError(
          `image ${this.settings.image} is not on the engine: build it offline with scripts/docker-engine.sh, or pass { image }`,
          { cause },
        );
      }
      await this.sweepOrphans();
    })();
    return this.ready;
  }

  /**
   * Removes the maidkit containers labelled with this host name whose owner is gone: its process no longer
   * exists on this machine (a crashed host or CLI run), or it was an instance of this process that has been
   * closed. Containers of other live hosts sharing the engine are left alone. Returns how many were removed.
   */
  async sweepOrphans(): Promise<number> {
    const listed = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_SANDBOX}=1`, `${LABEL_HOST}=${this.settings.hostName}`] },
    });
    const orphans = listed.filter((c) => !this.owned.has(c.Id) && !ownerAlive(c.Labels[LABEL_OWNER]));
    await Promise.all(orphans.map((c) => this.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    return orphans.length;
  }

  async start(spec: SandboxSpec): Promise<SandboxHandle> {
    if (this.closed) throw new DockerBackendError('backend is closed');
    await this.init();
    const key = specKey(spec);
    const launched = (await this.takeWarm(key)) ?? (await this.launch(spec, key));
    launched.handle.assign(spec.id);
    this.live.set(launched.container.id, launched);
    void launched.handle.exited.then(() => this.live.delete(launched.container.id));
    this.refill(spec, key);
    return launched.handle;
  }

  /** Starts `count` spare workers for `spec` now (beyond the automatic one-per-spec refill). */
  async prewarm(spec: SandboxSpec, count = this.perSpec): Promise<void> {
    await this.init();
    const key = specKey(spec);
    const spares = this.pool.get(key) ?? [];
    this.pool.set(key, spares);
    while (spares.length < count && this.poolSize() < this.maxTotal) spares.push(this.launchSpare(spec, key));
    await Promise.all(spares);
  }

  /** How many warm workers are ready or starting, per spec key and in total. */
  warmCount(): number {
    return this.poolSize();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const spares = [...this.pool.values()].flat();
    this.pool.clear();
    const all = [...this.live.values(), ...(await Promise.all(spares)).filter((l): l is Launched => l !== undefined)];
    await Promise.all(all.map((l) => l.container.remove({ force: true }).catch(() => undefined)));
    // Anything still starting when we closed: remove by our owner label, so nothing outlives the host.
    liveOwners.delete(this.settings.owner);
    await this.docker
      .listContainers({ all: true, filters: { label: [`${LABEL_OWNER}=${this.settings.owner}`] } })
      .then((left) => Promise.all(left.map((c) => this.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined))))
      .catch(() => undefined);
    this.live.clear();
    this.stager?.dispose();
    this.stager = undefined;
  }

  /** The spec with readable copies as mount sources (see `stageMounts`); the spec key stays the original's. */
  private staged(spec: SandboxSpec): SandboxSpec {
    if (!this.stageMounts) return spec;
    // The Docker socket is refused by containerOptions; never copy it (or anything not a folder) first.
    const socket = (path: string) => /docker\.sock$/.test(path);
    if (socket(spec.pluginDir) || (spec.mounts ?? []).some((m) => socket(m.source) || socket(m.target))) return spec;
    this.stager ??= new MountStager();
    const stager = this.stager;
    return {
      ...spec,
      pluginDir: stager.stage(spec.pluginDir),
      ...(spec.mounts ? { mounts: spec.mounts.map((m) => ({ source: stager.stage(m.source), target: m.target })) } : {}),
    };
  }

  private poolSize(): number {
    let n = 0;
    for (const spares of this.pool.values()) n += spares.length;
    return n;
  }

  private async takeWarm(key: string): Promise<Launched | undefined> {
    const spares = this.pool.get(key);
    while (spares && spares.length > 0) {
      const spare = await spares.shift();
      if (spare && !spare.handle.hasExited) return spare;
    }
    return undefined;
  }

  private refill(spec: SandboxSpec, key: string): void {
    if (this.perSpec <= 0 || this.closed) return;
    const spares = this.pool.get(key) ?? [];
    this.pool.set(key, spares);
    while (spares.length < this.perSpec && this.poolSize() < this.maxTotal) spares.push(this.launchSpare(spec, key));
  }

  /** A spare that fails to start is dropped (and retried at the next refill), never surfaced to a caller. */
  private launchSpare(spec: SandboxSpec, key: string): Promise<Launched | undefined> {
    return this.launch({ ...spec, id: `${spec.id}~warm` }, key).catch(() => undefined);
  }

  private async launch(spec: SandboxSpec, key: string): Promise<Launched> {
    const container = await this.docker.createContainer(containerOptions(this.staged(spec), this.settings, key));
    this.owned.add(container.id);
    try {
      const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadWriteStream;
      const handle = new DockerSandboxHandle(spec.id, container, stream, this.diagnoseBytes, this.settings.image);
      this.docker.modem.demuxStream(stream, handle.stdoutSink, handle.stderrSink);
      stream.on('end', () => handle.endOutput());
      stream.on('error', () => handle.endOutput());
      await container.start();
      handle.watch(() => this.owned.delete(container.id));
      return { handle, container };
    } catch (cause) {
      await container.remove({ force: true }).catch(() => undefined);
      this.owned.delete(container.id);
      throw new DockerBackendError(`could not start container for ${spec.id}: ${(cause as Error).message}`, { cause });
    }
  }
}

/** Records the tail of a stream for `diagnose()` while passing every byte through. */
class TailRecorder extends Transform {
  private tail = Buffer.alloc(0);
  constructor(private readonly keep: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-this.keep);
    done(null, chunk);
  }
  text(): string {
    return this.tail.toString('utf8');
  }
}

class DockerSandboxHandle implements SandboxHandle {
  readonly pid = undefined;
  readonly stdin: PassThrough;
  readonly stdout = new PassThrough();
  readonly stderr: TailRecorder;
  readonly stdoutSink: PassThrough;
  readonly stderrSink: TailRecorder;
  readonly exited: Promise<SandboxExit>;
  hasExited = false;
  private resolveExit!: (exit: SandboxExit) => void;
  private lastExit: SandboxExit | undefined;
  private assignedId: string;

  constructor(
    id: string,
    private readonly container: Dockerode.Container,
    attach: NodeJS.ReadWriteStream,
    diagnoseBytes: number,
    private readonly image: string,
  ) {
    this.assignedId = id;
    this.stdoutSink = this.stdout;
    this.stderr = new TailRecorder(diagnoseBytes);
    this.stderrSink = this.stderr;
    // Writes go straight to the attach socket; ending stdin half-closes it, which the engine turns into
    // EOF on the container's stdin (StdinOnce), exactly like a pipe.
    this.stdin = new PassThrough();
    this.stdin.pipe(attach as unknown as NodeJS.WritableStream);
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
  }

  get id(): string {
    return this.assignedId;
  }

  assign(id: string): void {
    this.assignedId = id;
  }

  endOutput(): void {
    if (!this.stdout.writableEnded) this.stdout.end();
    if (!this.stderr.writableEnded) this.stderr.end();
  }

  /** Waits for the container to stop, reads why, then removes it. */
  watch(onRemoved: () => void): void {
    void (async () => {
      let exit: SandboxExit;
      try {
        const result = (await this.container.wait()) as { StatusCode: number };
        const state = await this.container.inspect().then((i) => i.State, () => undefined);
        const code = result.StatusCode;
        exit = { code: code > 128 ? null : code, signal: code > 128 ? signalName(code - 128) : null };
        if (state?.OOMKilled) exit.limit = 'memory';
      } catch {
        exit = { code: null, signal: 'SIGKILL' };
      }
      await this.container.remove({ force: true }).catch(() => undefined);
      onRemoved();
      this.endOutput();
      this.hasExited = true;
      this.lastExit = exit;
      this.resolveExit(exit);
    })();
  }

  kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGKILL'): void {
    if (this.hasExited) return;
    void this.container.kill({ signal }).catch(() => undefined);
  }

  diagnose(): string {
    const parts = [`docker container ${this.container.id.slice(0, 12)} (image ${this.image})`];
    if (this.lastExit) parts.push(`exit: code=${this.lastExit.code} signal=${this.lastExit.signal}${this.lastExit.limit ? ` limit=${this.lastExit.limit}` : ''}`);
    const tail = this.stderr.text().trim();
    if (tail) parts.push(`stderr (last ${tail.length} chars):\n${tail}`);
    return parts.join('\n');
  }
}

/** Owners (`<pid>:<instance>`) of the backends of this process that are not closed. */
const liveOwners = new Set<string>();

/** Whether the backend that labelled a container can still be running (unlabelled: no, it predates owners). */
function ownerAlive(owner: string | undefined): boolean {
  const pid = Number(/^(\d+):/.exec(owner ?? '')?.[1]);
  if (!pid) return false;
  if (pid === process.pid) return liveOwners.has(owner!);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function specKey(spec: SandboxSpec): string {
  const { pluginDir, command, env, mounts, limits } = spec;
  return createHash('sha256').update(JSON.stringify({ pluginDir, command, env, mounts: mounts ?? [], limits })).digest('hex').slice(0, 32);
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ' };
function signalName(n: number): string {
  return SIGNALS[n] ?? `SIG${n}`;
}

function describeEngine(docker: Dockerode): string {
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string };
  return modem.socketPath ? `socket ${modem.socketPath}` : `${modem.host ?? '?'}:${modem.port ?? '?'}`;
}
