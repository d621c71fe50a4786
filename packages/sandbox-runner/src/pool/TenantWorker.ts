import { SandboxError, SandboxErrorCodes } from '../errors.js';
import type { GuestCaller } from '../host/guestCalls.js';
import type { HostEventInput, InstallStatus } from '../host/hostEvents.js';
import type { GuestHandlers } from '../host/Worker.js';
import { requestErrorEvent } from '../host/workerEvents.js';
import type { ServerCron } from '../cron/ServerCronScheduler.js';
import type { PoolSlot } from './WorkerPool.js';
import type { InstallContext } from './WorkerTenants.js';

interface TenantDeps {
  emit(event: HostEventInput): void;
  untilSettled(): Promise<void>;
  detach(reason: string): Promise<void>;
  serverCrons: readonly ServerCron[];
}

/**
 * One install's view of a pooled worker, with the Worker's own surface so the host treats pooled and
 * dedicated installs alike: `start` brings the shared worker up and runs this install's `on_ready`;
 * `stop` detaches this install (the worker stops with its last install).
 */
export class TenantWorker {
  readonly #slot: PoolSlot;
  readonly #deps: TenantDeps;
  readonly caller: GuestCaller;
  readonly ctx: InstallContext;
  #detached = false;

  get serverCrons(): readonly ServerCron[] {
    return this.#deps.serverCrons;
  }

  constructor(slot: PoolSlot, caller: GuestCaller, ctx: InstallContext, deps: TenantDeps) {
    this.#slot = slot;
    this.caller = caller;
    this.ctx = ctx;
    this.#deps = deps;
  }

  /** The pooled worker this install runs in. */
  get poolId(): string {
    return this.#slot.id;
  }

  get status(): InstallStatus {
    return this.#detached ? 'stopped' : this.#slot.worker.status;
  }

  get reason(): string | undefined {
    return this.#detached ? undefined : this.#slot.worker.reason;
  }

  get handlers(): GuestHandlers {
    return this.#slot.worker.handlers;
  }

  get busy(): boolean {
    return !this.#detached && this.#slot.worker.busy;
  }

  get queuedEvents(): number {
    return this.#slot.worker.queuedEvents;
  }

  whenDrained(): Promise<void> {
    return this.#slot.worker.whenDrained();
  }

  handlesEvent(name: string): boolean {
    return !this.#detached && this.#slot.worker.handlesEvent(name);
  }

  handlesLifecycle(hook: string): boolean {
    return this.#slot.worker.handlesLifecycle(hook);
  }

  async start(): Promise<void> {
    if (this.#detached) throw new SandboxError(SandboxErrorCodes.WorkerUnavailable, `install ${this.caller.installId} was detached from its pooled worker`);
    const worker = this.#slot.worker;
    // A restart after a crash is already scheduled: wait for it rather than boot a second process.
    if (worker.status === 'restarting' || worker.status === 'crashed') await this.#deps.untilSettled();
    if (worker.status !== 'running') await worker.start();
    if (worker.handlesLifecycle('ready') && !this.#slot.readied.has(this.caller.installId)) {
      this.#slot.readied.add(this.caller.installId);
      await worker.request('lifecycle', { ctx: this.ctx, hook: 'ready' }).catch((error) => this.#deps.emit(requestErrorEvent('lifecycle:ready', error)));
    }
    const crons = new Set(worker.handlers.crons.map((c) => c.name));
    for (const c of this.#deps.serverCrons) {
      if (!crons.has(c.name)) this.#deps.emit({ type: 'warning', code: 'unhandled_server_cron', message: `manifest.json declares server cron "${c.name}", but the plugin registers no @plugin.cron function by that name` });
    }
  }

  /** Detaches this install; the pooled worker stops when its last install leaves. */
  async stop(reason = 'stopped by the host'): Promise<void> {
    if (this.#detached) return;
    this.#detached = true;
    this.#deps.emit({ type: 'status', status: 'stopping', reason });
    await this.#deps.detach(reason);
    this.#deps.emit({ type: 'status', status: 'stopped', reason: `${reason}; detached from pooled worker ${this.#slot.id}` });
  }

  dispatchEvent(params: unknown): 'sent' | 'queued' {
    return this.#slot.worker.dispatchEvent(params);
  }

  request(method: string, params: unknown, timeoutMs?: number): Promise<unknown> {
    if (this.#detached) return Promise.reject(new SandboxError(SandboxErrorCodes.WorkerUnavailable, `install ${this.caller.installId} is not attached to a worker`));
    return this.#slot.worker.request(method, params, timeoutMs);
  }
}
