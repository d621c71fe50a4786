import fc from 'fast-check';
import { createComponentBuilder } from '@discordjs/builders';
import { describe, expect, it } from 'vitest';
import {
  Modal,
  componentFromJSON,
  validateCommandDeclarations,
  validateMessageComponents,
  validateMessagePayload,
  validateModal,
} from '../src/index.js';

// Generators produce mostly-valid Discord JSON with values that sometimes cross a limit, so both sides of
// validate() are exercised. Optional fields are left out rather than set to undefined (JSON has no undefined).
const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max, unit: fc.constantFrom('a', 'b', 'é', '🎉', ' ', ':') });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n }).map(String);
const emoji = fc.oneof(fc.record({ name: fc.constantFrom('🎉', '🎨') }), fc.record({ id: snowflake, name: fc.constantFrom('party', 'x') }));

const button = fc.oneof(
  fc.record({ style: fc.integer({ min: 1, max: 4 }), label: opt(text(1, 85)), custom_id: text(1, 105), emoji: opt(emoji), disabled: opt(fc.boolean()) }),
  fc.record({ style: fc.constant(5), label: text(1, 85), url: fc.webUrl().filter((u) => u.length <= 520) }),
).map((b) => compact({ type: 2, ...b }));

const selectOption = fc.record({ label: text(1, 101), value: text(1, 101), description: opt(text(0, 101)), emoji: opt(emoji), default: opt(fc.boolean()) }).map(compact);
const stringSelect = fc
  .record({
    custom_id: text(1, 101),
    options: fc.array(selectOption, { minLength: 1, maxLength: 26 }),
    placeholder: opt(text(0, 151)),
    min_values: opt(fc.integer({ min: 0, max: 26 })),
    max_values: opt(fc.integer({ min: 1, max: 26 })),
    disabled: opt(fc.boolean()),
  })
  .map((s) => compact({ type: 3, ...s }));
const autoSelect = fc
  .record({ type: fc.constantFrom(5, 6, 8), custom_id: text(1, 101), placeholder: opt(text(0, 151)), max_values: opt(fc.integer({ min: 1, max: 25 })) })
  .map(compact);

const row = fc.oneof(
  fc.array(button, { minLength: 1, maxLength: 6 }).map((components) => ({ type: 1, components })),
  fc.oneof(stringSelect, autoSelect).map((s) => ({ type: 1, components: [s] })),
);
const textDisplay = text(1, 300).map((content) => ({ type: 10, content }));
const thumbnail = fc.record({ url: fc.webUrl(), description: opt(text(0, 50)), spoiler: opt(fc.boolean()) }).map(({ url, ...r }) => compact({ type: 11, media: { url }, ...r }));
const section = fc.record({ components: fc.array(textDisplay, { minLength: 1, maxLength: 4 }), accessory: fc.oneof(thumbnail, button) }).map((s) => ({ type: 9, ...s }));
const separator = fc.record({ divider: opt(fc.boolean()), spacing: opt(fc.constantFrom(1, 2)) }).map((s) => compact({ type: 14, ...s }));
const gallery = fc.array(fc.webUrl().map((url) => ({ media: { url } })), { minLength: 1, maxLength: 11 }).map((items) => ({ type: 12, items }));
const inContainer = fc.oneof(row, textDisplay, section, separator, gallery);
const container = fc
  .record({ components: fc.array(inContainer, { minLength: 1, maxLength: 6 }), accent_color: opt(fc.integer({ min: 0, max: 0xffffff })), spoiler: opt(fc.boolean()) })
  .map((c) => compact({ type: 17, ...c }));
const future = fc.record({ type: fc.integer({ min: 40, max: 60 }), payload: fc.jsonValue() });

const legacyMessage = fc.array(row, { minLength: 1, maxLength: 6 });
const v2Message = fc.array(fc.oneof(row, textDisplay, section, separator, gallery, container, future), { minLength: 1, maxLength: 8 });

const textInput = fc
  .record({ custom_id: text(1, 101), style: fc.constantFrom(1, 2), placeholder: opt(text(0, 101)), required: opt(fc.boolean()), min_length: opt(fc.integer({ min: 0, max: 10 })), max_length: opt(fc.integer({ min: 1, max: 4001 })), value: opt(text(0, 20)) })
  .map((t) => compact({ type: 4, ...t }));
const label = fc.record({ label: text(1, 46), description: opt(text(0, 101)), component: fc.oneof(textInput, stringSelect) }).map((l) => compact({ type: 18, ...l }));
const modal = fc.record({ title: text(1, 46), custom_id: text(1, 101), components: fc.array(fc.oneof(label, textDisplay), { minLength: 1, maxLength: 6 }) });

const roundTrip = (components: unknown[]) => components.map((c) => componentFromJSON(c).toJSON(false));

describe('anything validate() accepts round-trips through fromJSON', () => {
  it('GIVEN legacy messages THEN accepted ones round-trip and discord.js reads them identically', () => {
    let accepted = 0;
    fc.assert(
      fc.property(legacyMessage, (components) => {
        if (validateMessageComponents(components).length > 0) return;
        accepted++;
        expect(roundTrip(components)).toEqual(components);
        for (const r of components) expect(createComponentBuilder(r as never).toJSON()).toEqual(r);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it('GIVEN components-v2 messages THEN accepted ones round-trip (unknown types included)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(v2Message, (components) => {
        if (validateMessagePayload({ components, flags: 1 << 15 }).length > 0) return;
        accepted++;
        expect(roundTrip(components)).toEqual(components);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it('GIVEN modals THEN accepted ones round-trip through Modal.fromJSON', () => {
    let accepted = 0;
    fc.assert(
      fc.property(modal, (m) => {
        if (validateModal(m).length > 0) return;
        accepted++;
        expect(Modal.fromJSON(m as never).toJSON()).toEqual(m);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('validators never throw on hostile input', () => {
  it('GIVEN arbitrary values THEN every validator returns issues instead of throwing', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, maxDepth: 4 }), (value) => {
        for (const fn of [validateMessageComponents, validateMessagePayload, validateModal, validateCommandDeclarations]) {
          expect(Array.isArray(fn(value))).toBe(true);
        }
        expect(Array.isArray(validateMessagePayload({ components: [value], flags: 1 << 15 }))).toBe(true);
        expect(Array.isArray(validateModal({ title: 't', custom_id: 'c', components: [value] }))).toBe(true);
        expect(Array.isArray(validateCommandDeclarations([{ name: 'x', description: 'd', options: [value] }]))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
