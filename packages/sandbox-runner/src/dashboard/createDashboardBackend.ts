import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { PluginHost } from '../host/PluginHost.js';

/**
 * `@maidkit/dashboard-bridge`'s `DashboardBackend` contract, restated structurally so the runner does not
 * depend on the browser package: `createDashboardServer({ backend: createDashboardBackend(host) })`.
 */
export interface DashboardBackendRequest {
  pluginId: string;
  serverId: string;
  userId: string;
  namespace: 'kv' | 'metrics' | 'sql' | 'dashboard';
  method: string;
  params: Record<string, unknown>;
}

export interface DashboardBackendOptions {
  /** Deadline for `dashboard` handlers (default the host's, 10 s). */
  timeoutMs?: number;
}

// The direct namespaces map one to one onto guest→host methods (PROTOCOL.md §5).
const DIRECT: Record<string, ReadonlySet<string>> = {
  kv: new Set(['get', 'set', 'delete', 'list', 'count', 'get_many', 'set_many']),
  metrics: new Set(['query', 'total', 'record']),
  sql: new Set(['query', 'execute']),
};

/**
 * The dashboard bridge's backend over a PluginHost: `kv`, `metrics` and `sql` are performed host-side for
 * the install of `pluginId` on `serverId` (with the guest's own checks: capability, then schema; `sql`
 * needs `storage:sql`), and `dashboard` calls the plugin's handler (10 s, `discord_srv_id` forced to the
 * session's server, result shape checked). Rejections carry PROTOCOL.md codes, which the bridge maps.
 */
export function createDashboardBackend(host: PluginHost, options: DashboardBackendOptions = {}): { call(request: DashboardBackendRequest): Promise<unknown> } {
  return {
    async call(request) {
      const install = host.list().find((i) => i.pluginId === request.pluginId && i.serverId === request.serverId);
      if (!install) throw new RpcError(ErrorCodes.NotFound, `plugin ${request.pluginId} is not installed on server ${request.serverId}`);
      if (request.namespace === 'dashboard') {
        return host.dashboard(install.installId, request.method, { ...request.params, discord_srv_id: request.serverId }, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
      }
      const allowed = Object.hasOwn(DIRECT, request.namespace) ? DIRECT[request.namespace] : undefined;
      if (!allowed || !allowed.has(request.method)) throw new RpcError(ErrorCodes.MethodNotFound, `${request.namespace}.${request.method} is not a dashboard method`);
      return host.callService(install.installId, `${request.namespace}.${request.method}`, request.params);
    },
  };
}
