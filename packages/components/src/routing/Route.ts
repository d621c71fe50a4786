import { ComponentLimits as L } from '../components/limits.js';
import { textLength } from '../util/checks.js';
import {
  type ParamSpec,
  type ParamValues,
  type Segment,
  accepts,
  decode,
  encode,
  fail,
  minimumValue,
  parseTemplate,
  unescapeValue,
} from './customIdCodec.js';

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
