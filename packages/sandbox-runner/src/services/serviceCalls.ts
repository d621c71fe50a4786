import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { InteractionBroker } from '../interactions/InteractionBroker.js';
import type { HttpProxy, ProxyRequest } from '../proxy/HttpProxy.js';
import type { SqlParams, SqlService } from '../sql/SqlService.js';
import { toRpcError, type ServiceLimits } from './serviceErrors.js';

/** The host services behind `ctx.interaction`, `ctx.sql` and `ctx.http` (all optional: absent → -32601). */
export interface ExtraServices {
  interactions?: InteractionBroker;
  sql?: SqlService;
  /** The install's proxy (its manifest's allow-list); undefined when it has none. */
  http?: (installId: string) => HttpProxy | undefined;
  limits?: ServiceLimits;
  /** Prefix custom_ids in `discord.*` messages with the plugin id, as interaction answers are. */
  scopeCustomIds?: boolean;
}

interface Caller {
  pluginId: string;
  installId: string;
  serverId: string;
}

type Params = Record<string, unknown>;
type Handler = (params: Params, caller: Caller, services: ExtraServices) => Promise<unknown>;

const LIMITS: ServiceLimits = { sqlTimeoutMs: 2_000, httpTimeoutMs: 10_000 };

function unavailable(what: string): RpcError {
  return new RpcError(ErrorCodes.MethodNotFound, `this host does not provide ${what}`);
}

function interaction(method: string): Handler {
  return async (p, c, s) => {
    if (!s.interactions) throw unavailable('interactions');
    return s.interactions.handle(method, p, c);
  };
}

function sql(op: 'query' | 'execute'): Handler {
  return async (p, c, s) => {
    if (!s.sql) throw unavailable('ctx.sql (no SQL service configured)');
    try {
      const params = p['params'] as SqlParams | undefined;
      return op === 'query' ? await s.sql.query(c.installId, p['sql'] as string, params) : await s.sql.execute(c.installId, p['sql'] as string, params);
    } catch (error) {
      return toRpcError(error, s.limits ?? LIMITS);
    }
  };
}

const http: Handler = async (p, c, s) => {
  const proxy = s.http?.(c.installId);
  if (!proxy) {
    throw new RpcError(ErrorCodes.CapabilityDenied, `http.request: plugin ${c.pluginId} lists no proxy_domains_requested in manifest.json, so it may fetch nothing`, { capability: 'proxy:http', code: 'http.domain_not_allowed' });
  }
  try {
    return await proxy.fetch(p as unknown as ProxyRequest);
  } catch (error) {
    return toRpcError(error, s.limits ?? LIMITS);
  }
};

/** Guest→host handlers for the interaction, SQL and HTTP methods (PROTOCOL.md §5), after the host's checks. */
export const SERVICE_HANDLERS: Record<string, Handler> = {
  'interaction.respond': interaction('interaction.respond'),
  'interaction.defer': interaction('interaction.defer'),
  'interaction.send_modal': interaction('interaction.send_modal'),
  'interaction.followup': interaction('interaction.followup'),
  'interaction.edit_original': interaction('interaction.edit_original'),
  'sql.query': sql('query'),
  'sql.execute': sql('execute'),
  'http.request': http,
};
