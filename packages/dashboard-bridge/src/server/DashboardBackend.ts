/**
 * The contract between the dashboard server and whatever runs the plugins (the runner's PluginHost).
 *
 * The server calls `call` only after it has checked, for this request:
 * - the user's session (`serverId`, `userId` come from the session, never from the browser's body);
 * - that the plugin exists and has a dashboard;
 * - the namespace (kv, metrics, sql, dashboard) and the method against a fixed table;
 * - the capability (`sql` needs `storage:sql`; `kv` and `metrics` are baseline);
 * - params: a JSON object under the request size cap, with per-method checks (key lengths, batch sizes).
 * For `dashboard`, `params.discord_srv_id` is already set to `serverId` (seed 002).
 *
 * The backend still checks capabilities itself (deny by default, PROTOCOL.md §5) and:
 * - `kv` / `metrics` / `sql`: performs the same operation as the guest→host method `${namespace}.${method}`
 *   of PROTOCOL.md for the install of `pluginId` on `serverId`, and resolves with that method's result
 *   (`kv.get` → `{value}`, `kv.get_many` → `{values}`, `metrics.total` → `{total}`, `sql.query` →
 *   `{columns, rows}`, …);
 * - `dashboard`: sends the guest a `dashboard` request `{ctx, method, params}` and resolves with the
 *   handler's return value (deadline 10 s).
 * It rejects with a BridgeError, or with an error carrying a PROTOCOL.md numeric `code` (-32001
 * CapabilityDenied, -32000 HandlerError, -32002 Timeout, -32601 MethodNotFound, …), which the server maps
 * to the bridge code. Messages reach the browser; stacks and `data.traceback` do not.
 */
import type { JsonObject } from '../protocol/BridgeError.js';
import type { BridgeNamespace } from '../protocol/types.js';

export interface DashboardBackendRequest {
  pluginId: string;
  serverId: string;
  userId: string;
  namespace: BridgeNamespace;
  /** PROTOCOL.md spelling inside the namespace: `get`, `set`, `delete`, `list`, `get_many`, `set_many`,
   * `query`, `total`, `execute`, or a dashboard handler name such as `get_settings`. */
  method: string;
  params: JsonObject;
}

export interface DashboardBackend {
  call(request: DashboardBackendRequest): Promise<unknown>;
}

/** Who is asking, as the embedding application's session knows it. */
export interface DashboardSession {
  serverId: string;
  userId: string;
}

/** What the server needs to know about one installed plugin. */
export interface DashboardPlugin {
  id: string;
  /** Absolute path of the plugin's `dashboard/` directory (iframe mode), or null. */
  dashboardDir: string | null;
  /** The parsed `dashboard_manifest.json` (manifest mode), or null. */
  dashboardManifest?: unknown;
  /** Granted capabilities of this install (baseline `storage:kv` and `metrics` are implied). */
  capabilities: readonly string[];
  /** Registered `@plugin.on_dashboard` names; when given, other names are refused before the backend. */
  handlers?: readonly string[];
}
