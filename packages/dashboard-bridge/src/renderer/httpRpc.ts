/**
 * The `rpc` function for manifest mode on a host page: each widget's handler is reached through the
 * dashboard server's bridge route (same checks as an iframe call; the server adds `discord_srv_id`).
 */
import { createHttpTransport } from '../host/httpTransport.js';
import type { DashboardRpc } from './renderDashboard.js';

export function createHttpRpc(pluginId: string, options: { baseUrl?: string; fetch?: typeof fetch } = {}): DashboardRpc {
  const transport = createHttpTransport({ pluginId, ...options });
  return (method, params) =>
    transport({ namespace: 'dashboard', method: method.startsWith('dashboard.') ? method.slice('dashboard.'.length) : method, params: params as never });
}
