import {
  NAMESPACE,
  type ParamSpec,
  type ParamType,
  type ParamValues,
  type RouteMiss,
  type RouteMatch,
  accepts,
  fail,
  namespaceOf,
  subset,
} from './customIdCodec.js';
import { Route } from './Route.js';

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
    if (!NAMESPACE.test(namespace)) fail('INVALID_ROUTE', `namespace ${JSON.stringify(namespace)} must be 1–64 letters, digits, "_", "-" or "."`);
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
