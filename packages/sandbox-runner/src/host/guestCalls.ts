import { validateMessagePayload, validateModal, type ValidationIssue } from '@maidkit/components';
import { ErrorCodes, RpcError, getMethod, validateParams } from '@maidkit/rpc-protocol';
import { DISCORD_ACTION_METHODS, type ActionContext, type DiscordActionMethod, type DiscordActions } from './DiscordActions.js';
import type { EphemeralStore } from './storage/EphemeralStore.js';
import { KV_LIMITS, type KvProvider, type KvValue } from './storage/KvProvider.js';
import { MetricsStore, type MetricKind } from './storage/MetricsStore.js';
import { SERVICE_HANDLERS, type ExtraServices } from '../services/serviceCalls.js';
import { scopeComponents } from '../interactions/scopeComponents.js';

/** Who is calling: the install a worker serves, with what it was granted on this host. */
export interface GuestCaller {
  pluginId: string;
  installId: string;
  serverId: string;
  capabilities: ReadonlySet<string>;
}

/** What the guest's calls reach (interactions, SQL and HTTP: `ExtraServices`, src/services). */
export interface HostServices extends ExtraServices {
  kv: KvProvider;
  ephemeral: EphemeralStore;
  metrics: MetricsStore;
  discord: DiscordActions;
  /** Told about each Discord action that succeeded (for logs and `maidkit run`). */
  onAction(caller: GuestCaller, method: DiscordActionMethod, params: Record<string, unknown>, result: unknown): void;
  /** Told about each call refused for a missing capability. */
  onDenied(caller: GuestCaller, method: string, capability: string): void;
}

type Params = Record<string, unknown>;
type Handler = (params: Params, caller: GuestCaller, services: HostServices) => Promise<unknown>;

/**
 * Handles one guest→host request, checking in this order (PROTOCOL.md §3, §5): the method exists and
 * goes guest→host; the capability is granted **on the host** (deny by default); the call is for the
 * install this worker serves; the params match the method's schema. Only then is anything done.
 * Throws `RpcError`s, which the connection sends back as JSON-RPC errors.
 */
export async function handleGuestCall(method: string, params: unknown, caller: GuestCaller, services: HostServices): Promise<unknown> {
  const descriptor = getMethod(method);
  const handler = Object.hasOwn(HANDLERS, method) ? HANDLERS[method] : undefined;
  if (!descriptor || descriptor.direction !== 'guest_to_host' || descriptor.kind !== 'request' || !handler) {
    throw new RpcError(ErrorCodes.MethodNotFound, `method "${method}" is not something a plugin can ask this host for`);
  }
  const capability = descriptor.capability;
  if (capability !== undefined && !caller.capabilities.has(capability)) {
    services.onDenied(caller, method, capability);
    throw new RpcError(ErrorCodes.CapabilityDenied, `${method} needs the capability "${capability}", which plugin ${caller.pluginId} was not granted; add it to capabilities_required in manifest.json`, { capability });
  }
  const installId = isObject(params) ? params['install_id'] : undefined;
  if (installId !== caller.installId) {
    throw new RpcError(ErrorCodes.NotFound, `install_id ${JSON.stringify(installId ?? null)} is not served by this worker (it serves ${caller.installId})`);
  }
  const issues = validateParams(method, params);
  if (issues.length > 0) {
    throw new RpcError(ErrorCodes.InvalidParams, `invalid params for ${method}: ${issues.map((i) => `${i.path || '(params)'} ${i.message}`).join('; ')}`, { errors: issues.map((i) => ({ ...i })) });
  }
  return handler(params as Params, caller, services);
}

function isObject(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkValue(key: string, value: unknown): KvValue {
  const size = Buffer.byteLength(JSON.stringify(value) ?? 'null');
  if (size > KV_LIMITS.maxValueBytes) {
    throw new RpcError(ErrorCodes.PayloadTooLarge, `value for key "${key.slice(0, 80)}" is ${size} bytes; the limit is ${KV_LIMITS.maxValueBytes}`, { limit: KV_LIMITS.maxValueBytes, actual: size });
  }
  return value as KvValue;
}

function actionContext(caller: GuestCaller): ActionContext {
  return { pluginId: caller.pluginId, installId: caller.installId, serverId: caller.serverId };
}

/** Params as the host author's DiscordActions sees them: without the routing field. */
function withoutInstall(params: Params): Params {
  const { install_id: _drop, ...rest } = params;
  return rest;
}

/** Actions whose params carry a Discord message (content/components/embeds), checked against Discord's limits. */
const MESSAGE_ACTIONS = new Set(['discord.send_message', 'discord.edit_message', 'discord.send_dm', 'interaction.respond', 'interaction.followup', 'interaction.edit_original']);

/**
 * Discord's own rules for what a plugin sends (PROTOCOL.md §5): the same validators a bot author's
 * builders use (`@maidkit/components`), so a plugin cannot make the host send what Discord would refuse.
 */
function discordIssues(method: string, body: Params): ValidationIssue[] {
  if (method === 'interaction.send_modal') return validateModal({ title: body['title'], custom_id: body['custom_id'], components: body['components'] });
  if (!MESSAGE_ACTIONS.has(method)) return [];
  const message: Params = {};
  for (const key of ['content', 'components', 'embeds'] as const) if (body[key] !== undefined && body[key] !== null) message[key] = body[key];
  // An edit may change only some fields, and an interaction reply may be flags-only: check what is there.
  if (Object.keys(message).length === 0) return [];
  return validateMessagePayload(message);
}

const discordHandlers: Record<string, Handler> = Object.fromEntries(
  (Object.entries(DISCORD_ACTION_METHODS) as Array<[DiscordActionMethod, keyof DiscordActions]>).map(([wire, name]) => [
    wire,
    async (params, caller, services) => {
      let body = withoutInstall(params);
      // custom_ids go out prefixed with the plugin id, so clicks route back to it (src/interactions/scopeComponents.ts).
      if (services.scopeCustomIds && Array.isArray(body['components'])) {
        try {
          body = { ...body, components: scopeComponents(caller.pluginId, body['components']) };
        } catch (error) {
          const issue = error as { code?: string; message?: string };
          throw new RpcError(ErrorCodes.InvalidParams, `${wire}: ${issue.message}`, { errors: [{ path: '/components', code: String(issue.code ?? 'TOO_LONG'), message: String(issue.message) }] });
        }
      }
      const issues = discordIssues(wire, body);
      if (issues.length > 0) {
        throw new RpcError(ErrorCodes.InvalidParams, `${wire}: Discord would refuse this: ${issues.map((i) => `${i.path || '(message)'} ${i.message}`).join('; ')}`, {
          errors: issues.map((i) => ({ path: i.path, code: i.code, message: i.message })),
        });
      }
      const call = services.discord[name] as (ctx: ActionContext, p: Params) => Promise<unknown>;
      const result = (await call.call(services.discord, actionContext(caller), body)) ?? {};
      services.onAction(caller, wire, body, result);
      return result;
    },
  ]),
);

const HANDLERS: Record<string, Handler> = {
  ...discordHandlers,
  'kv.get': async (p, c, s) => ({ value: (await s.kv.get(c.installId, p['key'] as string)) ?? null }),
  'kv.set': async (p, c, s) => {
    const key = p['key'] as string;
    await s.kv.set(c.installId, key, checkValue(key, p['value']));
    return {};
  },
  'kv.delete': async (p, c, s) => ({ deleted: await s.kv.delete(c.installId, p['key'] as string) }),
  'kv.list': async (p, c, s) => {
    const options: { prefix?: string; limit: number; cursor?: string } = { limit: Math.min((p['limit'] as number | undefined) ?? 100, KV_LIMITS.maxListLimit) };
    if (typeof p['prefix'] === 'string') options.prefix = p['prefix'];
    if (typeof p['cursor'] === 'string') options.cursor = p['cursor'];
    return s.kv.list(c.installId, options);
  },
  'kv.count': async (p, c, s) => ({ count: await s.kv.count(c.installId, (p['prefix'] as string | undefined) ?? '') }),
  'kv.get_many': async (p, c, s) => {
    const keys = p['keys'] as string[];
    const found = await s.kv.getMany(c.installId, keys);
    return { values: Object.fromEntries(keys.map((k) => [k, found.get(k) ?? null])) };
  },
  'kv.set_many': async (p, c, s) => {
    const entries = Object.entries(p['values'] as Record<string, unknown>).map(([k, v]) => [k, checkValue(k, v)] as const);
    for (const [key] of entries) {
      if (key.length === 0 || Buffer.byteLength(key) > KV_LIMITS.maxKeyBytes) throw new RpcError(ErrorCodes.InvalidParams, `kv.set_many: key "${key.slice(0, 80)}" must be 1..${KV_LIMITS.maxKeyBytes} bytes`, { errors: [{ path: `/values/${key}`, code: 'key', message: 'bad key length' }] });
    }
    await s.kv.setMany(c.installId, entries);
    return {};
  },
  'ephemeral.get': async (p, c, s) => ({ value: s.ephemeral.get(c.installId, p['key'] as string) ?? null }),
  'ephemeral.set': async (p, c, s) => {
    const key = p['key'] as string;
    if (!s.ephemeral.set(c.installId, key, checkValue(key, p['value']))) throw tooManyKeys(s.ephemeral.maxKeys);
    return {};
  },
  'ephemeral.delete': async (p, c, s) => ({ deleted: s.ephemeral.delete(c.installId, p['key'] as string) }),
  'ephemeral.counter': async (p, c, s) => {
    const value = s.ephemeral.counter(c.installId, p['key'] as string, (p['by'] as number | undefined) ?? 1);
    if (value === undefined) throw tooManyKeys(s.ephemeral.maxKeys);
    return { value };
  },
  'metrics.record': async (p, c, s) => {
    if (!s.metrics.record(c.installId, p['name'] as string, (p['value'] as number | undefined) ?? 1, (p['kind'] as MetricKind | undefined) ?? 'counter')) {
      throw new RpcError(ErrorCodes.PayloadTooLarge, 'too many distinct metrics for this install', { limit: 200, actual: 201 });
    }
    return {};
  },
  'metrics.query': async (p, c, s) => s.metrics.query(c.installId, p['name'] as string, period(p['period'])),
  'metrics.total': async (p, c, s) => ({ total: s.metrics.total(c.installId, p['name'] as string, period(p['period'])) }),
  // ctx.interaction, ctx.sql, ctx.http (src/services/serviceCalls.ts).
  ...SERVICE_HANDLERS,
};

function period(value: unknown): string {
  if (typeof value === 'string' && MetricsStore.isPeriod(value)) return value;
  throw new RpcError(ErrorCodes.InvalidParams, `period must be one of ${MetricsStore.periods.join(', ')}`, { errors: [{ path: '/period', code: 'enum', message: `must be one of ${MetricsStore.periods.join(', ')}` }] });
}

function tooManyKeys(limit: number): RpcError {
  return new RpcError(ErrorCodes.PayloadTooLarge, `ephemeral storage holds at most ${limit} keys per install`, { limit, actual: limit + 1 });
}
