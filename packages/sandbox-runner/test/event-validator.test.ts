import fc from 'fast-check';
import { EVENT_NAMES, EventPayloadSchemas, validateParams } from '@maidkit/rpc-protocol';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/index.js';
import { eventPayloadIssues } from '../src/host/eventValidator.js';

const ajvIssues = (name: string, payload: unknown) => validateParams('event', { ctx: { install_id: 'x', server_id: '0' }, name, payload });

const anyValue = fc.oneof(
  fc.string(),
  fc.string({ minLength: 60, maxLength: 70 }),
  fc.constantFrom('', '😀'.repeat(64), '😀'.repeat(65), 'a'.repeat(64), 'a'.repeat(65)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer())),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
);

describe('the fast event payload check', () => {
  it('GIVEN random payloads for every event THEN it accepts and rejects exactly what the protocol schema (ajv) does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_NAMES), fc.dictionary(fc.string({ maxLength: 20 }), anyValue), fc.array(fc.string(), { maxLength: 3 }), (name, overrides, removals) => {
        const fields = Object.keys((EventPayloadSchemas[name].json as { properties: object }).properties);
        const payload: Record<string, unknown> = { ...withDefaults(name, {}) };
        // Overwrite known fields with random values half the time, drop some, add unknown extras.
        for (const [i, [key, value]] of Object.entries(overrides).entries()) payload[i % 2 === 0 && fields.length > 0 ? fields[i % fields.length]! : key] = value;
        for (const r of removals) delete payload[fields[r.length % Math.max(1, fields.length)] ?? r];
        expect(eventPayloadIssues(name, payload).length === 0).toBe(ajvIssues(name, payload).length === 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN something that is not an object THEN both refuse it, with ajv\'s issue list', () => {
    for (const value of [null, [], 'x', 1]) {
      const issues = eventPayloadIssues('message_create', value);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues).toEqual(ajvIssues('message_create', value));
    }
  });
});
