import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { getMethod } from './methods.js';
import type { JsonSchema } from './schema.js';

/** One problem with a message's params: where (JSON Pointer into params), a stable code, and a sentence. */
export interface Issue {
  path: string;
  code: string;
  message: string;
}

let ajv: Ajv | undefined;
const paramValidators = new Map<string, ValidateFunction>();
const resultValidators = new Map<string, ValidateFunction>();

function compiler(): Ajv {
  // strict:false because descriptions sit beside `if/then` branches; allErrors so every problem is reported at once.
  ajv ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  return ajv;
}

function compiled(cache: Map<string, ValidateFunction>, method: string, schema: JsonSchema): ValidateFunction {
  let fn = cache.get(method);
  if (!fn) {
    fn = compiler().compile(schema as object);
    cache.set(method, fn);
  }
  return fn;
}

function toIssues(errors: readonly ErrorObject[] | null | undefined): Issue[] {
  const issues: Issue[] = [];
  for (const e of errors ?? []) {
    // `if` only says "a then-branch failed"; the branch's own errors carry the detail.
    if (e.keyword === 'if') continue;
    let path = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      path = `${path}/${escapePointer(missing)}`;
      message = `is required`;
    } else if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = `${path}/${escapePointer(extra)}`;
      message = 'is not allowed here';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    issues.push({ path, code: e.keyword, message });
  }
  return issues;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Check inbound params against the method's JSON Schema. Returns every problem at once (empty = valid);
 * an unknown method is one issue with code `unknown_method`.
 */
export function validateParams(method: string, params: unknown): Issue[] {
  const d = getMethod(method);
  if (!d) return [{ path: '', code: 'unknown_method', message: `"${method}" is not a method of the maidkit protocol` }];
  const fn = compiled(paramValidators, d.method, d.params.json);
  return fn(params) ? [] : toIssues(fn.errors);
}

/** Check a request's result against the method's result schema (used by tests and strict hosts). */
export function validateResult(method: string, result: unknown): Issue[] {
  const d = getMethod(method);
  if (!d) return [{ path: '', code: 'unknown_method', message: `"${method}" is not a method of the maidkit protocol` }];
  if (d.kind !== 'request') return [{ path: '', code: 'not_a_request', message: `"${method}" is a notification and has no result` }];
  const fn = compiled(resultValidators, d.method, d.result.json);
  return fn(result) ? [] : toIssues(fn.errors);
}

/** Render issues as one line each: `/payload/channel_id is required (required)`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path || '(params)'} ${i.message} (${i.code})`).join('; ');
}
