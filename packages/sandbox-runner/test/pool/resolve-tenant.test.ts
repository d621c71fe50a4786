import { describe, expect, it } from 'vitest';
import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { GuestCaller } from '../../src/host/guestCalls.js';
import { resolveTenant } from '../../src/pool/WorkerTenants.js';

const a: GuestCaller = { pluginId: 'p', installId: 'inst_a', serverId: '1', capabilities: new Set(['storage:kv']) };
const tenants = new Map([[a.installId, a]]);
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof RpcError ? e.code : 'not an RpcError';
  }
};

describe('a pooled worker names one of its installs, or nothing happens', () => {
  it('GIVEN a call for one of its installs THEN that install is the caller', () => {
    expect(resolveTenant('kv.get', { install_id: 'inst_a', key: 'k' }, tenants, 'pool_p#1')).toBe(a);
  });

  it('GIVEN hostile params THEN -32003 (or -32601 for a method a guest cannot call), never a caller', () => {
    const hostile: unknown[] = [undefined, null, 'inst_a', ['inst_a'], {}, { install_id: 7 }, { install_id: null }, { install_id: 'inst_b' }, { install_id: ' inst_a' }, { install_id: '__proto__' }, { install_id: 'constructor' }, Object.create({ install_id: 'inst_a' })];
    for (const params of hostile) expect(code(() => resolveTenant('kv.get', params, tenants, 'pool_p#1')), JSON.stringify(params) ?? String(params)).toBe(ErrorCodes.NotFound);
    for (const method of ['initialize', 'event', 'nope', '__proto__', 'lifecycle']) expect(code(() => resolveTenant(method, { install_id: 'inst_a' }, tenants, 'pool_p#1')), method).toBe(ErrorCodes.MethodNotFound);
  });

  it('GIVEN an install id that is not served THEN the message names it (capped) and the pool, not the other installs', () => {
    const error = (() => {
      try {
        resolveTenant('kv.get', { install_id: `inst_${'x'.repeat(500)}` }, tenants, 'pool_p#1');
      } catch (e) {
        return e as RpcError;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/is not served by this pooled worker \(pool_p#1\)/);
    expect(error?.message).not.toContain('inst_a');
    expect(error!.message.length).toBeLessThan(200);
  });
});
