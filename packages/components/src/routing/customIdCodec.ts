import { ValidationError, type ValidationErrorCode } from '../errors/ValidationError.js';
import { ComponentLimits as L } from '../components/limits.js';
import { textLength } from '../util/checks.js';

/**
 * custom_id layout: `<namespace>:<segment>[:<segment>…][:~<expiry>]`.
 * - The namespace is the plugin's id, so a plugin's router only ever matches ids it minted; the host picks
 *   the plugin with namespaceOf() before anything is dispatched.
 * - Segments are literals or typed parameters; `%`, `:` and `~` in parameter values are percent-escaped, so
 *   values can never forge a delimiter (the yasd-discord-bot#12 bug).
 * - Snowflakes stay strings end to end; `Number()` would round ids past 2^53.
 * - An optional expiry is a base-36 millisecond timestamp after `~` in the last segment.
 */

export type ParamType = 'string' | 'int' | 'snowflake' | 'bool' | readonly string[];
export type ParamSpec = Record<string, ParamType>;
export type ParamValue<T extends ParamType> = T extends 'int'
  ? number
  : T extends 'bool'
    ? boolean
    : T extends readonly (infer E)[]
      ? E
      : string;
export type ParamValues<S extends ParamSpec> = { -readonly [K in keyof S]: ParamValue<S[K]> };

/** Why an id reached the fallback handler. */
export type RouteMissReason = 'unknown' | 'expired' | 'malformed';

export interface RouteMiss {
  reason: RouteMissReason;
  customId: string;
  /** The route whose shape matched, for `expired`. */
  template?: string;
}

export type RouteMatch =
  | { kind: 'route'; template: string; params: Record<string, unknown> }
  | { kind: 'miss'; miss: RouteMiss }
  | { kind: 'foreign'; namespace: string | undefined };

export type Segment = { literal: string } | { param: string; type: ParamType };

// Up to 64: plugin ids in manifests go that long (mmo-maid-manifest.schema.json); the id budget still applies.
export const NAMESPACE = /^[A-Za-z0-9_.-]{1,64}$/;
const LITERAL = /^[A-Za-z0-9_.\-/]+$/;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const INT = /^-?(0|[1-9]\d*)$/;
const SNOWFLAKE = /^(0|[1-9]\d{0,19})$/;

export function fail(code: ValidationErrorCode, message: string, hint?: string): never {
  const issue = { code, path: '', message, ...(hint === undefined ? {} : { hint }) };
  throw new ValidationError([issue]);
}

export function escapeValue(raw: string): string {
  return raw.replace(/[%:~]/g, (ch) => (ch === '%' ? '%25' : ch === ':' ? '%3A' : '%7E'));
}

export function unescapeValue(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  let bad = false;
  const out = raw.replace(/%(..)?/g, (_m, hex: string | undefined) => {
    if (hex === '25') return '%';
    if (hex === '3A' || hex === '3a') return ':';
    if (hex === '7E' || hex === '7e') return '~';
    bad = true;
    return '';
  });
  return bad ? undefined : out;
}

/** Does a raw (unescaped) segment belong to this type? */
export function accepts(type: ParamType, raw: string): boolean {
  if (typeof type !== 'string') return type.includes(raw);
  switch (type) {
    case 'string': return true;
    case 'int': return INT.test(raw) && Number.isSafeInteger(Number(raw));
    case 'snowflake': return SNOWFLAKE.test(raw) && BigInt(raw) < 2n ** 64n;
    case 'bool': return raw === '1' || raw === '0';
  }
}

/** Every value of `a` is a value of `b` (so a route on `b` registered first would catch all of `a`). */
export function subset(a: ParamType, b: ParamType): boolean {
  if (b === 'string') return true;
  if (typeof a !== 'string') return a.every((v) => accepts(b, v));
  if (a === 'bool') return accepts(b, '0') && accepts(b, '1');
  return a === b;
}

export function decode(type: ParamType, raw: string): unknown {
  if (type === 'int') return Number(raw);
  if (type === 'bool') return raw === '1';
  return raw;
}

export function encode(type: ParamType, name: string, value: unknown): string {
  if (type === 'int') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail('INVALID_PARAMETER', `parameter ${name} must be a safe integer, got ${JSON.stringify(value)}`);
    return String(value);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') fail('INVALID_PARAMETER', `parameter ${name} must be a boolean, got ${JSON.stringify(value)}`);
    return value ? '1' : '0';
  }
  if (type === 'snowflake') {
    const s = typeof value === 'bigint' ? value.toString() : value;
    if (typeof s !== 'string' || !accepts('snowflake', s)) {
      fail('INVALID_PARAMETER', `parameter ${name} must be a snowflake string, got ${JSON.stringify(typeof value === 'bigint' ? s : value)}`, 'keep snowflakes as strings; numbers past 2^53 lose digits');
    }
    return s;
  }
  if (typeof value !== 'string') fail('INVALID_PARAMETER', `parameter ${name} must be a string, got ${JSON.stringify(value)}`);
  if (typeof type !== 'string' && !type.includes(value)) fail('INVALID_PARAMETER', `parameter ${name} must be one of ${type.join('|')}, got ${JSON.stringify(value)}`);
  return escapeValue(value);
}

export function minimumValue(type: ParamType): string {
  if (typeof type !== 'string') return type.reduce((a, b) => (b.length < a.length ? b : a), type[0] ?? '');
  return type === 'string' ? '' : '0';
}

export function parseTemplate(template: string, params: ParamSpec): Segment[] {
  if (template === '') fail('INVALID_ROUTE', 'a route template cannot be empty');
  const seen = new Set<string>();
  const segments = template.split(':').map((part): Segment => {
    const m = PLACEHOLDER.exec(part);
    if (m) {
      const name = m[1]!;
      const type = params[name];
      if (type === undefined) fail('INVALID_ROUTE', `route ${JSON.stringify(template)} uses {${name}} but declares no type for it`, `add ${name}: "string" | "int" | "snowflake" | "bool" | [...values]`);
      if (seen.has(name)) fail('INVALID_ROUTE', `route ${JSON.stringify(template)} uses {${name}} twice`);
      if (typeof type !== 'string' && (type.length === 0 || type.some((v) => typeof v !== 'string'))) fail('INVALID_ROUTE', `parameter ${name} needs at least one allowed value`);
      if (typeof type === 'string' && !['string', 'int', 'snowflake', 'bool'].includes(type)) {
        fail('INVALID_ROUTE', `parameter ${name} has type ${JSON.stringify(type)}; expected string|int|snowflake|bool or a list of values`);
      }
      seen.add(name);
      return { param: name, type };
    }
    if (!LITERAL.test(part)) fail('INVALID_ROUTE', `route segment ${JSON.stringify(part)} in ${JSON.stringify(template)} must be letters, digits, "_", "-", ".", "/" or a {parameter}`);
    return { literal: part };
  });
  for (const key of Object.keys(params)) {
    if (!seen.has(key)) fail('INVALID_ROUTE', `route ${JSON.stringify(template)} declares parameter ${key} but never uses it`);
  }
  return segments;
}

/** The namespace (plugin id) an id was minted for: the text before the first `:`. */
export function namespaceOf(customId: string): string | undefined {
  const i = customId.indexOf(':');
  if (i <= 0) return undefined;
  const ns = customId.slice(0, i);
  return NAMESPACE.test(ns) ? ns : undefined;
}

/**
 * For hosts: prefix a plugin's own custom_id (`"yes"`) with its namespace before sending, so clicks come
 * back to that plugin only. Throws TOO_LONG when the prefixed id passes 100 characters.
 */
export function scopeCustomId(namespace: string, customId: string): string {
  if (!NAMESPACE.test(namespace)) fail('INVALID_ROUTE', `namespace ${JSON.stringify(namespace)} must be 1–64 letters, digits, "_", "-" or "."`);
  const id = `${namespace}:${customId}`;
  const n = textLength(id, L.customIdMax);
  if (n > L.customIdMax) {
    fail('TOO_LONG', `custom_id ${JSON.stringify(customId.slice(0, 40))} is ${n - namespace.length - 1} characters; with namespace "${namespace}:" it would be ${n}, over ${L.customIdMax}`, `plugin custom_ids may use at most ${L.customIdMax - namespace.length - 1} characters`);
  }
  return id;
}

/** The inverse of scopeCustomId: the plugin's own id, or undefined if it was minted for another namespace. */
export function unscopeCustomId(namespace: string, customId: string): string | undefined {
  return customId.startsWith(`${namespace}:`) ? customId.slice(namespace.length + 1) : undefined;
}
