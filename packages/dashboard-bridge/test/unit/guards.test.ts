import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as guards from '../../src/protocol/guards.js';
import { DEFAULT_THEME_VARS } from '../../src/protocol/theme.js';
import { BRIDGE_NS } from '../../src/protocol/types.js';

const ctx = { discord_srv_id: '1', plugin_id: 'p', user_id: 'u', theme: 'dark' };
const valid: Record<string, unknown> = {
  isHostSynMessage: { ns: BRIDGE_NS, type: 'HOST_SYN' },
  isSynMessage: { ns: BRIDGE_NS, type: 'SYN', versions: [1], token: 'abcdef0123456789', attempt: 1 },
  isAckMessage: { ns: BRIDGE_NS, type: 'ACK', version: 1, token: 'abcdef0123456789', attempt: 1 },
  isInitMessage: { ns: BRIDGE_NS, type: 'INIT', context: ctx, vars: DEFAULT_THEME_VARS.dark, pages: ['a'] },
  isThemeMessage: { ns: BRIDGE_NS, type: 'THEME', theme: 'light', vars: DEFAULT_THEME_VARS.light },
  isResizedMessage: { ns: BRIDGE_NS, type: 'RESIZED', height: 120 },
  isReplyMessage: { ns: BRIDGE_NS, type: 'REPLY', id: 1, ok: true, result: null },
  isDestroyMessage: { ns: BRIDGE_NS, type: 'DESTROY' },
  isCallMessage: { ns: BRIDGE_NS, type: 'CALL', id: 1, namespace: 'kv', method: 'get', params: { key: 'a' } },
  isResizeMessage: { ns: BRIDGE_NS, type: 'RESIZE', id: 2, height: 300 },
  isNavigateMessage: { ns: BRIDGE_NS, type: 'NAVIGATE', id: 3, pageId: 'overview' },
};
const messageGuards = Object.keys(valid) as (keyof typeof guards & keyof typeof valid)[];

describe('message guards', () => {
  it.each(messageGuards)('GIVEN a well-formed message THEN %s accepts it and every other guard refuses it', (name) => {
    for (const other of messageGuards) expect((guards[other] as (v: unknown) => boolean)(valid[name])).toBe(other === name);
  });

  it('GIVEN hostile variants THEN the guards refuse them', () => {
    const bad: [keyof typeof guards, unknown][] = [
      ['isSynMessage', { ns: BRIDGE_NS, type: 'SYN', versions: [], token: 'abcdef0123456789', attempt: 1 }],
      ['isSynMessage', { ns: BRIDGE_NS, type: 'SYN', versions: [1], token: 'abcdef0123456789' }],
      ['isAckMessage', { ns: BRIDGE_NS, type: 'ACK', version: 1, token: 'abcdef0123456789', attempt: -1 }],
      ['isSynMessage', { ns: BRIDGE_NS, type: 'SYN', versions: [1], token: 'x'.repeat(129) }],
      ['isSynMessage', { ns: BRIDGE_NS, type: 'SYN', versions: Array(17).fill(1), token: 't' }],
      ['isSynMessage', { ns: 'other', type: 'SYN', versions: [1], token: 't' }],
      ['isCallMessage', { ns: BRIDGE_NS, type: 'CALL', id: -1, namespace: 'kv', method: 'get' }],
      ['isCallMessage', { ns: BRIDGE_NS, type: 'CALL', id: 1.5, namespace: 'kv', method: 'get' }],
      ['isCallMessage', { ns: BRIDGE_NS, type: 'CALL', id: 1, namespace: '', method: 'get' }],
      ['isCallMessage', { ns: BRIDGE_NS, type: 'CALL', id: 1, namespace: 'kv', method: 'x'.repeat(200) }],
      ['isCallMessage', [BRIDGE_NS, 'CALL']],
      ['isReplyMessage', { ns: BRIDGE_NS, type: 'REPLY', id: 1, ok: false, error: 'boom' }],
      ['isReplyMessage', { ns: BRIDGE_NS, type: 'REPLY', id: 1, ok: 'yes', result: 1 }],
      ['isResizeMessage', { ns: BRIDGE_NS, type: 'RESIZE', id: 1, height: Infinity }],
      ['isResizeMessage', { ns: BRIDGE_NS, type: 'RESIZE', id: 1, height: '100' }],
      ['isInitMessage', { ns: BRIDGE_NS, type: 'INIT', context: { ...ctx, theme: 'blue' }, vars: DEFAULT_THEME_VARS.dark, pages: [] }],
      ['isInitMessage', { ns: BRIDGE_NS, type: 'INIT', context: ctx, vars: { '--gold': 'x' }, pages: [] }],
      ['isThemeMessage', { ns: BRIDGE_NS, type: 'THEME', theme: 'dark', vars: null }],
      ['isNavigateMessage', { ns: BRIDGE_NS, type: 'NAVIGATE', id: 1, pageId: '' }],
    ];
    for (const [guard, value] of bad) expect((guards[guard] as (v: unknown) => boolean)(value), `${guard} ${JSON.stringify(value)?.slice(0, 80)}`).toBe(false);
  });

  it('GIVEN arbitrary values THEN no guard throws', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (v) => {
        for (const g of messageGuards) (guards[g] as (v: unknown) => boolean)(v);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.record({ ns: fc.constant(BRIDGE_NS), type: fc.constantFrom('SYN', 'ACK', 'CALL', 'REPLY', 'INIT', 'THEME', 'RESIZE', 'NAVIGATE'), id: fc.anything(), token: fc.anything(), versions: fc.anything(), context: fc.anything(), vars: fc.anything(), height: fc.anything(), namespace: fc.anything(), method: fc.anything(), error: fc.anything(), ok: fc.anything() }, { requiredKeys: ['ns', 'type'] }), (v) => {
        for (const g of messageGuards) (guards[g] as (v: unknown) => boolean)(v);
      }),
      { numRuns: 300 },
    );
  });
});
