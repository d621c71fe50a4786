import { compareCodePoints } from './encoding.js';
import { IntegrityError } from './IntegrityError.js';

/** The values canonical JSON can carry: no floats, no undefined, plain objects only. */
export type CanonicalJson = null | boolean | number | string | CanonicalJson[] | { [key: string]: CanonicalJson };

const MAX_DEPTH = 32;
// In `u` mode a paired surrogate is one code point, so this matches only lone surrogates.
const LONE_SURROGATE = /\p{Cs}/u;


/**
 * maidkit canonical JSON (what signatures cover):
 * - objects: keys sorted by their UTF-8 bytes, no duplicates, plain objects only;
 * - no whitespace anywhere; `,` and `:` separators;
 * - numbers: safe integers only (|n| ≤ 2^53−1), written in decimal without exponent, `-0` as `0`;
 * - strings: ECMAScript JSON.stringify escaping (`\"`, `\\`, `\b\f\n\r\t`, other C0 controls as
 *   `\u00xx`), everything else as raw UTF-8; lone surrogates are refused;
 * - the result is encoded as UTF-8 without BOM.
 * Floats are refused rather than formatted, which removes the one part of JSON where encoders disagree.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '', 0);
}

function encode(value: unknown, path: string, depth: number): string {
  if (depth > MAX_DEPTH) throw new IntegrityError('encoding_invalid', `nesting deeper than ${MAX_DEPTH} at ${path || '/'}`, { path: path || '/' });
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new IntegrityError('encoding_invalid', `${path || '/'} is ${value}: canonical JSON allows only safe integers`, { path: path || '/' });
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new IntegrityError('encoding_invalid', `${path || '/'} contains a lone surrogate`, { path: path || '/' });
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => encode(v, `${path}/${i}`, depth + 1)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new IntegrityError('encoding_invalid', `${path || '/'} is not a plain object`, { path: path || '/' });
      }
      const keys = Object.keys(value).sort(compareCodePoints);
      const record = value as Record<string, unknown>;
      const members = keys.map((k) => {
        if (LONE_SURROGATE.test(k)) throw new IntegrityError('encoding_invalid', `a key under ${path || '/'} contains a lone surrogate`, { path: path || '/' });
        return `${JSON.stringify(k)}:${encode(record[k], `${path}/${k}`, depth + 1)}`;
      });
      return `{${members.join(',')}}`;
    }
    default:
      throw new IntegrityError('encoding_invalid', `${path || '/'} is ${typeof value}, which JSON cannot carry`, { path: path || '/' });
  }
}

/**
 * Parses text that must already be canonical: re-encoding the parsed value must give the same text.
 * This refuses whitespace, duplicate keys (JSON.parse keeps the last), floats, exponents, escapes
 * written another way, so exactly one byte string stands for each value.
 */
export function parseCanonicalJson(text: string, what: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The SyntaxError quotes the input; leave it out so nothing secret can leak through a message.
    throw new IntegrityError('statement_malformed', `${what} is not valid JSON`);
  }
  let again: string;
  try {
    again = canonicalJson(parsed);
  } catch (err) {
    throw new IntegrityError('statement_not_canonical', `${what} holds a value canonical JSON cannot carry: ${(err as Error).message}`);
  }
  if (again !== text) {
    throw new IntegrityError('statement_not_canonical', `${what} is valid JSON but not canonical (sorted keys, no whitespace, integers only)`, {
      hint: 'Do not reformat statement files; write them with encodeSignedStatement() or `maidkit sign`.',
    });
  }
  return parsed;
}
