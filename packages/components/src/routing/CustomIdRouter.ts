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

type Segment = { literal: string } | { param: string; type: ParamType };

const NAMESPACE = /^[A-Za-z0-9_.-]{1,40}$/;
const LITERAL = /^[A-Za-z0-9_.\-/]+$/;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const INT = /^-?(0|[1-9]\d*)$/;
const SNOWFLAKE = /^(0|[1-9]\d{0,19})$/;

function fail(code: ValidationErrorCode, message: string, hint?: string): never {
  const issue = { code, path: '', message, ...(hint === undefined ? {} : { hint }) };
  throw new ValidationError([issue]);
}

function escapeValue(raw: string): string {
  return raw.replace(/[%:~]/g, (ch) => (ch === '%' ? '%25' : ch === ':' ? '%3A' : '%7E'));
}

function unescapeValue(raw: string): string | undefined {
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
function accepts(type: ParamType, raw: string): boolean {
  if (typeof type !== 'string') return type.includes(raw);
  switch (type) {
    case 'string': return true;
    case 'int': return INT.test(raw) && Number.isSafeInteger(Number(raw));
    case 'snowflake': return SNOWFLAKE.test(raw) && BigInt(raw) < 2n ** 64n;
    case 'bool': return raw === '1' || raw === '0';
  }
}

/** Every value of `a` is a value of `b` (so a route on `b` registered first would catch all of `a`). */
function subset(a: ParamType, b: ParamType): boolean {
  if (b === 'string') return true;
  if (typeof a !== 'string') return a.every((v) => accepts(b, v));
  if (a === 'bool') return accepts(b, '0') && accepts(b, '1');
  return a === b;
}

function decode(type: ParamType, raw: string): unknown {
  if (type === 'int') return Number(raw);
  if (type === 'bool') return raw === '1';
  return raw;
}

function encode(type: ParamType, name: string, value: unknown): string {
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

/** A registered route: builds ids for its handler and matches them back. */
export class Route<S extends ParamSpec> {
  /** @internal */
  readonly segments: readonly Segment[];

  /** @internal: create routes through CustomIdRouter.route(). */
  constructor(
    readonly namespace: string,
    readonly template: string,
    readonly params: S,
    readonly expiresAfterMs: number | undefined,
    private readonly now: () => number,
  ) {
    this.segments = parseTemplate(template, params);
    // The shortest id this route can mint must fit, or no id ever will.
    const minimum = this.encodedLength(this.segments.map((s) => ('literal' in s ? s.literal : minimumValue(s.type))));
    if (minimum > L.customIdMax) {
      fail('INVALID_ROUTE', `route ${JSON.stringify(template)} needs at least ${minimum} characters with namespace ${JSON.stringify(namespace)}; custom_id allows ${L.customIdMax}`);
    }
  }

  get isExact(): boolean {
    return this.expiresAfterMs === undefined && this.segments.every((s) => 'literal' in s);
  }

  /** The custom_id for these parameters; throws (TOO_LONG) past 100 characters, namespace included. */
  encode(...args: keyof S extends never ? [] | [ParamValues<S>] : [ParamValues<S>]): string {
    const values = (args[0] ?? {}) as Record<string, unknown>;
    const parts = this.segments.map((s) => ('literal' in s ? s.literal : encode(s.type, s.param, values[s.param])));
    for (const key of Object.keys(values)) {
      if (!(key in this.params)) fail('INVALID_PARAMETER', `route ${JSON.stringify(this.template)} has no parameter ${JSON.stringify(key)}`);
    }
    if (this.expiresAfterMs !== undefined) parts.push(`~${(this.now() + this.expiresAfterMs).toString(36)}`);
    const id = `${this.namespace}:${parts.join(':')}`;
    const n = textLength(id, L.customIdMax);
    if (n > L.customIdMax) {
      fail('TOO_LONG', `custom_id for route ${JSON.stringify(this.template)} would be ${n} characters; at most ${L.customIdMax}`, `namespace "${this.namespace}:" takes ${this.namespace.length + 1}; shorten parameter values or store them server-side`);
    }
    return id;
  }

  /** @internal: the parameters when `parts` fit this route; `expired` when they do but the time is up. */
  matchParts(parts: readonly string[]): Record<string, unknown> | 'expired' | undefined {
    let expiry: number | undefined;
    let n = parts.length;
    if (this.expiresAfterMs !== undefined) {
      const last = parts[n - 1];
      if (last === undefined || !last.startsWith('~')) return undefined;
      expiry = parseInt(last.slice(1), 36);
      if (!Number.isFinite(expiry)) return undefined;
      n--;
    }
    if (n !== this.segments.length) return undefined;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const seg = this.segments[i]!;
      const part = parts[i]!;
      if ('literal' in seg) {
        if (seg.literal !== part) return undefined;
        continue;
      }
      const raw = unescapeValue(part);
      if (raw === undefined || !accepts(seg.type, raw)) return undefined;
      out[seg.param] = decode(seg.type, raw);
    }
    if (expiry !== undefined && this.now() > expiry) return 'expired';
    return out;
  }

  private encodedLength(parts: string[]): number {
    return this.namespace.length + 1 + parts.join(':').length + (this.expiresAfterMs === undefined ? 0 : 10);
  }
}

function minimumValue(type: ParamType): string {
  if (typeof type !== 'string') return type.reduce((a, b) => (b.length < a.length ? b : a), type[0] ?? '');
  return type === 'string' ? '' : '0';
}

function parseTemplate(template: string, params: ParamSpec): Segment[] {
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

/** Whether every id `later` can match is already matched by `earlier` (same arity, position by position). */
function shadows(earlier: Route<ParamSpec>, later: Route<ParamSpec>): boolean {
  if (earlier.segments.length !== later.segments.length) return false;
  if ((earlier.expiresAfterMs === undefined) !== (later.expiresAfterMs === undefined)) return false;
  return earlier.segments.every((e, i) => {
    const l = later.segments[i]!;
    if ('literal' in e) return 'literal' in l && l.literal === e.literal;
    return 'literal' in l ? accepts(e.type, l.literal) : subset(l.type, e.type);
  });
}

export type RouteHandler<S extends ParamSpec, Ctx, R> = (params: ParamValues<S>, ctx: Ctx) => R;

/** The default for unknown or expired ids: an ephemeral notice instead of "This interaction failed". */
export function expiredComponentReply(miss: RouteMiss): { type: 4; data: { content: string; flags: 64 } } {
  const content = miss.reason === 'expired' ? 'This button has expired. Run the command again.' : 'This button is no longer available.';
  return { type: 4, data: { content, flags: 64 } };
}

export interface CustomIdRouterOptions<Ctx, F> {
  /** Called for ids of this namespace that match no route, or whose route expired. */
  fallback?: (miss: RouteMiss, ctx: Ctx) => F;
  /** Clock for expiring routes (tests inject one). */
  now?: () => number;
}

/**
 * One plugin's custom_id router. Exact routes (no parameters) are looked up first; patterns are tried in
 * registration order, and a route that an earlier one would always shadow, or a duplicate, is refused.
 */
export class CustomIdRouter<Ctx = void, R = unknown, F = ReturnType<typeof expiredComponentReply>> {
  private readonly exact = new Map<string, { route: Route<ParamSpec>; handler: RouteHandler<ParamSpec, Ctx, R> }>();
  private readonly patterns: { route: Route<ParamSpec>; handler: RouteHandler<ParamSpec, Ctx, R> }[] = [];
  private readonly fallback: (miss: RouteMiss, ctx: Ctx) => F;
  private readonly now: () => number;

  constructor(readonly namespace: string, options: CustomIdRouterOptions<Ctx, F> = {}) {
    if (!NAMESPACE.test(namespace)) fail('INVALID_ROUTE', `namespace ${JSON.stringify(namespace)} must be 1–40 letters, digits, "_", "-" or "."`);
    this.fallback = options.fallback ?? ((miss) => expiredComponentReply(miss) as F);
    this.now = options.now ?? Date.now;
  }

  /**
   * Registers `template` (`"ticket:close:{id}"`) with typed parameters (`{ id: "snowflake" }`) and returns the
   * route, whose `encode()` mints ids. Throws INVALID_ROUTE for duplicates and shadowed patterns.
   */
  route<S extends ParamSpec>(template: string, params: S, handler: RouteHandler<S, Ctx, R>, options: { expiresAfterMs?: number } = {}): Route<S> {
    const route = new Route(this.namespace, template, params, options.expiresAfterMs, this.now);
    const entry = { route: route as unknown as Route<ParamSpec>, handler: handler as unknown as RouteHandler<ParamSpec, Ctx, R> };
    if (route.isExact) {
      if (this.exact.has(template)) fail('INVALID_ROUTE', `route ${JSON.stringify(template)} is already registered`);
      this.exact.set(template, entry);
      return route;
    }
    for (const earlier of this.patterns) {
      if (shadows(earlier.route, entry.route)) {
        const same = shadows(entry.route, earlier.route);
        fail(
          'INVALID_ROUTE',
          same
            ? `route ${JSON.stringify(template)} duplicates ${JSON.stringify(earlier.route.template)}`
            : `route ${JSON.stringify(template)} is shadowed by ${JSON.stringify(earlier.route.template)}, registered earlier, which matches every id it could`,
          same ? undefined : 'register the more specific route first',
        );
      }
    }
    this.patterns.push(entry);
    return route;
  }

  /** Shorthand for a route without parameters: `router.exact("yes", handler).encode()` → `"ns:yes"`. */
  exactRoute(name: string, handler: RouteHandler<Record<never, ParamType>, Ctx, R>): Route<Record<never, ParamType>> {
    return this.route(name, {}, handler);
  }

  /** What a custom_id resolves to, without running anything. */
  match(customId: string): RouteMatch {
    const ns = namespaceOf(customId);
    if (ns !== this.namespace) return { kind: 'foreign', namespace: ns };
    const rest = customId.slice(this.namespace.length + 1);
    const exact = this.exact.get(rest);
    if (exact) return { kind: 'route', template: exact.route.template, params: {} };
    const parts = rest.split(':');
    let expired: string | undefined;
    for (const { route } of this.patterns) {
      const m = route.matchParts(parts);
      if (m === 'expired') expired ??= route.template;
      else if (m !== undefined) return { kind: 'route', template: route.template, params: m };
    }
    if (expired !== undefined) return { kind: 'miss', miss: { reason: 'expired', customId, template: expired } };
    return { kind: 'miss', miss: { reason: 'unknown', customId } };
  }

  /**
   * Runs the handler for `customId`, or the fallback for unknown and expired ids. An id from another namespace
   * throws (INVALID_ROUTE): a plugin's router never handles another plugin's clicks.
   */
  dispatch(customId: string, ctx: Ctx): R | F {
    const m = this.match(customId);
    if (m.kind === 'foreign') {
      fail('INVALID_ROUTE', `custom_id ${JSON.stringify(customId.slice(0, 40))} belongs to namespace ${JSON.stringify(m.namespace ?? '')}, not ${JSON.stringify(this.namespace)}`);
    }
    if (m.kind === 'miss') return this.fallback(m.miss, ctx);
    const entry = this.exact.get(customId.slice(this.namespace.length + 1)) ?? this.patterns.find((p) => p.route.template === m.template)!;
    return entry.handler(m.params as ParamValues<ParamSpec>, ctx);
  }
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
  if (!NAMESPACE.test(namespace)) fail('INVALID_ROUTE', `namespace ${JSON.stringify(namespace)} must be 1–40 letters, digits, "_", "-" or "."`);
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
