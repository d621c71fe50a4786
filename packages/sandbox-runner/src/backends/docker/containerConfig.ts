import type Dockerode from 'dockerode';
import type { SandboxSpec } from '../../backend.js';

/** Labels every maidkit container carries, so cleanup finds exactly ours and nothing else. */
export const LABEL_SANDBOX = 'dev.maidkit.sandbox';
export const LABEL_HOST = 'dev.maidkit.host';
export const LABEL_ID = 'dev.maidkit.id';
export const LABEL_SPEC = 'dev.maidkit.spec';
/** `<pid>:<instance>` of the backend that started the container: a container whose pid is gone is an orphan. */
export const LABEL_OWNER = 'dev.maidkit.owner';

export interface ContainerSettings {
  image: string;
  /** `uid:gid` the plugin runs as: never root. */
  user: string;
  /** Which host machine owns the container (the orphan sweep's scope). */
  hostName: string;
  /** `<pid>:<instance id>` of the backend instance (LABEL_OWNER). */
  owner: string;
  /** Path of the init process inside the image, or `true` for Docker's own `--init`. */
  init: boolean;
}

/**
 * The hardened container for one sandbox: no network, read-only root, every capability dropped,
 * no-new-privileges, Docker's default seccomp profile (never `unconfined`), pids/memory/swap/CPU/nofile
 * limits, an unprivileged user, a small private tmpfs, read-only plugin files, only the allow-listed
 * environment, logs off disk. The Docker socket is never mounted: mounts come only from the spec, and a
 * spec that names the socket is refused.
 */
export function containerOptions(spec: SandboxSpec, settings: ContainerSettings, specKey: string): Dockerode.ContainerCreateOptions {
  const mounts = [{ source: spec.pluginDir, target: '/plugin' }, ...(spec.mounts ?? [])];
  for (const m of mounts) {
    if (/docker\.sock$/.test(m.source) || /docker\.sock$/.test(m.target)) {
      throw new Error(`refusing to mount the Docker socket into a sandbox (${m.source} → ${m.target})`);
    }
    if (!m.target.startsWith('/')) throw new Error(`mount target must be absolute: ${m.target}`);
  }
  const env = Object.entries(spec.env).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${k}`);
    return `${k}=${v}`;
  });
  const { limits } = spec;
  return {
    Image: settings.image,
    Cmd: spec.command,
    Env: env,
    User: settings.user,
    WorkingDir: '/tmp',
    Labels: { [LABEL_SANDBOX]: '1', [LABEL_HOST]: settings.hostName, [LABEL_ID]: spec.id, [LABEL_SPEC]: specKey, [LABEL_OWNER]: settings.owner },
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true, // our stdin closing is EOF for the plugin (and output is only delivered to an attach with it set)
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      PidsLimit: limits.pids,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes, // equal to Memory: no swap at all
      NanoCpus: Math.round(limits.cpus * 1e9),
      Ulimits: [
        { Name: 'nofile', Soft: limits.openFiles, Hard: limits.openFiles },
        ...(limits.cpuSeconds ? [{ Name: 'cpu', Soft: limits.cpuSeconds, Hard: limits.cpuSeconds }] : []),
      ],
      Tmpfs: { '/tmp': `rw,nosuid,nodev,noexec,size=${limits.tmpBytes}` },
      Binds: mounts.map((m) => `${m.source}:${m.target}:ro`),
      LogConfig: { Type: 'none', Config: {} },
      IpcMode: 'private',
      Init: settings.init,
      AutoRemove: false, // we read the exit state first, then remove
      Privileged: false,
    },
  };
}
