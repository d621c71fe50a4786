/**
 * The fixed dispatch table: which `namespace.method` pairs a frame may call, the capability each needs,
 * and the params each takes. Lookups go through a Map keyed by the full name, never a property walk, so
 * `constructor`, `__proto__` or `toString` can never resolve (Comlink #603, Penpal's inherited names).
 * The host (browser) and the server (Node) both run `resolveCall`: checks on both sides of the wire.
 */
import { BridgeError, type JsonObject } from './BridgeError.js';
import { BridgeErrorCode } from './errorCodes.js';
import { checkJson } from './jsonSafe.js';
import type { BridgeLimits } from './limits.js';
import { BRIDGE_NAMESPACES, type BridgeCall, type BridgeNamespace } from './types.js';

/** Capabilities every install holds without declaring them (PROTOCOL.md §5). */
export const BASELINE_CAPABILITIES: readonly string[] = ['storage:kv', 'metrics'];

/** The capability each namespace needs; `null` = none (a plugin may always call its own handlers). */
export const NAMESPACE_CAPABILITY: Readonly<Record<BridgeNamespace, string | null>> = {
  kv: 'storage:kv',
  metrics: 'metrics',
  sql: 'storage:sql',
  dashboard: null,
};

/** A dashboard handler name as Python registers it with `@plugin.on_dashboard("name")`; dunder names (`__proto__`, `__init__`) are refused. */
export const HANDLER_NAME = /^(?!__)[A-Za-z_][A-Za-z0-9_]{0,63}$/;

type ParamCheck = (p: JsonObject, limits: BridgeLimits, problems: string[]) => void;

const key = (field: string): ParamCheck => (p, l, out) => {
  const v = p[field];
  if (typeof v !== 'string' || v.length === 0) out.push(`/${field} must be a non-empty string`);
  else if (v.length > l.maxKeyLength) out.push(`/${field} is longer than ${l.maxKeyLength} characters`);
};
const optString = (field: string, max: number): ParamCheck => (p, _l, out) => {
  const v = p[field];
  if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > max)) out.push(`/${field} must be a string of at most ${max} characters`);
};
const optCount = (field: string, max: number): ParamCheck => (p, _l, out) => {
  const v = p[field];
  if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)) out.push(`/${field} must be an integer from 1 to ${max}`);
};
const required = (field: string): ParamCheck => (p, _l, out) => {
  if (!(field in p)) out.push(`/${field} is required`);
};
const period: ParamCheck = (p, _l, out) => {
  const v = p.period;
  if (typeof v !== 'string' || !/^[1-9][0-9]{0,3}[mhdw]$/.test(v)) out.push('/period must look like "24h", "7d" or "30d"');
};
const name: ParamCheck = (p, _l, out) => {
  const v = p.name;
  if (typeof v !== 'string' || v.length === 0 || v.length > 128) out.push('/name must be a metric name (1–128 characters)');
};
const sqlText: ParamCheck = (p, _l, out) => {
  if (typeof p.sql !== 'string' || p.sql.trim() === '') out.push('/sql must be a non-empty string');
  const params = p.params;
  if (params !== undefined && params !== null && typeof params !== 'object') out.push('/params must be an array or an object');
};
const keyList: ParamCheck = (p, l, out) => {
  const v = p.keys;
  if (!Array.isArray(v)) return void out.push('/keys must be an array of strings');
  if (v.length > l.maxBatch) out.push(`/keys has ${v.length} entries; at most ${l.maxBatch}`);
  v.forEach((k, i) => {
    if (typeof k !== 'string' || k.length === 0 || k.length > l.maxKeyLength) out.push(`/keys/${i} must be a key of 1–${l.maxKeyLength} characters`);
  });
};
const valueMap: ParamCheck = (p, l, out) => {
  const v = p.values;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return void out.push('/values must be an object of key → value');
  const keys = Object.keys(v);
  if (keys.length > l.maxBatch) out.push(`/values has ${keys.length} entries; at most ${l.maxBatch}`);
  for (const k of keys) if (k.length === 0 || k.length > l.maxKeyLength) out.push(`/values key "${k.slice(0, 40)}" must be 1–${l.maxKeyLength} characters`);
};

/** `namespace.method` → the checks its params must pass. PROTOCOL.md §5 spells the methods. */
const TABLE: ReadonlyMap<string, readonly ParamCheck[]> = new Map<string, readonly ParamCheck[]>([
  ['kv.get', [key('key')]],
  ['kv.set', [key('key'), required('value')]],
  ['kv.delete', [key('key')]],
  ['kv.list', [optString('prefix', 256), optCount('limit', 1000), optString('cursor', 512)]],
  ['kv.get_many', [keyList]],
  ['kv.set_many', [valueMap]],
  ['metrics.query', [name, period]],
  ['metrics.total', [name, period]],
  ['sql.query', [sqlText]],
  ['sql.execute', [sqlText]],
]);

export function isBridgeNamespace(v: unknown): v is BridgeNamespace {
  return typeof v === 'string' && (BRIDGE_NAMESPACES as readonly string[]).includes(v);
}

/** Every `namespace.method` name the table knows, for documentation and tests. */
export function knownMethods(): string[] {
  return [...TABLE.keys()];
}

export interface ResolveOptions {
  /** Capabilities granted to this install; baseline ones are added unless `baseline: false`. */
  capabilities: readonly string[];
  baseline?: boolean;
  /** If given, `dashboard.*` calls must name one of these handlers. */
  handlers?: readonly string[] | undefined;
  limits: BridgeLimits;
}

/**
 * Check one call from a frame (or from the host page over HTTP) and return it in canonical form.
 * Throws BridgeError with NAMESPACE_DENIED, METHOD_NOT_FOUND, CAPABILITY_DENIED, INVALID_PARAMS or
 * PAYLOAD_TOO_LARGE; the message names what is wrong and where.
 */
export function resolveCall(namespace: unknown, method: unknown, params: unknown, options: ResolveOptions): BridgeCall {
  if (!isBridgeNamespace(namespace)) {
    throw new BridgeError(BridgeErrorCode.NAMESPACE_DENIED, `Namespace "${String(namespace).slice(0, 64)}" is not allowed; use one of ${BRIDGE_NAMESPACES.join(', ')}`, {
      data: { namespace: String(namespace).slice(0, 64), allowed: [...BRIDGE_NAMESPACES] },
    });
  }
  if (typeof method !== 'string' || method.length === 0 || method.length > 128) {
    throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `${namespace}: the method name must be a string of 1–128 characters`);
  }
  const full = `${namespace}.${method}`;
  if (namespace === 'dashboard') {
    if (!HANDLER_NAME.test(method)) {
      throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `"${method.slice(0, 64)}" is not a valid dashboard handler name (letters, digits, _)`, { data: { method: method.slice(0, 64) } });
    }
    if (options.handlers && !options.handlers.includes(method)) {
      throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `The plugin registers no @plugin.on_dashboard("${method}") handler`, { data: { method } });
    }
  } else if (!TABLE.has(full)) {
    throw new BridgeError(BridgeErrorCode.METHOD_NOT_FOUND, `${full} is not a bridge method; ${namespace} has ${knownMethods().filter((m) => m.startsWith(namespace + '.')).join(', ')}`, { data: { method: full } });
  }

  const capability = NAMESPACE_CAPABILITY[namespace];
  if (capability !== null) {
    const granted = options.capabilities.includes(capability) || (options.baseline !== false && BASELINE_CAPABILITIES.includes(capability));
    if (!granted) {
      throw new BridgeError(BridgeErrorCode.CAPABILITY_DENIED, `${full} needs the "${capability}" capability, which this plugin was not granted`, { data: { capability } });
    }
  }

  const p = params === undefined || params === null ? {} : params;
  if (typeof p !== 'object' || Array.isArray(p)) {
    throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, `${full}: params must be an object`);
  }
  const size = checkJson(p, options.limits.maxRequestBytes);
  if (!size.ok) {
    if (size.reason === 'too_large') {
      throw new BridgeError(BridgeErrorCode.PAYLOAD_TOO_LARGE, `${full}: params are larger than ${options.limits.maxRequestBytes} bytes`, { data: { limit: options.limits.maxRequestBytes } });
    }
    throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, `${full}: params${size.path} is not JSON-safe (${size.reason === 'too_deep' ? 'nested too deeply' : 'only null, booleans, finite numbers, strings, arrays and plain objects cross the bridge'})`, { data: { path: size.path } });
  }
  const json = p as JsonObject;
  const problems: string[] = [];
  for (const check of TABLE.get(full) ?? []) check(json, options.limits, problems);
  if (problems.length > 0) {
    throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, `${full}: ${problems.join('; ')}`, { data: { errors: problems } });
  }
  return { namespace, method, params: json };
}
