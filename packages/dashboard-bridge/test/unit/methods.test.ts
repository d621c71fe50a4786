import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../src/protocol/BridgeError.js';
import { checkJson, utf8Length } from '../../src/protocol/jsonSafe.js';
import { DEFAULT_LIMITS } from '../../src/protocol/limits.js';
import { knownMethods, resolveCall } from '../../src/protocol/methods.js';

const opts = { capabilities: [] as string[], limits: DEFAULT_LIMITS };
const code = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as BridgeError).code;
  }
};

describe('resolveCall: the fixed dispatch table', () => {
  it('GIVEN the seed API methods THEN each resolves to its PROTOCOL.md name', () => {
    expect(knownMethods()).toEqual(['kv.get', 'kv.set', 'kv.delete', 'kv.list', 'kv.get_many', 'kv.set_many', 'metrics.query', 'metrics.total', 'sql.query', 'sql.execute']);
    expect(resolveCall('kv', 'get', { key: 'a' }, opts)).toEqual({ namespace: 'kv', method: 'get', params: { key: 'a' } });
    expect(resolveCall('dashboard', 'get_settings', undefined, opts)).toEqual({ namespace: 'dashboard', method: 'get_settings', params: {} });
    expect(resolveCall('sql', 'query', { sql: 'SELECT 1', params: [1] }, { ...opts, capabilities: ['storage:sql'] }).namespace).toBe('sql');
  });

  it('GIVEN names outside the table THEN NAMESPACE_DENIED or METHOD_NOT_FOUND, never a property walk', () => {
    expect(code(() => resolveCall('http', 'request', {}, opts))).toBe('NAMESPACE_DENIED');
    expect(code(() => resolveCall('__proto__', 'x', {}, opts))).toBe('NAMESPACE_DENIED');
    expect(code(() => resolveCall(undefined, 'x', {}, opts))).toBe('NAMESPACE_DENIED');
    for (const m of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'count', 'get.x', '']) expect(code(() => resolveCall('kv', m, { key: 'a' }, opts)), m).toBe('METHOD_NOT_FOUND');
    for (const m of ['__proto__', '__init__', 'a-b', '../x', 'x'.repeat(65), '1abc']) expect(code(() => resolveCall('dashboard', m, {}, opts)), m).toBe('METHOD_NOT_FOUND');
    expect(code(() => resolveCall('dashboard', 'other', {}, { ...opts, handlers: ['get_settings'] }))).toBe('METHOD_NOT_FOUND');
    expect(code(() => resolveCall('dashboard', 'constructor', {}, opts))).toBe('ok'); // a legal Python name; backends look it up safely
  });

  it('GIVEN capabilities THEN sql needs storage:sql; kv and metrics are baseline unless withdrawn', () => {
    expect(code(() => resolveCall('sql', 'query', { sql: 'SELECT 1' }, opts))).toBe('CAPABILITY_DENIED');
    expect(code(() => resolveCall('sql', 'execute', { sql: 'DELETE FROM t' }, opts))).toBe('CAPABILITY_DENIED');
    expect(code(() => resolveCall('kv', 'get', { key: 'a' }, { ...opts, baseline: false }))).toBe('CAPABILITY_DENIED');
    expect(code(() => resolveCall('metrics', 'total', { name: 'm', period: '7d' }, opts))).toBe('ok');
    try {
      resolveCall('sql', 'query', { sql: 'x' }, opts);
    } catch (e) {
      expect((e as BridgeError).data).toEqual({ capability: 'storage:sql' });
    }
  });

  it('GIVEN bad params THEN INVALID_PARAMS lists every problem with its path', () => {
    try {
      resolveCall('metrics', 'query', { name: '', period: 'forever' }, opts);
      expect.unreachable();
    } catch (e) {
      expect((e as BridgeError).code).toBe('INVALID_PARAMS');
      expect((e as BridgeError).data?.errors).toEqual(['/name must be a metric name (1–128 characters)', '/period must look like "24h", "7d" or "30d"']);
    }
    expect(code(() => resolveCall('kv', 'get', 'a', opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'get', ['a'], opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'get', { key: 'k'.repeat(257) }, opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'set', { key: 'a' }, opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'set_many', { values: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])) }, opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'set', { key: 'a', value: new Date() }, opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'set', { key: 'a', value: NaN }, opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'set', JSON.parse('{"key":"a","value":{"__proto__":{"polluted":1}}}'), opts))).toBe('INVALID_PARAMS');
    expect(code(() => resolveCall('kv', 'set', { key: 'a', value: 'x'.repeat(300_000) }, opts))).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('checkJson', () => {
  it('GIVEN JSON values THEN its size estimate is within a few bytes per number of the UTF-8 length of JSON.stringify', () => {
    const v = { a: [1, 2.5, null, true, 'héllo 🎉'], b: { c: '' } };
    const r = checkJson(v, 10_000);
    expect(r.ok).toBe(true);
    const exact = Buffer.byteLength(JSON.stringify(v));
    if (r.ok) expect(Math.abs(r.bytes - exact)).toBeLessThanOrEqual(24); // numbers count as 8 bytes each
    expect(utf8Length('héllo 🎉')).toBe(Buffer.byteLength('héllo 🎉'));
  });

  it('GIVEN non-JSON or huge values THEN it names the path and stops early', () => {
    expect(checkJson({ a: [1, { b: () => 1 }] }, 1000)).toEqual({ ok: false, path: '/a/1/b', reason: 'not_json' });
    expect(checkJson({ m: new Map() }, 1000)).toMatchObject({ ok: false, path: '/m' });
    expect(checkJson({ u: undefined }, 1000)).toMatchObject({ ok: false, path: '/u' });
    expect(checkJson([1, , 3], 1000)).toMatchObject({ ok: false, path: '/1' }); // eslint-disable-line no-sparse-arrays
    expect(checkJson({ 'a/b': Infinity }, 1000)).toMatchObject({ path: '/a~1b' });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(checkJson(deep, 1e6)).toMatchObject({ ok: false, reason: 'too_deep' });
    const big = Array.from({ length: 1e6 }, () => 'xxxxxxxx');
    const t = performance.now();
    expect(checkJson(big, 1000)).toMatchObject({ ok: false, reason: 'too_large' });
    expect(performance.now() - t).toBeLessThan(200);
  });
});
