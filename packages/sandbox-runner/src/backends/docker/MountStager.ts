import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageDirectory, treeSignature } from '../subprocess/stageFiles.js';

const PREFIX = 'maidkit-docker-';

/**
 * Bind-mount sources as the container's unprivileged user can read them. The host's folders are often
 * private (`mkdtemp` makes them 0700, owned by the host user), and the container runs as `nobody`: so each
 * source is copied once into a world-readable folder (dirs 0755, files 0644) and that copy is mounted.
 * A copy is reused while the source's files are unchanged, and a changed source gets a fresh one — which
 * also means the host cannot change files under a running container. Everything goes at `dispose()`;
 * copies of a host process that died are swept by the next one.
 */
export class MountStager {
  readonly #root: string;
  readonly #copies = new Map<string, string>();

  constructor(parent = tmpdir()) {
    sweepDead(parent);
    this.#root = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
    chmodSync(this.#root, 0o755);
  }

  /** The readable copy of `source` to bind-mount instead of it. */
  stage(source: string): string {
    const key = `${source}\0${treeSignature(source)}`;
    let copy = this.#copies.get(key);
    if (!copy) {
      copy = mkdtempSync(join(this.#root, 'm-'));
      stageDirectory(source, copy);
      this.#copies.set(key, copy);
    }
    return copy;
  }

  dispose(): void {
    this.#copies.clear();
    rmSync(this.#root, { recursive: true, force: true });
  }
}

function sweepDead(parent: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(parent, entry), { recursive: true, force: true });
    }
  }
}
