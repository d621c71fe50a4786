import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { crc32Js } from '../../src/zip/crc32.js';
import { crc32 } from '../../src/zip/index.js';

it('GIVEN the check string THEN both CRC-32s give cbf43926', () => {
  const check = new TextEncoder().encode('123456789');
  expect(crc32Js(check)).toBe(0xcbf43926);
  expect(crc32(check)).toBe(0xcbf43926);
});

it('GIVEN any bytes, split anywhere THEN the JavaScript CRC-32 equals the native one and continues across chunks', () => {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
      const at = Math.min(cut, data.length);
      const whole = crc32Js(data);
      expect(crc32Js(data.subarray(at), crc32Js(data.subarray(0, at)))).toBe(whole);
      expect(crc32(data)).toBe(whole);
      if (native) expect(native(data) >>> 0).toBe(whole);
    }),
  );
});
