import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonicalJson.js';
import { encodeSignedRelease, parseSignedRelease, signRelease } from '../src/release.js';
import { MAX_STATEMENT_BYTES } from '../src/statement.js';
import { pluginZip, T0, testKey } from './helpers/fixtures.js';

const { zipBytes, files } = pluginZip();
const good = encodeSignedRelease(signRelease({ pluginId: 'my_plugin', version: '1.0.0', zipBytes, files, issuedAt: T0, expiresIn: 60 }, testKey(1)));
const parsed = JSON.parse(good) as { statement: Record<string, unknown>; signatures: Record<string, unknown>[] };
const withStatement = (patch: Record<string, unknown>) => canonicalJson({ ...parsed, statement: { ...parsed.statement, ...patch } });

describe('parseSignedRelease on hostile input', () => {
  it('GIVEN the file as written THEN it parses, with or without the final LF, as text or bytes', () => {
    expect(parseSignedRelease(good).statement.pluginId).toBe('my_plugin');
    expect(parseSignedRelease(good.trimEnd()).statement.version).toBe('1.0.0');
    expect(parseSignedRelease(new TextEncoder().encode(good)).signatures).toHaveLength(1);
  });

  const cases: [string, string | Uint8Array, string, string?][] = [
    ['a top-level array', '[]', 'statement_malformed'],
    ['a number', '1', 'statement_malformed'],
    ['a UTF-8 BOM', `\uFEFF${good}`, 'statement_malformed'],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d]), 'statement_malformed'],
    ['two final newlines', `${good}\n`, 'statement_not_canonical'],
    ['CRLF', `${good.trimEnd()}\r\n`, 'statement_not_canonical'],
    ['more than 64 KiB', `{"x":"${'a'.repeat(MAX_STATEMENT_BYTES)}"}`, 'statement_malformed'],
    ['an extra envelope field', canonicalJson({ ...parsed, note: 'hi' }), 'statement_malformed', '/note'],
    ['a __proto__ field in the statement', good.replace('{"bundleDigest"', '{"__proto__":{"polluted":1},"bundleDigest"'), 'statement_malformed', '/statement/__proto__'],
    ['no signatures', canonicalJson({ ...parsed, signatures: [] }), 'statement_malformed', '/signatures'],
    ['17 signatures', canonicalJson({ ...parsed, signatures: Array(17).fill(parsed.signatures[0]) }), 'statement_malformed', '/signatures'],
    ['a signature with an extra field', canonicalJson({ ...parsed, signatures: [{ ...parsed.signatures[0], alg: 'none' }] }), 'signature_malformed', '/signatures/0/alg'],
    ['an uppercase fingerprint', canonicalJson({ ...parsed, signatures: [{ ...parsed.signatures[0], fp: String(parsed.signatures[0]!.fp).toUpperCase() }] }), 'signature_malformed', '/signatures/0/fp'],
    ['"v" as a string', withStatement({ v: '1' }), 'statement_unknown_version', '/statement/v'],
    ['an unknown type', withStatement({ type: 'maidkit.other' }), 'statement_malformed', '/statement/type'],
    ['a size that is negative', withStatement({ size: -1 }), 'statement_malformed', '/statement/size'],
    ['expiresAt before issuedAt', withStatement({ expiresAt: T0 - 1 }), 'statement_malformed', '/statement/expiresAt'],
    ['unsorted capabilities', withStatement({ capabilities: ['b', 'a'] }), 'statement_malformed', '/statement/capabilities'],
    ['a plugin id with ":"', withStatement({ pluginId: 'a:b' }), 'statement_malformed', '/statement/pluginId'],
    ['a version that is not SemVer', withStatement({ version: '1.0' }), 'statement_malformed', '/statement/version'],
    ['an uppercase zipSha256', withStatement({ zipSha256: String(parsed.statement.zipSha256).toUpperCase() }), 'statement_malformed', '/statement/zipSha256'],
    ['a bundleDigest without h1:', withStatement({ bundleDigest: String(parsed.statement.bundleDigest).slice(3) }), 'statement_malformed', '/statement/bundleDigest'],
  ];

  for (const [name, input, code, path] of cases) {
    it(`GIVEN ${name} THEN ${code}${path ? ` at ${path}` : ''}`, () => {
      expect(() => parseSignedRelease(input)).toThrowError(expect.objectContaining({ code, ...(path ? { path } : {}) }) as Error);
    });
  }

  it('GIVEN several bad fields THEN one error lists every problem', () => {
    try {
      parseSignedRelease(withStatement({ size: -1, version: 'x', pluginId: '' }));
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      for (const field of ['/statement/size', '/statement/version', '/statement/pluginId']) expect(message).toContain(field);
    }
  });

  it('GIVEN a parsed statement with __proto__ THEN Object.prototype is untouched', () => {
    try {
      parseSignedRelease(good.replace('{"bundleDigest"', '{"__proto__":{"polluted":1},"bundleDigest"'));
    } catch {
      // refused, as above
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
