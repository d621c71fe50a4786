import type { DashboardBackend, DashboardBackendRequest } from '@maidkit/dashboard-bridge';
import { createDashboardBackend, type PluginHost } from '@maidkit/sandbox-runner';
import type { PluginSession } from './PluginSession.js';

/**
 * The dashboard's backend for whichever version of the plugin runs now: the runner's
 * `createDashboardBackend(host)` (kv/metrics/sql as the guest's own calls, `dashboard` to its
 * `@plugin.on_dashboard` handlers, 10 s), re-made when a hot reload swaps the host.
 */
export function playgroundDashboardBackend(session: PluginSession): DashboardBackend {
  let cached: { host: PluginHost; backend: ReturnType<typeof createDashboardBackend> } | undefined;
  return {
    async call(req: DashboardBackendRequest): Promise<unknown> {
      const host = session.host;
      if (!host) throw Object.assign(new Error('the plugin is not running (see the banner)'), { code: -32004 });
      if (cached?.host !== host) cached = { host, backend: createDashboardBackend(host) };
      return cached.backend.call(req);
    },
  };
}
