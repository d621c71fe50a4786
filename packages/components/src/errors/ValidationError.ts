/**
 * Every problem this package can report, by stable code. Codes never change meaning; messages may.
 * One table for components, commands, responses and routing, so a host can switch on `code` alone.
 */
export const ValidationErrorCodes = {
  /** A value has the wrong JSON type (string where a number belongs, not an object, …). */
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  /** A required field is absent. */
  REQUIRED: 'REQUIRED',
  /** A field this shape does not document. */
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  /** A string shorter than its minimum. */
  TOO_SHORT: 'TOO_SHORT',
  /** A string longer than its maximum. */
  TOO_LONG: 'TOO_LONG',
  /** A list with fewer entries than its minimum. */
  TOO_FEW: 'TOO_FEW',
  /** A list with more entries than its maximum. */
  TOO_MANY: 'TOO_MANY',
  /** A number outside its range or not an integer where one is needed. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** A string or number that is not one of the allowed values (style, option type, …). */
  INVALID_ENUM: 'INVALID_ENUM',
  /** A slash-command or option name that fails Discord's name pattern. */
  INVALID_NAME: 'INVALID_NAME',
  /** A chat-input name with an upper-case letter that has a lower-case form. */
  NOT_LOWERCASE: 'NOT_LOWERCASE',
  /** A URL that is not http(s):// or discord:// (or attachment:// where media is referenced). */
  INVALID_URL: 'INVALID_URL',
  /** Two interactive components share a custom_id within one message or modal. */
  DUPLICATE_CUSTOM_ID: 'DUPLICATE_CUSTOM_ID',
  /** Two component `id`s are equal within one message or modal. */
  DUPLICATE_ID: 'DUPLICATE_ID',
  /** Two select/radio/checkbox options share a value. */
  DUPLICATE_VALUE: 'DUPLICATE_VALUE',
  /** Two commands, options or choices share a name. */
  DUPLICATE_NAME: 'DUPLICATE_NAME',
  /** A minimum greater than its maximum (min_values, min_length, min_value, …). */
  MIN_GREATER_THAN_MAX: 'MIN_GREATER_THAN_MAX',
  /** More `default` options / default values than the select allows, or fewer than it needs. */
  DEFAULTS_OUT_OF_RANGE: 'DEFAULTS_OUT_OF_RANGE',
  /** A required command option after an optional one. */
  REQUIRED_AFTER_OPTIONAL: 'REQUIRED_AFTER_OPTIONAL',
  /** Two fields that exclude each other, or a field not allowed in this position (url + custom_id, disabled in a modal, content in a v2 message). */
  FIELD_NOT_ALLOWED: 'FIELD_NOT_ALLOWED',
  /** A component or command option in a place its parent does not accept. */
  INVALID_NESTING: 'INVALID_NESTING',
  /** An action row mixing buttons with a select, or holding more than one select. */
  INVALID_ROW: 'INVALID_ROW',
  /** A command whose names, descriptions and choices exceed 8,000 characters in total. */
  COMMAND_TOO_LARGE: 'COMMAND_TOO_LARGE',
  /** More commands of one kind than an application may register. */
  TOO_MANY_COMMANDS: 'TOO_MANY_COMMANDS',
  /** More than 40 components in a components-v2 message (nested count). */
  TOO_MANY_COMPONENTS: 'TOO_MANY_COMPONENTS',
  /** More than 4,000 characters across the Text Displays of one message. */
  TEXT_TOO_LONG: 'TEXT_TOO_LONG',
  /** An interaction response that Discord refuses in this context (modal after modal submit, …). */
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  /** A custom_id route definition that is malformed, duplicated or shadowed. */
  INVALID_ROUTE: 'INVALID_ROUTE',
  /** A custom_id route parameter that cannot be encoded or decoded as its declared type. */
  INVALID_PARAMETER: 'INVALID_PARAMETER',
} as const;

export type ValidationErrorCode = (typeof ValidationErrorCodes)[keyof typeof ValidationErrorCodes];

/** One problem found in a payload. `message` is self-contained and starts with the readable location. */
export interface ValidationIssue {
  code: string;
  /** JSON Pointer (RFC 6901) relative to the value that was validated, e.g. `/0/options/1/name`. */
  path: string;
  message: string;
  hint?: string;
}

/** The one error class of `@maidkit/components`: carries every issue found, not only the first. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  /** The code of the first issue (the array is never empty). */
  readonly code: ValidationErrorCode;
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: { cause?: unknown; subject?: string } = {}) {
    const list = issues.length > 0 ? issues : [{ code: 'TYPE_MISMATCH', path: '', message: 'invalid value' }];
    const head = options.subject ? `${options.subject}: ` : '';
    const summary =
      list.length === 1
        ? `${head}${list[0]!.message}`
        : `${head}${list.length} problems\n${list.map((i) => `  - ${i.message}`).join('\n')}`;
    super(summary, options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = list;
    this.code = list[0]!.code as ValidationErrorCode;
  }

  /** Normalises anything thrown into a ValidationError (kept as-is when it already is one). */
  static fromUnknown(error: unknown): ValidationError {
    if (error instanceof ValidationError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ValidationError([{ code: 'TYPE_MISMATCH', path: '', message }], { cause: error });
  }

  /** The inverse of toJSON(), for the receiving side of a process boundary. */
  static fromJSON(json: { message?: unknown; issues?: unknown }): ValidationError {
    const issues = Array.isArray(json.issues)
      ? json.issues
          .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
          .map((i) => {
            const issue: ValidationIssue = { code: String(i.code ?? 'TYPE_MISMATCH'), path: String(i.path ?? ''), message: String(i.message ?? '') };
            if (typeof i.hint === 'string') issue.hint = i.hint;
            return issue;
          })
      : [];
    return new ValidationError(issues.length > 0 ? issues : [{ code: 'TYPE_MISMATCH', path: '', message: String(json.message ?? 'invalid value') }]);
  }

  /** Plain JSON for crossing a process boundary (the runner sends issues back to the plugin). */
  toJSON(): { name: 'ValidationError'; code: ValidationErrorCode; message: string; issues: ValidationIssue[] } {
    return { name: 'ValidationError', code: this.code, message: this.message, issues: this.issues.map((i) => ({ ...i })) };
  }
}
