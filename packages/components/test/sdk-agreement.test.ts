/**
 * The Python SDK's component classes (packages/sandbox-runner/python/mmo_maid_sdk/components.py) and this
 * package agree on a shared table of cases. Format, one entry per case:
 *   { "name": string, "kind": "button" | "select" | "row" | "text_input",
 *     "args": { ...Python keyword arguments... },           // rows: { components: [{ kind, args }, …] }
 *     "expected": { ...Discord JSON... }                     // valid cases
 *     "invalid": true, "error": "<word the issue names>" }   // cases the SDK or the host must refuse
 * Both tables are read when present: the runner's `python/tests/component_cases.json` and our
 * `test/fixtures/sdk-cases.json` (cases the runner's table lacks, mostly limits only the host checks).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ActionRow,
  Button,
  ComponentBuilder,
  SelectMenu,
  SelectOption,
  TextInput,
  validateMessageComponents,
  validateModal,
  type ValidationIssue,
} from '../src/index.js';

interface Case {
  name: string;
  kind: 'button' | 'select' | 'row' | 'text_input';
  args: Record<string, unknown>;
  expected?: Record<string, unknown>;
  invalid?: boolean;
  error?: string;
}

const TABLES = [
  fileURLToPath(new URL('../../sandbox-runner/python/tests/component_cases.json', import.meta.url)),
  fileURLToPath(new URL('./fixtures/sdk-cases.json', import.meta.url)),
].filter((p) => existsSync(p));

const cases: (Case & { table: string })[] = TABLES.flatMap((p) =>
  (JSON.parse(readFileSync(p, 'utf8')) as Case[]).map((c) => ({ ...c, table: p.includes('sandbox-runner') ? 'python' : 'components' })),
);

/**
 * Deliberate differences, each with its reason; the test asserts they still differ, so a change on either
 * side shows up here.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'numeric button style':
    'the seed API takes string styles only; the TypeScript builders also take discord-api-types numbers (ButtonStyle.Primary), as fromJSON needs',
};

/** Python kwargs → our builder, field for field (the SDK's positional-free form). */
function build(kind: Case['kind'], args: Record<string, unknown>): ComponentBuilder<unknown> {
  switch (kind) {
    case 'button':
      return new Button(args as never);
    case 'text_input':
      return new TextInput(args as never);
    case 'select': {
      const options = (args.options as Record<string, unknown>[] | undefined) ?? [];
      return new SelectMenu({ ...(args as object), options: options.map((o) => new SelectOption(o as never)) });
    }
    case 'row':
      return new ActionRow((args.components as { kind: Case['kind']; args: Record<string, unknown> }[]).map((c) => build(c.kind, c.args) as never));
  }
}

/**
 * Discord reads an absent boolean as its default, and the SDK writes booleans only when they differ from it
 * (`disabled`/`default` when true, text input `required` when false); the builders keep what they were given.
 */
function normalize(json: unknown, parentType?: number): unknown {
  if (Array.isArray(json)) return json.map((j) => normalize(j, parentType));
  if (typeof json !== 'object' || json === null) return json;
  const o = json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if ((k === 'disabled' || k === 'default') && v === false) continue;
    if (k === 'required' && v === true && o.type === 4) continue;
    out[k] = normalize(v, typeof o.type === 'number' ? o.type : parentType);
  }
  return out;
}

/** Validates a case's JSON where it would be sent: buttons and selects in a message row, text inputs in a modal row. */
function validateInPlace(kind: Case['kind'], json: unknown): ValidationIssue[] {
  switch (kind) {
    case 'row':
      return validateMessageComponents([json]);
    case 'text_input':
      return validateModal({ title: 'T', custom_id: 'modal', components: [{ type: 1, components: [json] }] });
    default:
      return validateMessageComponents([{ type: 1, components: [json] }]);
  }
}

describe('shared component table with the Python SDK', () => {
  it('GIVEN the tables THEN at least the runner table is present and non-empty', () => {
    expect(TABLES.length).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(10);
  });

  const valid = cases.filter((c) => !c.invalid);
  const invalid = cases.filter((c) => c.invalid);

  it.each(valid.map((c) => [`${c.table}: ${c.name}`, c] as const))('%s', (_label, c) => {
    expect(c.expected, 'valid cases carry expected JSON').toBeDefined();
    expect(validateInPlace(c.kind, c.expected)).toEqual([]);
    const built = build(c.kind, c.args).toJSON();
    expect(normalize(built)).toEqual(normalize(c.expected));
  });

  it.each(invalid.map((c) => [`${c.table}: ${c.name} (invalid)`, c] as const))('%s', (_label, c) => {
    const builder = build(c.kind, c.args);
    const issues = validateInPlace(c.kind, builder.toJSON(false));
    if (KNOWN_DIFFERENCES[c.name] !== undefined) {
      expect(issues, KNOWN_DIFFERENCES[c.name]).toEqual([]);
      return;
    }
    expect(issues.length).toBeGreaterThan(0);
    if (c.expected !== undefined) expect(validateInPlace(c.kind, c.expected).length).toBeGreaterThan(0);
    if (c.error !== undefined) {
      expect(issues.some((i) => `${i.path} ${i.message}`.includes(c.error!)), JSON.stringify(issues)).toBe(true);
    }
    expect(() => builder.toJSON()).toThrow();
  });
});
