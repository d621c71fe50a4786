import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseCanonicalJson } from '../src/canonicalJson.js';
import { IntegrityError } from '../src/IntegrityError.js';

describe('canonical JSON', () => {
  it('sorts keys by UTF-8 bytes, drops whitespace, escapes like JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], A: { z: -0, y: 'é\n"' } })).toBe('{"A":{"y":"é\\n\\"","z":0},"a":[true,null,"x"],"b":1}');
    // U+FF61 sorts before U+1F600 in UTF-8 (and in Go), though UTF-16 code units say otherwise.
    expect(canonicalJson({ '\u{1F600}': 1, '\uFF61': 2 })).toBe('{"\uFF61":2,"\u{1F600}":1}');
  });

  it.each([
    ['a float', { n: 1.5 }],
    ['an unsafe integer', { n: 2 ** 53 }],
    ['NaN', { n: Number.NaN }],
    ['undefined', { n: undefined }],
    ['a lone surrogate', { s: '\ud800' }],
    ['a Date', { d: new Date(0) }],
    ['a bigint', { n: 1n }],
    ['deep nesting', JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown],
  ])('GIVEN %s THEN encoding is refused with encoding_invalid', (_name, value) => {
    expect(() => canonicalJson(value)).toThrowError(expect.objectContaining({ code: 'encoding_invalid' }) as Error);
  });

  it.each([
    ['whitespace', '{"a": 1}'],
    ['unsorted keys', '{"b":1,"a":2}'],
    ['a duplicate key', '{"a":1,"a":1}'],
    ['an exponent', '{"a":1e3}'],
    ['a float', '{"a":1.0}'],
    ['an escaped letter', '{"a":"\\u0061"}'],
  ])('GIVEN text with %s THEN parseCanonicalJson refuses it as statement_not_canonical', (_name, text) => {
    expect(() => parseCanonicalJson(text, 'x')).toThrowError(expect.objectContaining({ code: 'statement_not_canonical' }) as Error);
  });

  it('GIVEN invalid JSON holding a secret THEN the error does not quote the input', () => {
    try {
      parseCanonicalJson('{"secretKey":"TOPSECRET', 'x');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as IntegrityError).code).toBe('statement_malformed');
      expect(String((err as Error).message)).not.toContain('TOPSECRET');
      expect((err as Error).cause).toBeUndefined();
    }
  });

  it('GIVEN any JSON value of integers THEN encode → parse → encode is a fixed point', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(parseCanonicalJson(text, 'x'))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
