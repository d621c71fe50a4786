// The throughput work (issue #5) added fast paths; each is checked here against the plain form it replaces.
import type { APIComponentInMessageActionRow } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ActionRow,
  Button,
  SelectMenu,
  SelectOption,
  ValidationError,
  buildMessage,
  validateMessagePayload,
  type ValidationIssue,
} from '../src/index.js';
import { FirstSeen } from '../src/util/FirstSeen.js';

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
// Few distinct characters, so keys collide in the small table's hash (same length, same last characters).
const key = fc.string({ minLength: 0, maxLength: 8, unit: fc.constantFrom('a', 'b', ':', '1', '🎉') });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
// Fields this version does not know (a newer Discord's), sometimes set to undefined.
const unknownFields = fc.dictionary(fc.constantFrom('x_future', 'y_beta', 'z_flag'), maybe(fc.jsonValue()));

describe('FirstSeen (custom_id and option value registry)', () => {
  it('GIVEN any sequence of keys THEN it answers like a Map, also past 32 keys and after reuse from the pool', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 120 }), (keys) => {
        for (let round = 0; round < 2; round++) {
          const table = FirstSeen.acquire<number>();
          const map = new Map<string, number>();
          keys.forEach((k, i) => {
            const expected = map.get(k);
            if (expected === undefined) map.set(k, i);
            expect(table.firstOrAdd(k, i)).toBe(expected);
          });
          table.release();
        }
      }),
    );
  });

  it('GIVEN 100,000 keys sharing their last characters THEN it stays fast (spills to a Map)', () => {
    const table = FirstSeen.acquire<number>();
    const t0 = performance.now();
    let repeats = 0;
    for (let i = 0; i < 100_000; i++) if (table.firstOrAdd(`${i}:same-tail`, i) !== undefined) repeats++;
    expect(repeats).toBe(0);
    expect(table.firstOrAdd('99999:same-tail', -1)).toBe(99_999);
    table.release();
    // Quadratic probing of 100,000 colliding keys would take minutes; linear takes milliseconds.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('GIVEN a released table THEN it holds no key and a second release is harmless', () => {
    const table = FirstSeen.acquire<object>();
    const node = {};
    expect(table.firstOrAdd('a', node)).toBeUndefined();
    table.release();
    table.release();
    const again = FirstSeen.acquire<object>();
    expect(again.firstOrAdd('a', {})).toBeUndefined();
    again.release();
  });
});

describe('builders copy their fields one by one', () => {
  const buttonData = fc.record(
    {
      style: maybe(fc.constantFrom('primary', 'secondary', 'success', 'danger', 'link', 2, 4, 9)),
      label: maybe(fc.string({ maxLength: 10 })),
      custom_id: maybe(fc.string({ maxLength: 10 })),
      url: maybe(fc.constant('https://example.com')),
      sku_id: maybe(fc.constant('123456789012345678')),
      emoji: maybe(fc.record({ name: fc.constantFrom('🎉', 'x') })),
      disabled: maybe(fc.boolean()),
      id: maybe(fc.integer({ min: 0, max: 100 })),
    },
    { requiredKeys: [] },
  );

  it('GIVEN button data with unknown fields or undefined values THEN toJSON is the spread copy it replaced', () => {
    fc.assert(
      fc.property(buttonData, unknownFields, (known, extra) => {
        const data = { ...extra, ...known };
        const json = new Button(data as never).toJSONUnchecked() as unknown as Record<string, unknown>;
        const style = data.style ?? (data.url !== undefined ? 'link' : 'primary');
        const styles: Record<string, number> = { primary: 1, secondary: 2, success: 3, danger: 4, link: 5 };
        const expected = { ...defined(data), type: 2, style: typeof style === 'number' ? style : styles[style] };
        expect(json).toEqual(expected);
        // No field left as undefined, none lost (toEqual alone would not tell).
        expect(Object.keys(json).sort()).toEqual(Object.keys(expected).sort());
      }),
    );
  });

  it('GIVEN select option and select data with unknown fields or undefined values THEN toJSON keeps every defined field', () => {
    const optionData = fc.record(
      { label: fc.string({ maxLength: 5 }), value: fc.string({ maxLength: 5 }), description: maybe(fc.string({ maxLength: 5 })), default: maybe(fc.boolean()) },
      { requiredKeys: ['label', 'value'] },
    );
    const menuData = fc.record(
      { custom_id: maybe(fc.string({ maxLength: 5 })), placeholder: maybe(fc.string({ maxLength: 5 })), min_values: maybe(fc.nat(3)), max_values: maybe(fc.nat(3)), disabled: maybe(fc.boolean()), required: maybe(fc.boolean()), id: maybe(fc.nat(9)) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(menuData, unknownFields, fc.array(fc.tuple(optionData, unknownFields), { maxLength: 4 }), (known, extra, options) => {
        const menu = new SelectMenu({ ...extra, ...known } as never);
        for (const [o, oExtra] of options) menu.addOptions(new SelectOption({ ...oExtra, ...o } as never));
        const json = menu.toJSONUnchecked() as unknown as Record<string, unknown>;
        const expected = { ...defined({ ...extra, ...known }), type: 3, options: options.map(([o, oExtra]) => defined({ ...oExtra, ...o })) };
        expect(json).toEqual(expected);
        expect(Object.keys(json).sort()).toEqual(Object.keys(expected).sort());
        (json.options as Record<string, unknown>[]).forEach((o, i) => expect(Object.keys(o).sort()).toEqual(Object.keys(expected.options[i]!).sort()));
      }),
    );
  });
});

describe('buildMessage validates what it built in one pass', () => {
  const issuesOf = (fn: () => unknown): readonly ValidationIssue[] => {
    try {
      fn();
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
  };
  // Short alphabets make duplicate custom_ids and option values likely; lengths cross the limits.
  const id = fc.string({ minLength: 0, maxLength: 102, unit: fc.constantFrom('a', 'b', 'c') });
  const button = fc.record({ label: maybe(fc.string({ maxLength: 82 })), custom_id: id, style: fc.constantFrom('primary', 'danger', 'link', 7) });
  const option = fc.record({ label: fc.string({ maxLength: 3 }), value: fc.string({ maxLength: 2, unit: fc.constantFrom('x', 'y') }) });

  it('GIVEN builders with duplicates and out-of-range fields THEN buildMessage reports exactly what validateMessagePayload reports for its JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.array(button, { minLength: 0, maxLength: 6 }), { maxLength: 6 }), fc.array(option, { maxLength: 27 }), (rows, options) => {
        const build = (validate: boolean) => {
          const components: ActionRow<APIComponentInMessageActionRow>[] = rows.map((r) => new ActionRow(r.map((b) => new Button(b as never))));
          if (options.length > 0) components.push(new ActionRow<APIComponentInMessageActionRow>(new SelectMenu({ custom_id: 'pick' }).addOptions(...options.map((o) => new SelectOption(o)))));
          return buildMessage({ content: 'hi', components }, { validate });
        };
        expect(issuesOf(() => build(true))).toEqual(validateMessagePayload(build(false)));
      }),
    );
  });
});
