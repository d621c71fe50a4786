import { describe, expect, it } from 'vitest';
import { CustomIdRouter, ValidationError, namespaceOf, scopeCustomId, unscopeCustomId, validateMessageComponents } from '../src/index.js';

describe('custom_id codec', () => {
  it('GIVEN typed params THEN encode and match round-trip, snowflakes staying strings', () => {
    const router = new CustomIdRouter<void, string>('tickets');
    const close = router.route('ticket:close:{id}:{page}', { id: 'snowflake', page: 'int' }, (p) => `${p.id}/${p.page}`);
    const id = close.encode({ id: '1234567890123456789', page: 2 });
    expect(id).toBe('tickets:ticket:close:1234567890123456789:2');
    expect(router.match(id)).toEqual({ kind: 'route', template: 'ticket:close:{id}:{page}', params: { id: '1234567890123456789', page: 2 } });
    expect(router.dispatch(id)).toBe('1234567890123456789/2');
  });

  it('GIVEN delimiter characters in a string param THEN they are escaped and come back intact', () => {
    const router = new CustomIdRouter<void, string>('p');
    const r = router.route('say:{text}:{flag}:{kind}', { text: 'string', flag: 'bool', kind: ['a', 'b'] as const }, (p) => `${p.text}|${p.flag}|${p.kind}`);
    const id = r.encode({ text: 'a:b%c~d', flag: true, kind: 'b' });
    expect(id).toBe('p:say:a%3Ab%25c%7Ed:1:b');
    expect(router.dispatch(id)).toBe('a:b%c~d|true|b');
  });

  it('GIVEN values of the wrong type THEN encode throws INVALID_PARAMETER', () => {
    const router = new CustomIdRouter('p');
    const r = router.route('x:{id}:{n}', { id: 'snowflake', n: 'int' }, () => 0);
    expect(() => r.encode({ id: 123 as never, n: 1 })).toThrow(/snowflake string/);
    expect(() => r.encode({ id: '1', n: 1.5 })).toThrow(/safe integer/);
    expect(() => r.encode({ id: '1', n: 1, extra: 1 } as never)).toThrow(/no parameter "extra"/);
  });

  it('GIVEN the 100-character budget THEN it is checked when the id is built, namespace included', () => {
    const ns = 'n'.repeat(10);
    const router = new CustomIdRouter(ns);
    const r = router.route('s:{v}', { v: 'string' }, () => 0);
    // "nnnnnnnnnn:s:" is 13 characters, so 87 are left for the value.
    expect(r.encode({ v: 'v'.repeat(87) })).toHaveLength(100);
    try {
      r.encode({ v: 'v'.repeat(88) });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).code).toBe('TOO_LONG');
      expect((e as ValidationError).issues[0]!.hint).toContain('namespace');
    }
    expect(() => router.route('x'.repeat(90), {}, () => 0)).toThrow(/needs at least 101 characters/);
    // Anything the router encodes is a valid custom_id.
    expect(validateMessageComponents([{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: r.encode({ v: 'v'.repeat(87) }) }] }])).toEqual([]);
  });
});

describe('router', () => {
  it('GIVEN an exact route and a pattern that also matches THEN the exact one wins', () => {
    const router = new CustomIdRouter<void, string>('p');
    router.route('vote:{choice}', { choice: 'string' }, (p) => `pattern ${p.choice}`);
    router.exactRoute('vote:yes', () => 'exact');
    expect(router.dispatch('p:vote:yes')).toBe('exact');
    expect(router.dispatch('p:vote:no')).toBe('pattern no');
  });

  it('GIVEN duplicate or shadowed routes THEN registration is refused', () => {
    const router = new CustomIdRouter('p');
    router.exactRoute('a', () => 0);
    expect(() => router.exactRoute('a', () => 0)).toThrow(/already registered/);
    router.route('page:{n}', { n: 'string' }, () => 0);
    expect(() => router.route('page:{m}', { m: 'string' }, () => 0)).toThrow(/duplicates/);
    expect(() => router.route('page:{n}', { n: 'int' }, () => 0)).toThrow(/shadowed by "page:\{n\}"/);
    expect(() => router.route('page:{b}', { b: 'bool' }, () => 0)).toThrow(/shadowed/);
    expect(() => router.route('page:first', {}, () => 0)).not.toThrow();
    // Specific first, general later is fine.
    router.route('item:{n}', { n: 'int' }, () => 0);
    expect(() => router.route('item:{s}', { s: 'string' }, () => 0)).not.toThrow();
  });

  it('GIVEN malformed templates THEN INVALID_ROUTE', () => {
    const router = new CustomIdRouter('p');
    expect(() => router.route('a:{x}', {}, () => 0)).toThrow(/declares no type/);
    expect(() => router.route('a', { x: 'int' }, () => 0)).toThrow(/never uses it/);
    expect(() => router.route('a b', {}, () => 0)).toThrow(/must be letters/);
    expect(() => router.route('a:{x}', { x: 'float' as never }, () => 0)).toThrow(/expected string\|int/);
    expect(() => new CustomIdRouter('bad ns')).toThrow(ValidationError);
  });

  it('GIVEN two plugins THEN neither can claim the other\'s clicks', () => {
    const a = new CustomIdRouter<void, string>('plugin_a');
    const b = new CustomIdRouter<void, string>('plugin_b');
    const ra = a.exactRoute('yes', () => 'a');
    b.exactRoute('yes', () => 'b');
    const id = ra.encode();
    expect(namespaceOf(id)).toBe('plugin_a');
    expect(a.dispatch(id)).toBe('a');
    expect(b.match(id)).toEqual({ kind: 'foreign', namespace: 'plugin_a' });
    expect(() => b.dispatch(id)).toThrow(/belongs to namespace "plugin_a"/);
    // A namespace that is a prefix of another is not confused with it.
    const ab = new CustomIdRouter<void, string>('plugin');
    expect(ab.match(id).kind).toBe('foreign');
  });

  it('GIVEN unknown, malformed and expired ids THEN the fallback answers (an ephemeral reply by default)', () => {
    let now = 1_000_000;
    const router = new CustomIdRouter<void, string>('p', { now: () => now });
    const r = router.route('confirm:{id}', { id: 'snowflake' }, (p) => `ok ${p.id}`, { expiresAfterMs: 60_000 });
    const id = r.encode({ id: '42' });
    expect(router.dispatch(id)).toBe('ok 42');
    now += 60_001;
    expect(router.match(id)).toEqual({ kind: 'miss', miss: { reason: 'expired', customId: id, template: 'confirm:{id}' } });
    expect(router.dispatch(id)).toEqual({ type: 4, data: { content: 'This button has expired. Run the command again.', flags: 64 } });
    expect(router.dispatch('p:nothing')).toEqual({ type: 4, data: { content: 'This button is no longer available.', flags: 64 } });
    expect(router.match('p:confirm:%zz').kind).toBe('miss');

    const custom = new CustomIdRouter<{ user: string }, string, string>('q', { fallback: (miss, ctx) => `${miss.reason} for ${ctx.user}` });
    expect(custom.dispatch('q:gone', { user: 'u1' })).toBe('unknown for u1');
  });
});

describe('host-side scoping of plain plugin ids', () => {
  it('GIVEN a plugin id THEN it is prefixed, stripped back, and the budget counts the prefix', () => {
    expect(scopeCustomId('my_plugin', 'yes')).toBe('my_plugin:yes');
    expect(unscopeCustomId('my_plugin', 'my_plugin:yes')).toBe('yes');
    expect(unscopeCustomId('my_plugin', 'other:yes')).toBeUndefined();
    expect(scopeCustomId('my_plugin', 'x'.repeat(90))).toHaveLength(100);
    expect(() => scopeCustomId('my_plugin', 'x'.repeat(91))).toThrow(/it would be 101, over 100/);
    try {
      scopeCustomId('my_plugin', 'x'.repeat(91));
    } catch (e) {
      expect((e as ValidationError).issues[0]!.hint).toBe('plugin custom_ids may use at most 90 characters');
    }
    expect(namespaceOf('no-namespace')).toBeUndefined();
  });
});

describe('properties', () => {
  it('GIVEN any parameter values that fit THEN encode → match gives them back exactly', async () => {
    const fc = (await import('fast-check')).default;
    const router = new CustomIdRouter<void, unknown>('prop');
    const r = router.route('a:{s}:{n}:{id}:{b}', { s: 'string', n: 'int', id: 'snowflake', b: 'bool' }, (p) => p);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.maxSafeInteger(),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
        fc.boolean(),
        (s, n, id, b) => {
          expect(router.dispatch(r.encode({ s, n, id, b }))).toEqual({ s, n, id, b });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GIVEN arbitrary clicked ids THEN match and dispatch never throw for this namespace', async () => {
    const fc = (await import('fast-check')).default;
    const router = new CustomIdRouter<void, string>('prop');
    router.route('a:{s}', { s: 'string' }, () => 'a');
    router.route('b:{n}:{k}', { n: 'int', k: ['x', 'y'] }, () => 'b');
    router.exactRoute('c', () => 'c');
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (tail) => {
        const out = router.dispatch(`prop:${tail}`);
        expect(out === 'a' || out === 'b' || out === 'c' || (typeof out === 'object' && out.type === 4)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('long plugin ids', () => {
  it('GIVEN a 64-character plugin id THEN it is a namespace and leaves 35 characters of budget', () => {
    const ns = 'p'.repeat(64);
    expect(scopeCustomId(ns, 'x'.repeat(35))).toHaveLength(100);
    expect(() => scopeCustomId(ns, 'x'.repeat(36))).toThrow(ValidationError);
    expect(() => scopeCustomId('p'.repeat(65), 'x')).toThrow(/1–64/);
  });
});
