import { describe, expect, it } from 'vitest';
import { BridgeError, deserializeError, serializeError } from '../../src/protocol/BridgeError.js';
import { BridgeErrorCode, httpStatusFor, isBridgeErrorCode } from '../../src/protocol/errorCodes.js';

describe('BridgeError codec', () => {
  it('GIVEN every code THEN it round-trips through serialize/deserialize with data and without a stack', () => {
    for (const code of Object.values(BridgeErrorCode)) {
      const e = new BridgeError(code, `msg ${code}`, { data: { limit: 1 } });
      const wire = serializeError(e);
      expect(wire).toEqual({ code, message: `msg ${code}`, data: { limit: 1 } });
      expect(JSON.stringify(wire)).not.toContain('at ');
      const back = deserializeError(JSON.parse(JSON.stringify(wire)));
      expect(back).toBeInstanceOf(BridgeError);
      expect([back.code, back.message, back.data]).toEqual([code, `msg ${code}`, { limit: 1 }]);
      expect(httpStatusFor[code]).toBeGreaterThanOrEqual(400);
    }
  });

  it('GIVEN foreign throwables THEN fromUnknown keeps a stable code and the cause', () => {
    const plain = new Error('boom');
    expect(BridgeError.fromUnknown(plain)).toMatchObject({ code: 'INTERNAL', message: 'boom', cause: plain });
    expect(BridgeError.fromUnknown(plain, 'HANDLER_ERROR').code).toBe('HANDLER_ERROR');
    expect(BridgeError.fromUnknown({ code: -32001, message: 'denied', data: { capability: 'storage:sql' } })).toMatchObject({ code: 'CAPABILITY_DENIED', data: { capability: 'storage:sql' } });
    expect(BridgeError.fromUnknown({ code: -32000, message: 'ValueError: x' }).code).toBe('HANDLER_ERROR');
    expect(BridgeError.fromUnknown({ code: 'RATE_LIMITED', message: 'slow down' }).code).toBe('RATE_LIMITED');
    expect(BridgeError.fromUnknown(Object.assign(new Error('x'), { name: 'DataCloneError' })).code).toBe('UNSERIALIZABLE');
    expect(BridgeError.fromUnknown('text').message).toBe('text');
    expect(BridgeError.fromUnknown(undefined).code).toBe('INTERNAL');
  });

  it('GIVEN malformed wire errors THEN deserialize gives an INTERNAL BridgeError instead of throwing', () => {
    for (const v of [null, 1, 'x', { code: 'NOPE', message: 3 }, { code: 'CALL_TIMEOUT', message: 'm', data: 'notobj' }, []]) {
      const e = deserializeError(v);
      expect(e).toBeInstanceOf(BridgeError);
      expect(isBridgeErrorCode(e.code)).toBe(true);
    }
    expect(deserializeError({ code: 'NOPE', message: 'm' }).code).toBe('INTERNAL');
  });

  it('GIVEN a very long message THEN serialize caps it', () => {
    expect(serializeError(new BridgeError('INTERNAL', 'x'.repeat(10_000))).message.length).toBe(2000);
  });
});
