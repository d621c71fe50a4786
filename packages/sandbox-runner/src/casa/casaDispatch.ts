import { SandboxError, SandboxErrorCodes } from '../errors.js';
import type { PluginHost } from '../host/PluginHost.js';
import { CASA_CLONE_EVENTS } from './permissions.js';

/** A clone job as Casa's `on_clone_start(api, ctx)` / `on_clone_finish(api, ctx)` see it (`ctx.job_id` …). */
export interface CloneJob {
  job_id: string;
  [field: string]: unknown;
}

export interface CloneDispatchResult {
  /** Installs whose clone hook ran (or answered). */
  delivered: string[];
  /** Installs that failed: the worker was unavailable or the hook call failed. */
  failed: Array<{ installId: string; message: string }>;
}

/**
 * Tells Casa Cloner installs that a clone job starts or finished (`casa.clone`). Only running, enabled
 * installs granted `casa:clone_events` (the `events.clone` permission) receive it: the others are not sent
 * anything. `finish` is sent after success and after failure (put `status`/`error` in the job).
 */
export async function dispatchClone(host: PluginHost, phase: 'start' | 'finish', job: CloneJob, options: { serverId?: string; timeoutMs?: number } = {}): Promise<CloneDispatchResult> {
  if (phase !== 'start' && phase !== 'finish') throw new SandboxError(SandboxErrorCodes.InvalidEvent, `clone phase must be "start" or "finish", got ${JSON.stringify(phase)}`);
  if (typeof job !== 'object' || job === null || typeof job.job_id !== 'string' || job.job_id.length === 0) {
    throw new SandboxError(SandboxErrorCodes.InvalidEvent, 'a clone job needs a non-empty string job_id', { hint: 'e.g. { job_id: "job_1", source: "<guild id>", target: "<guild id>" }' });
  }
  const result: CloneDispatchResult = { delivered: [], failed: [] };
  const targets = host.list().filter((i) => i.state === 'enabled' && i.status === 'running' && i.capabilities.includes(CASA_CLONE_EVENTS) && (options.serverId === undefined || i.serverId === options.serverId));
  await Promise.all(
    targets.map(async (install) => {
      try {
        await host.call(install.installId, 'casa.clone', { phase, job }, options.timeoutMs);
        result.delivered.push(install.installId);
      } catch (error) {
        result.failed.push({ installId: install.installId, message: (error as Error).message });
      }
    }),
  );
  return result;
}

/** A host-level error for one install's `on_error(api, error)` (`casa.error`): `error.code`, `error.message`. */
export async function notifyCasaError(host: PluginHost, installId: string, error: { code: string; message: string }, timeoutMs?: number): Promise<void> {
  await host.call(installId, 'casa.error', { error: { code: String(error.code), message: String(error.message).slice(0, 2000) } }, timeoutMs);
}
