import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { SandboxExit, SandboxHandle, SandboxLimitName } from '../../backend.js';

/** How much recent stderr `diagnose()` keeps. */
const DIAGNOSE_BYTES = 4096;

const SIGNALS: Record<number, string> = { 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ' };

/**
 * One running sandbox: its pipes, its exit (with the limit that ended it, when the signal says so),
 * a whole-process-group kill, and the recent stderr for `diagnose()`.
 */
export class SubprocessHandle implements SandboxHandle {
  readonly id: string;
  readonly pid: number | undefined;
  readonly stdin;
  readonly stdout;
  readonly stderr = new PassThrough();
  readonly exited: Promise<SandboxExit>;
  readonly spawned: Promise<void>;
  readonly #child: ChildProcess;
  readonly #note: string;
  #recent: Buffer[] = [];
  #recentBytes = 0;
  #exit: SandboxExit | undefined;

  /** `spawned`: given for a child that was started earlier (a parked launcher), whose 'spawn' has fired. */
  constructor(id: string, child: ChildProcess, note: string, onExit: (exit: SandboxExit) => void, spawned?: Promise<void>) {
    this.id = id;
    this.#child = child;
    this.#note = note;
    this.pid = child.pid;
    this.stdin = child.stdin!;
    this.stdout = child.stdout!;
    // A write to a dead guest must not crash the host: the exit is reported through `exited`.
    this.stdin.on('error', () => {});
    child.stderr!.on('data', (chunk: Buffer) => {
      this.#recent.push(chunk);
      this.#recentBytes += chunk.length;
      while (this.#recentBytes > DIAGNOSE_BYTES && this.#recent.length > 1) this.#recentBytes -= this.#recent.shift()!.length;
      this.stderr.write(chunk);
    });
    child.stderr!.on('end', () => this.stderr.end());
    this.spawned = spawned ?? new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.#exit) return;
        // bwrap reports a signalled child as 128+n.
        let sig: string | null = signal;
        if (!sig && code !== null && code > 128 && SIGNALS[code - 128]) sig = SIGNALS[code - 128]!;
        const exit: SandboxExit = { code, signal: sig };
        const limit: SandboxLimitName | undefined = sig === 'SIGXCPU' ? 'cpu' : sig === 'SIGXFSZ' ? 'tmp' : undefined;
        if (limit) exit.limit = limit;
        this.#exit = exit;
        onExit(exit);
        resolve(exit);
      };
      child.once('exit', finish);
      child.once('error', () => finish(null, null));
    });
  }

  kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGKILL'): void {
    if (this.#exit || this.#child.pid === undefined) return;
    try {
      // The whole process group: prlimit/setpriv exec into bwrap, whose death takes the pid namespace down.
      process.kill(-this.#child.pid, signal);
    } catch {
      this.#child.kill(signal);
    }
  }

  diagnose(): string {
    const parts = [`backend: ${this.#note}`];
    if (this.#exit) parts.push(`exit: code=${this.#exit.code} signal=${this.#exit.signal}${this.#exit.limit ? ` limit=${this.#exit.limit}` : ''}`);
    const stderr = Buffer.concat(this.#recent).toString('utf8').trim();
    if (stderr) parts.push(`recent stderr:\n${stderr}`);
    return parts.join('\n');
  }
}
