import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/** The only environment the launcher shell (and so prlimit/setpriv/bwrap) sees; bwrap clears it anyway. */
const LAUNCH_ENV = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' };

/** POSIX single-quoting: safe for any byte string except NUL (which argv cannot hold anyway). */
function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A `/bin/sh` that joins a sandbox's cgroup(s) ahead of time and then waits for the command to exec.
 *
 * Why: a cgroup v1 migration (`echo $$ > cgroup.procs`) waits for an RCU grace period (~20–25 ms here),
 * the largest part of a bwrap cold start. A launcher parked in an idle cgroup slot pays that wait
 * between sandboxes, not inside a start. Nothing of the sandbox runs before the join: the shell reads
 * its go-line only after both writes succeeded (it exits otherwise), and only then sources the launch
 * script, which execs the same prlimit → setpriv → bwrap chain as a fresh start.
 */
export class ParkedLauncher {
  readonly child: ChildProcess;
  /** The `cgroup.procs` files this launcher joined. */
  readonly procsFiles: readonly string[];
  readonly spawned: Promise<void>;
  readonly #script: string;
  #dead = false;
  #launched = false;
  #joined = false;

  /** `script` is a root-only path (in the backend's state folder) the launch command is written to. */
  constructor(procsFiles: readonly string[], script: string) {
    this.procsFiles = procsFiles;
    this.#script = script;
    const joins = procsFiles.map((f) => `echo $$ > ${quote(f)}`).join(' && ');
    // `read` takes bytes one at a time from a pipe, so nothing of the guest's stdin is consumed.
    const body = `${joins || 'true'} || exit 97; IFS= read -r _ || exit 98; . "$0"`;
    this.child = spawn('/bin/sh', ['-c', body, script], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: LAUNCH_ENV });
    this.spawned = new Promise((resolve, reject) => {
      this.child.once('spawn', resolve);
      this.child.once('error', reject);
    });
    this.spawned.catch(() => {});
    this.child.once('exit', () => {
      this.#dead = true;
      if (!this.#launched) rmSync(this.#script, { force: true });
    });
    this.child.once('error', () => (this.#dead = true));
    this.child.stdin!.on('error', () => {});
    // A parked launcher must not keep an idle host's event loop alive.
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as Socket | null)?.unref?.();
  }

  /** Still waiting for its command (not exited, not yet launched). */
  get usable(): boolean {
    return !this.#dead && !this.#launched && this.child.pid !== undefined;
  }

  /** Whether the migration into every cgroup has completed (a start from it then waits for nothing). */
  get joined(): boolean {
    if (this.#joined || !this.usable) return this.#joined;
    const pid = String(this.child.pid);
    try {
      this.#joined = this.procsFiles.every((f) => readFileSync(f, 'utf8').split('\n').includes(pid));
    } catch {
      /* not yet readable: not joined */
    }
    return this.#joined;
  }

  /**
   * Execs `argv` in the parked process, with `fd3` (a file path) opened read-only on descriptor 3 when
   * given (bwrap's `--seccomp 3`). Returns the child, now the sandbox's first process.
   */
  launch(argv: readonly string[], fd3: string | undefined): ChildProcess {
    this.#launched = true;
    const lines = [...(fd3 === undefined ? [] : [`exec 3< ${quote(fd3)} || exit 96`]), `exec ${argv.map(quote).join(' ')}`];
    writeFileSync(this.#script, `${lines.join('\n')}\n`, { mode: 0o600 });
    this.child.once('exit', () => rmSync(this.#script, { force: true }));
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as Socket | null)?.ref?.();
    this.child.stdin!.write('\n');
    return this.child;
  }

  /** Ends an unused launcher; resolves once it has exited (so its cgroup can be emptied). */
  async discard(): Promise<void> {
    if (this.#dead || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // Unreferenced while parked: waiting for its exit must hold the event loop open.
    this.child.ref();
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
    await exited;
  }
}
