import { EVENT_NAMES, EventPayloadSchemas, validateParams } from '@maidkit/rpc-protocol';

type Check = (value: unknown) => boolean;

/** Keywords the compiler understands; a schema using anything else is left to ajv entirely. */
const KNOWN = new Set(['type', 'minLength', 'maxLength', 'properties', 'required', 'items', 'additionalProperties', 'anyOf', 'description']);

/**
 * Compiles the subset of JSON Schema the event payload schemas use into plain closures. Dispatch is
 * the host's hottest path: this accepts a valid payload in a fraction of ajv's time with the
 * `if/then` chain over 16 events; anything it rejects is re-checked by `validateParams`, whose issue
 * list (JSON Pointers, codes) is what callers see. The test suite checks both agree.
 */
function compile(schema: Record<string, unknown>): Check | undefined {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) return undefined;
  const checks: Check[] = [];
  if (Array.isArray(schema['anyOf'])) {
    const alternatives = (schema['anyOf'] as Array<Record<string, unknown>>).map(compile);
    if (alternatives.some((a) => a === undefined)) return undefined;
    const alts = alternatives as Check[];
    checks.push((v) => alts.some((a) => a(v)));
  }
  const type = schema['type'];
  if (type !== undefined) {
    if (typeof type !== 'string') return undefined;
    const typeCheck: Record<string, Check> = {
      string: (v) => typeof v === 'string',
      boolean: (v) => typeof v === 'boolean',
      integer: (v) => typeof v === 'number' && Number.isInteger(v),
      number: (v) => typeof v === 'number' && Number.isFinite(v),
      null: (v) => v === null,
      array: (v) => Array.isArray(v),
      object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    };
    const check = typeCheck[type];
    if (!check) return undefined;
    checks.push(check);
  }
  const { minLength, maxLength } = schema as { minLength?: number; maxLength?: number };
  // JSON Schema counts code points, not UTF-16 units.
  const length = (s: string) => (/[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length);
  if (minLength !== undefined) checks.push((v) => typeof v !== 'string' || length(v) >= minLength);
  if (maxLength !== undefined) checks.push((v) => typeof v !== 'string' || length(v) <= maxLength);
  if (schema['items'] !== undefined) {
    const item = compile(schema['items'] as Record<string, unknown>);
    if (!item) return undefined;
    checks.push((v) => !Array.isArray(v) || v.every(item));
  }
  const required = (schema['required'] as string[] | undefined) ?? [];
  const properties = Object.entries((schema['properties'] as Record<string, Record<string, unknown>> | undefined) ?? {});
  const compiled: Array<[string, Check]> = [];
  for (const [name, sub] of properties) {
    const check = compile(sub);
    if (!check) return undefined;
    compiled.push([name, check]);
  }
  let extra: Check | undefined;
  if (schema['additionalProperties'] !== undefined) {
    if (typeof schema['additionalProperties'] !== 'object') return undefined;
    extra = compile(schema['additionalProperties'] as Record<string, unknown>);
    if (!extra) return undefined;
  }
  if (required.length > 0 || compiled.length > 0 || extra) {
    const known = new Set(compiled.map(([n]) => n));
    const extraCheck = extra;
    checks.push((v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return true;
      const o = v as Record<string, unknown>;
      for (const name of required) if (!Object.hasOwn(o, name)) return false;
      for (const [name, check] of compiled) if (Object.hasOwn(o, name) && !check(o[name])) return false;
      if (extraCheck) for (const key of Object.keys(o)) if (!known.has(key) && !extraCheck(o[key])) return false;
      return true;
    });
  }
  return (v) => checks.every((c) => c(v));
}

const FAST = new Map<string, Check | undefined>(EVENT_NAMES.map((name) => [name, compile(EventPayloadSchemas[name].json as Record<string, unknown>)]));

/** Every problem with an event payload (empty when valid), as `validateParams('event', …)` reports them. */
export function eventPayloadIssues(name: string, payload: unknown): ReturnType<typeof validateParams> {
  const fast = FAST.get(name);
  if (fast && fast(payload)) return [];
  return validateParams('event', { ctx: { install_id: 'x', server_id: '0' }, name, payload });
}
