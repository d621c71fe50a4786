import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import casaSchema from '../schemas/casa-manifest.schema.json';
import dashboardSchema from '../schemas/dashboard-manifest.schema.json';
import mcdrLinkedSchema from '../schemas/mcdr-linked-directory-plugin.schema.json';
import mcdrSchema from '../schemas/mcdr-plugin.schema.json';
import mmoSchema from '../schemas/mmo-maid-manifest.schema.json';
import { MANIFEST_CODES, WARNING_CODES } from './codes.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { didYouMean } from './editDistance.js';

/** The JSON Schemas, as plain objects (also shipped as files: `@maidkit/manifest/schemas/<name>`). */
export const SCHEMAS = {
  'mmo-maid-manifest': mmoSchema,
  'dashboard-manifest': dashboardSchema,
  'casa-manifest': casaSchema,
  'mcdr-plugin': mcdrSchema,
  'mcdr-linked-directory-plugin': mcdrLinkedSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** Diagnostic code prefix for each schema's generic rules (missing_field, wrong_type…). */
const PREFIX: Record<SchemaName, string> = {
  'mmo-maid-manifest': 'manifest',
  'dashboard-manifest': 'dashboard',
  'casa-manifest': 'casa',
  'mcdr-plugin': 'mcdr',
  'mcdr-linked-directory-plugin': 'mcdr',
};

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    if (!ajv) {
      // allErrors: report every problem at once. verbose: errors carry parentSchema, where x-code lives.
      ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
      ajv.addKeyword({ keyword: 'x-code', schemaType: ['string', 'object'] });
      ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
    }
    v = ajv.compile(SCHEMAS[name]);
    compiled.set(name, v);
  }
  return v;
}

/** Validates `value` against one schema and turns ajv's errors into diagnostics with stable codes. */
export function validateWithSchema(name: SchemaName, value: unknown, file: string): Diagnostic[] {
  const validate = validator(name);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // An anyOf reports each branch's failure too; keep only its own summary.
  const anyOf = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const seen = new Set<string>();
  return errors
    .filter((e) => !anyOf.some((p) => e.schemaPath.startsWith(p)))
    .flatMap((e) => toDiagnostic(e, PREFIX[name], file))
    .filter((d) => {
      // One rule, one place, one report: "" breaks both minLength and pattern of the same rule.
      const key = `${d.code}\u0000${d.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

interface Annotated {
  'x-code'?: string | Record<string, string>;
  'x-hint'?: string;
  properties?: Record<string, unknown>;
  enum?: unknown[];
}

function codeFor(error: ErrorObject, prefix: string): string {
  const parent = (error.parentSchema ?? {}) as Annotated;
  const annotated = parent['x-code'];
  if (typeof annotated === 'object' && Object.hasOwn(annotated, error.keyword)) return annotated[error.keyword]!;
  switch (error.keyword) {
    case 'required':
      return `${prefix}.missing_field`;
    case 'additionalProperties':
      return `${prefix}.unknown_field`;
    case 'type':
      return `${prefix}.wrong_type`;
    default:
      return typeof annotated === 'string' ? annotated : `${prefix}.invalid_value`;
  }
}

/** A table sentence continued after a dash: "A capability …" → "a capability …" (acronyms kept). */
function continued(rule: string): string {
  return /^[A-Z][a-z ]/.test(rule) ? rule[0]!.toLowerCase() + rule.slice(1) : rule;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v);
  return `${typeof v} ${String(v)}`;
}

function toDiagnostic(error: ErrorObject, prefix: string, file: string): Diagnostic[] {
  // `if` failures only say which `then` failed; the `then`'s own error carries the real problem.
  if (error.keyword === 'if') return [];
  const parent = (error.parentSchema ?? {}) as Annotated;
  const code = codeFor(error, prefix);
  const severity = WARNING_CODES.has(code) ? 'warning' : 'error';
  let path = error.instancePath;
  let message: string;
  let hint = parent['x-hint'];
  const where = path === '' ? file : path;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = String(params['missingProperty']);
      path = `${path}/${field}`;
      message = `${where === file ? '' : where + ': '}missing required field "${field}"`;
      break;
    }
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      path = `${path}/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      message = `${where === file ? '' : where + ': '}unknown field "${field}"`;
      const near = didYouMean(field, Object.keys(parent.properties ?? {}));
      hint = near ? `Did you mean "${near}"?` : 'Remove it, or check the spelling against the schema.';
      break;
    }
    case 'type':
      message = `${where}: must be ${String(params['type']).split(',').join(' or ')}, got ${describeValue(error.data)}`;
      hint = undefined;
      break;
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]) ?? [];
      const list = allowed.map((a) => JSON.stringify(a)).join(', ');
      const rule = Object.hasOwn(MANIFEST_CODES, code) ? MANIFEST_CODES[code as keyof typeof MANIFEST_CODES] : undefined;
      // Long lists go to the hint, so the message stays one readable line.
      message = allowed.length > 6 && rule ? `${where}: ${describeValue(error.data)} — ${continued(rule)}` : `${where}: ${describeValue(error.data)} is not one of ${list}`;
      const near = typeof error.data === 'string' ? didYouMean(error.data, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      hint = near ? `Did you mean "${near}"?` : allowed.length > 6 ? `Use one of ${list}.` : hint;
      break;
    }
    case 'uniqueItems':
      message = `${where}: items ${String(params['j'])} and ${String(params['i'])} are the same`;
      hint = 'Remove the repeated item.';
      break;
    default: {
      const rule = Object.hasOwn(MANIFEST_CODES, code) && !code.endsWith('.invalid_value') ? MANIFEST_CODES[code as keyof typeof MANIFEST_CODES] : `${error.message ?? 'is invalid'}`;
      message = `${where}: ${describeValue(error.data)} — ${continued(rule)}`;
    }
  }
  return [diagnostic(code, severity, path, message, { file, hint })];
}
