import type { JsonValue } from './json.js';

/** A JSON Schema (draft 2020-12 subset), as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * A JSON Schema that also carries the TypeScript type it describes, so each method's params are
 * written once and both the compile-time type and the runtime validator come from the same line.
 * `_type` is a phantom: it exists only for the type checker.
 */
export class Schema<T> {
  declare readonly _type: T;
  constructor(
    readonly json: JsonSchema,
    readonly optional: boolean = false,
  ) {}
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Props = Record<string, Schema<unknown>>;
type RequiredKeys<P extends Props> = { [K in keyof P]: P[K]['optional'] extends true ? never : K }[keyof P];
type OptionalKeys<P extends Props> = { [K in keyof P]: P[K]['optional'] extends true ? K : never }[keyof P];
export type ObjectOf<P extends Props> = Simplify<
  { -readonly [K in RequiredKeys<P>]: Infer<P[K]> } & { -readonly [K in OptionalKeys<P>]?: Infer<P[K]> }
>;

/** A schema whose `optional` flag is a literal, so `object()` can tell required from optional keys. */
export class OptionalSchema<T> extends Schema<T> {
  declare readonly optional: true;
  constructor(json: JsonSchema) {
    super(json, true);
  }
}

function withDescription(json: JsonSchema, description?: string): JsonSchema {
  return description === undefined ? json : { ...json, description };
}

/** The schema vocabulary the method files use. Objects are open (extra keys are ignored) unless `closed`. */
export const s = {
  string: (opts: { minLength?: number; maxLength?: number; pattern?: string; format?: string; description?: string } = {}) => {
    const { description, ...rest } = opts;
    return new Schema<string>(withDescription({ type: 'string', ...rest }, description));
  },
  /** A Discord snowflake: a non-empty string of digits (kept loose: any non-empty string). */
  snowflake: (description?: string) => new Schema<string>(withDescription({ type: 'string', minLength: 1, maxLength: 64 }, description)),
  integer: (opts: { minimum?: number; maximum?: number; description?: string } = {}) => {
    const { description, ...rest } = opts;
    return new Schema<number>(withDescription({ type: 'integer', ...rest }, description));
  },
  number: (opts: { minimum?: number; maximum?: number; description?: string } = {}) => {
    const { description, ...rest } = opts;
    return new Schema<number>(withDescription({ type: 'number', ...rest }, description));
  },
  boolean: (description?: string) => new Schema<boolean>(withDescription({ type: 'boolean' }, description)),
  null: () => new Schema<null>({ type: 'null' }),
  /** Any JSON value. */
  json: (description?: string) => new Schema<JsonValue>(withDescription({}, description)),
  literal: <const V extends string | number | boolean>(value: V) => new Schema<V>({ const: value }),
  enum: <const V extends readonly string[]>(values: V, description?: string) =>
    new Schema<V[number]>(withDescription({ type: 'string', enum: [...values] }, description)),
  array: <T>(items: Schema<T>, opts: { minItems?: number; maxItems?: number; description?: string } = {}) => {
    const { description, ...rest } = opts;
    return new Schema<T[]>(withDescription({ type: 'array', items: items.json, ...rest }, description));
  },
  record: <T>(values: Schema<T>, opts: { maxProperties?: number; description?: string } = {}) => {
    const { description, ...rest } = opts;
    return new Schema<Record<string, T>>(withDescription({ type: 'object', additionalProperties: values.json, ...rest }, description));
  },
  object: <P extends Props>(props: P, opts: { closed?: boolean; description?: string } = {}) => {
    const required = Object.keys(props).filter((k) => !props[k]!.optional);
    const json: Record<string, unknown> = {
      type: 'object',
      properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.json])),
    };
    if (required.length > 0) json['required'] = required;
    if (opts.closed) json['additionalProperties'] = false;
    return new Schema<ObjectOf<P>>(withDescription(json, opts.description));
  },
  /** An empty params/result object (extra keys still ignored). */
  empty: () => new Schema<Record<string, never>>({ type: 'object' }),
  nullable: <T>(inner: Schema<T>) => new Schema<T | null>({ anyOf: [inner.json, { type: 'null' }] }),
  union: <S extends readonly Schema<unknown>[]>(...members: S) =>
    new Schema<Infer<S[number]>>({ anyOf: members.map((m) => m.json) }),
  optional: <T>(inner: Schema<T>) => new OptionalSchema<T>(inner.json),
  /** Escape hatch: hand-written JSON Schema with a declared type. */
  raw: <T>(json: JsonSchema) => new Schema<T>(json),
};
