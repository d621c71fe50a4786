import { SandboxError, SandboxErrorCodes } from '../errors.js';
import type { GuestCaller } from '../host/guestCalls.js';
import type { HostEventInput } from '../host/hostEvents.js';
import type { InstallRecord } from '../host/storage/InstallStore.js';
import type { Worker } from '../host/Worker.js';
import { requestErrorEvent } from '../host/workerEvents.js';
import type { Clock } from '../cron/Clock.js';
import { ServerCronScheduler, type ServerCron } from '../cron/ServerCronScheduler.js';
import type { PoolOptions } from './PoolOptions.js';
import { TenantWorker } from './TenantWorker.js';
import { resolveTenant, type InstallContext, type WorkerTenants } from './WorkerTenants.js';

type Who = Pick<GuestCaller, 'pluginId' | 'installId'>;
type WorkerEmit = (event: HostEventInput, installId?: string) => void;

export interface WorkerPoolDeps {
  /** Builds a Worker for the pool (the host's own settings); `record` carries the pool id as its install id. */
  makeWorker(caller: GuestCaller, record: InstallRecord, tenants: WorkerTenants, emit: WorkerEmit): Worker;
  /** The host's event bus. */
  emit(who: Who, event: HostEventInput): void;
  /** Whether an install is enabled (server crons tick only for enabled installs). */
  isEnabled(installId: string): boolean;
  clock?: Clock;
}

/** One pooled worker and the installs it serves. */
export interface PoolSlot {
  readonly id: string;
  readonly key: string;
  readonly worker: Worker;
  readonly tenants: Map<string, GuestCaller>;
  /** Installs that had `on_ready` in the current process. */
  readied: Set<string>;
  /** Resolved at the worker's next settled status (running, failed, stopped). */
  settleWaiters: Array<() => void>;
}

/**
 * Pool mode: installs of the same plugin version (same files) share workers. Installs are spread over
 * up to `workersPerVersion` workers, each serving at most `tenantsPerWorker`. Each install's calls
 * carry its own ctx; a worker's guest calls must name one of ITS installs; events a worker reports
 * are attributed to the install they name, statuses to every install it serves, and output that names
 * no install to the pool itself (never to another install). Server crons from the manifest are
 * scheduled here and delivered as `task.tick`.
 */
export class WorkerPool {
  readonly #o: PoolOptions;
  readonly #deps: WorkerPoolDeps;
  readonly #groups = new Map<string, PoolSlot[]>();
  /** Each install's attached views, newest last (a hot reload attaches the new one before the old one leaves). */
  readonly #tenantsById = new Map<string, TenantWorker[]>();
  readonly #crons: ServerCronScheduler;
  #seq = 0;

  constructor(options: PoolOptions, deps: WorkerPoolDeps) {
    this.#o = options;
    this.#deps = deps;
    this.#crons = new ServerCronScheduler({
      ...(deps.clock ? { clock: deps.clock } : {}),
      active: (id) => deps.isEnabled(id) && this.#current(id)?.status === 'running',
      fire: (id, cron) => this.#fire(id, cron),
      onTick: (id, cron, outcome, due) => {
        if (outcome !== 'skipped_running') return;
        const t = this.#current(id);
        if (t) deps.emit(t.caller, { type: 'warning', code: 'tick_skipped', message: `server cron "${cron.name}" (${cron.spec}) skipped its ${new Date(due).toISOString()} tick: the previous run is still going`, data: { name: cron.name, due: new Date(due).toISOString() } });
      },
    });
  }

  /** Pooled workers running now, with their installs (for status pages and tests). */
  slots(): Array<{ id: string; pluginId: string; installs: string[]; status: string }> {
    return [...this.#groups.values()].flat().map((s) => ({ id: s.id, pluginId: s.key.split('\0')[0]!, installs: [...s.tenants.keys()], status: s.worker.status }));
  }

  /** The next server-cron fire times of an install. */
  nextCronFires(installId: string): Array<{ name: string; at: number }> {
    return this.#crons.nextFires(installId);
  }

  /** Attaches an install to a pooled worker (starting one if the spread calls for it); throws `queue_full` when all are full. */
  attach(record: InstallRecord, caller: GuestCaller, serverCrons: readonly ServerCron[]): TenantWorker {
    const key = [record.pluginId, record.pluginVersion, record.pluginDir, record.entry].join('\0');
    const slot = this.#choose(key, record);
    slot.tenants.set(record.installId, caller);
    const tenant: TenantWorker = new TenantWorker(slot, caller, { install_id: record.installId, server_id: record.serverId }, {
      emit: (event) => this.#deps.emit(caller, event),
      untilSettled: () => new Promise<void>((resolve) => slot.settleWaiters.push(resolve)),
      detach: async (reason) => this.#detach(slot, tenant, reason),
      serverCrons,
    });
    this.#tenantsById.set(record.installId, [...(this.#tenantsById.get(record.installId) ?? []), tenant]);
    this.#crons.add(record.installId, serverCrons);
    return tenant;
  }

  close(): void {
    this.#crons.close();
  }

  #choose(key: string, record: InstallRecord): PoolSlot {
    const slots = this.#groups.get(key) ?? [];
    this.#groups.set(key, slots);
    const healthy = slots.filter((s) => s.worker.status !== 'failed' && s.worker.status !== 'stopped' && s.worker.status !== 'stopping');
    const open = healthy.filter((s) => s.tenants.size < this.#o.tenantsPerWorker);
    if (healthy.length < this.#o.workersPerVersion) return this.#newSlot(key, record, slots);
    if (open.length === 0) {
      throw new SandboxError(SandboxErrorCodes.QueueFull, `every pooled worker of ${record.pluginId}@${record.pluginVersion} is full (${this.#o.workersPerVersion} workers × ${this.#o.tenantsPerWorker} installs)`, {
        hint: 'raise pool.workersPerVersion or pool.tenantsPerWorker',
        data: { workers: this.#o.workersPerVersion, tenantsPerWorker: this.#o.tenantsPerWorker },
      });
    }
    return open.reduce((a, b) => (b.tenants.size < a.tenants.size ? b : a));
  }

  #newSlot(key: string, record: InstallRecord, slots: PoolSlot[]): PoolSlot {
    const id = `pool_${record.pluginId}@${record.pluginVersion}#${++this.#seq}`;
    const tenants = new Map<string, GuestCaller>();
    const who: Who = { pluginId: record.pluginId, installId: id };
    const slotRef: { slot?: PoolSlot } = {};
    const view: WorkerTenants = {
      callerFor: (method, params) => resolveTenant(method, params, tenants, id),
      readyContexts: () => {
        const slot = slotRef.slot!;
        slot.readied = new Set(tenants.keys());
        return [...tenants.values()].map((c): InstallContext => ({ install_id: c.installId, server_id: c.serverId }));
      },
      capabilities: () => [...new Set([...tenants.values()].flatMap((c) => [...c.capabilities]))].sort(),
    };
    const emit: WorkerEmit = (event, installId) => {
      const slot = slotRef.slot!;
      const tenant = installId === undefined ? undefined : tenants.get(installId);
      if (tenant) return this.#deps.emit(tenant, event);
      if (event.type === 'status') {
        if (event.status === 'running' || event.status === 'failed' || event.status === 'stopped') for (const w of slot.settleWaiters.splice(0)) w();
        for (const t of tenants.values()) this.#deps.emit(t, event);
        if (tenants.size > 0) return;
      }
      // Output that names none of this worker's installs stays with the pool: never shown to another install.
      this.#deps.emit(who, event);
    };
    const caller: GuestCaller = { pluginId: record.pluginId, installId: id, serverId: '', capabilities: new Set() };
    const worker = this.#deps.makeWorker(caller, { ...record, installId: id }, view, emit);
    const slot: PoolSlot = { id, key, worker, tenants, readied: new Set(), settleWaiters: [] };
    slotRef.slot = slot;
    slots.push(slot);
    return slot;
  }

  #current(installId: string): TenantWorker | undefined {
    return this.#tenantsById.get(installId)?.at(-1);
  }

  async #detach(slot: PoolSlot, tenant: TenantWorker, reason: string): Promise<void> {
    const installId = tenant.caller.installId;
    if (slot.tenants.get(installId) === tenant.caller) {
      slot.tenants.delete(installId);
      slot.readied.delete(installId);
    }
    const rest = (this.#tenantsById.get(installId) ?? []).filter((t) => t !== tenant);
    if (rest.length > 0) {
      this.#tenantsById.set(installId, rest);
      this.#crons.add(installId, rest.at(-1)!.serverCrons);
    } else {
      this.#tenantsById.delete(installId);
      this.#crons.remove(installId);
    }
    if (slot.tenants.size > 0) return;
    const slots = this.#groups.get(slot.key);
    if (slots) {
      slots.splice(slots.indexOf(slot), 1);
      if (slots.length === 0) this.#groups.delete(slot.key);
    }
    await slot.worker.stop(reason);
  }

  async #fire(installId: string, cron: ServerCron): Promise<void> {
    const tenant = this.#current(installId);
    if (!tenant) return;
    try {
      await tenant.request('task.tick', { ctx: tenant.ctx, kind: 'cron', name: cron.name });
    } catch (error) {
      this.#deps.emit(tenant.caller, requestErrorEvent(`cron:${cron.name}`, error));
    }
  }
}
