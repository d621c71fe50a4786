import { ValidationError, type ValidationIssue } from '../errors/ValidationError.js';
import { isObject } from '../util/checks.js';
import type { Place } from './ComponentWalker.js';
import { isValidationEnabled, validateComponentAt } from './validation.js';

/**
 * Base of every builder: holds Discord-shaped data (enum fields may still be names), turns it into plain
 * API JSON on `toJSON()`, and validates there, never in setters, so a builder can pass through invalid
 * intermediate states and report every problem at once.
 */
export abstract class ComponentBuilder<J> {
  /** Plain JSON, a fresh copy, enums mapped where they are valid (invalid ones are left for validate()). */
  abstract toJSONUnchecked(): J;

  /** Where this component is checked when validated on its own. */
  protected abstract readonly placement: { surface: 'message' | 'modal'; place: Place; root: string };

  /** Every issue, without throwing. Paths are relative to this component. */
  validate(): ValidationIssue[] {
    const p = this.placement;
    return validateComponentAt(this.toJSONUnchecked(), p.surface, p.place, p.root);
  }

  /** Plain Discord API JSON. Validates unless `validate` is false (or validation is globally off). */
  toJSON(validate: boolean = isValidationEnabled()): J {
    const json = this.toJSONUnchecked();
    if (validate) {
      const p = this.placement;
      const issues = validateComponentAt(json, p.surface, p.place, p.root);
      if (issues.length > 0) throw new ValidationError(issues, { subject: `invalid ${p.root}` });
    }
    return json;
  }
}

/** A builder or its JSON; JSON is deep-copied so later edits to the builder's output never alias input. */
export type ComponentLike<J> = ComponentBuilder<J> | J;

export function resolve<J>(value: ComponentLike<J>): J {
  if (value instanceof ComponentBuilder) return value.toJSONUnchecked() as J;
  return clone(value);
}

/** JSON-only deep copy (faster than structuredClone for the small trees components are). */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = clone(value[k]);
    return out as T;
  }
  return value;
}

/** Copies defined fields only (exactOptionalPropertyTypes: absent, never `undefined`). */
export function put(out: Record<string, unknown>, data: object, keys: readonly string[]): void {
  const d = data as Record<string, unknown>;
  for (const k of keys) {
    const v = d[k];
    if (v !== undefined) out[k] = isObject(v) || Array.isArray(v) ? clone(v) : v;
  }
}

/**
 * Copies every defined field except `skip` (handled by the caller), so fields this version does not know
 * survive a fromJSON → toJSON round trip.
 */
export function putAll(out: Record<string, unknown>, data: object, skip?: ReadonlySet<string>): void {
  const d = data as Record<string, unknown>;
  const keys = Object.keys(d);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = d[k];
    if (v === undefined || (skip !== undefined && skip.has(k))) continue;
    out[k] = typeof v === 'object' && v !== null ? clone(v) : v;
  }
}

/**
 * True when `data` has more enumerable keys than `n`. Builders copy their known fields one by one (V8 keeps
 * those objects on one hidden class, which a spread copy followed by more stores does not: its result maps
 * fall out of the transition tree and turn every later store slow), count the defined ones, and ask this
 * whether anything else (an unknown field, an `undefined` value) needs the slow path.
 */
export function moreKeysThan(data: object, n: number): boolean {
  // for-in over a fast object walks its enum cache: cheaper than allocating Object.keys.
  for (const _key in data) if (--n < 0) return true;
  return false;
}

/**
 * The slow path: own fields outside `known` (a newer Discord's, or fromJSON's) with defined values; objects
 * are deep-copied when `deep` (into JSON, so it never aliases the builder), else shared.
 */
export function copyUnknown(out: Record<string, unknown>, data: object, known: ReadonlySet<string>, deep = false): void {
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    const v = d[k];
    if (v !== undefined && !known.has(k)) out[k] = deep && typeof v === 'object' && v !== null ? clone(v) : v;
  }
}

/** The JSON without its `type`, as a builder's constructor data. */
export function withoutType<T extends { type: number }>(json: T): Omit<T, 'type'> {
  const { type: _t, ...rest } = json;
  return rest;
}
