import { resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePython, parseJsonFile, validateCasaManifest, validateEntryPath, validateMcdrMetadata, validateMmoManifest, validateProxyDomain } from '../src/index.js';
import { casaManifest } from './helpers/fixtures.js';

const base = { id: 'my_plugin', name: 'My Plugin', version: '1.0.0', description: 'd' };
const idCodes = (id: unknown) => validateMmoManifest({ ...base, id }).diagnostics.map((d) => d.code);
const lower = 'abcdefghijklmnopqrstuvwxyz';
const chars = (alphabet: string) => fc.constantFrom(...alphabet.split(''));

describe('properties: manifest ids and names', () => {
  it('every id of a-z, 0-9, _ and - starting with a letter, 2-64 long, is accepted', () => {
    fc.assert(
      fc.property(chars(lower), fc.array(chars(lower + '0123456789_-'), { minLength: 1, maxLength: 63 }), (first, rest) => {
        expect(idCodes(first + rest.join(''))).toEqual([]);
      }),
    );
  });

  it('any id holding a character outside that alphabet is refused as manifest.invalid_id', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[a-z0-9_-]/.test(c)), fc.string({ maxLength: 20 }), (a, bad, b) => {
        expect(idCodes(`a${a}${bad}${b}`)).toContain('manifest.invalid_id');
      }),
    );
  });

  it('a name is accepted iff it has a non-space character and at most 100 code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (name) => {
        const ok = /\S/u.test(name) && [...name].length <= 100 && name.length > 0;
        const codes = validateMmoManifest({ ...base, name }).diagnostics.map((d) => d.code);
        expect(codes.includes('manifest.invalid_name')).toBe(!ok);
      }),
    );
  });

  it('Casa and MCDR ids follow their own alphabets', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (id) => {
        const casa = validateCasaManifest(casaManifest({ id })).diagnostics.some((d) => d.code === 'casa.invalid_id');
        expect(casa).toBe(!/^[a-z0-9-]{3,32}$/.test(id));
        const mcdr = validateMcdrMetadata({ id }).diagnostics.some((d) => d.code === 'mcdr.invalid_id');
        expect(mcdr).toBe(!/^[a-z][a-z0-9_]{0,63}$/.test(id));
      }),
    );
  });
});

describe('properties: paths', () => {
  const segment = fc.oneof(fc.constantFrom('..', '.', '', 'a', 'B', 'C:', 'con', 'x\\y', '\u0000', 'é', 'e\u0301', '\u202e'), fc.string({ maxLength: 8 }));

  it('a path the bundle rules accept never resolves outside the bundle root', () => {
    const root = resolve('/srv/plugin-root');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segs) => {
        const path = segs.join('/');
        if (validateEntryPath(path).length > 0) return;
        const target = resolve(root, ...path.split('/'));
        expect(target.startsWith(root + sep)).toBe(true);
      }),
    );
  });

  it('a path with a ".." segment anywhere is always refused', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { maxLength: 4 }), (before, after) => {
        const codes = validateEntryPath([...before, '..', ...after].join('/')).map((d) => d.code);
        expect(codes).toContain('zip.path_traversal');
      }),
    );
  });
});

describe('properties: proxy domains and parsers', () => {
  it('an accepted proxy domain is exactly the hostname a URL would have (no scheme, port, path or userinfo smuggled)', () => {
    const label = fc.array(chars('abcxyz019-.:/@*_[]'), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(label, fc.string({ maxLength: 30 })), (raw) => {
        const r = validateProxyDomain(raw);
        if (r.domain === undefined) {
          expect(r.diagnostics.length).toBeGreaterThan(0);
          return;
        }
        const host = r.domain.replace(/^\*\./, 'wild.');
        expect(new URL(`https://${host}/`).hostname).toBe(host);
      }),
    );
  });

  it('the JSON reader agrees with JSON.parse on every JSON document', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 5 }), (text) => {
        const r = parseJsonFile(text, 'x.json');
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(r.value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('no text inside a string literal ever becomes a top-level function', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('', 'r', 'b', 'f', 'rb', 'u'), fc.boolean(), (text, prefix, triple) => {
        const body = `\ndef injected(api):\n    ${text}\n`;
        // JSON string escapes are valid Python escapes; raw/bytes/f prefixes keep the body inert too.
        const escaped = JSON.stringify(body).slice(1, -1).replace(/[{}]/g, (c) => c + c);
        const q = triple ? '"""' : '"';
        const src = `x = ${prefix}${q}${escaped}${q}\ndef real(api):\n    pass\n`;
        expect(analyzePython(src).functions.map((f) => f.name)).toEqual(['real']);
      }),
    );
  });
});

describe('properties: hostile input never crashes a validator', () => {
  const jsonish = fc.oneof(
    fc.anything(),
    fc.record({ id: fc.anything(), name: fc.anything(), version: fc.anything(), capabilities_required: fc.anything(), slash_commands: fc.anything(), proxy_domains_requested: fc.anything(), tags: fc.anything() }, { requiredKeys: [] }),
    fc.record({ pages: fc.array(fc.record({ id: fc.anything(), title: fc.string(), widgets: fc.array(fc.record({ id: fc.string(), type: fc.constantFrom('chart', 'form', 'table', 'x'), rpc_method: fc.string(), fields: fc.anything() }, { requiredKeys: [] })) }, { requiredKeys: [] })) }, { requiredKeys: [] }),
  );

  it('every validator returns diagnostics (never throws) for any JSON-like value', async () => {
    const { validateDashboardManifest, validateLinkedDirectory } = await import('../src/index.js');
    fc.assert(
      fc.property(jsonish, (value) => {
        for (const r of [
          validateMmoManifest(value),
          validateDashboardManifest(value, { handlers: new Set(['a']) }),
          validateCasaManifest(value, { pluginSource: 'def on_load(api): pass\n' }),
          validateMcdrMetadata(value),
          validateMcdrMetadata(value, { solo: true, fallbackId: 'x' }),
          validateLinkedDirectory(value),
        ]) {
          expect(Array.isArray(r.diagnostics)).toBe(true);
          // A value comes back exactly when there is no error.
          expect(r.value === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the Python reader terminates on any text, and reports an error position inside it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const info = analyzePython(text);
        if (info.error) {
          expect(info.error.line).toBeGreaterThanOrEqual(1);
          expect(info.error.line).toBeLessThanOrEqual(text.split('\n').length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
