import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

// Slice-by-4 tables for the fallback (Node < 20.15 has no zlib.crc32).
const TABLES: Uint32Array[] = (() => {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let s = 1; s < 4; s++) {
    const prev = tables[s - 1] as Uint32Array;
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (t0[(prev[n] as number) & 0xff] as number) ^ ((prev[n] as number) >>> 8);
    tables.push(t);
  }
  return tables;
})();

/** CRC-32 (ISO-HDLC, as zip uses) in plain JavaScript; exported for tests and for old Node versions. */
export function crc32Js(data: Uint8Array, value = 0): number {
  const [t0, t1, t2, t3] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let c = ~value >>> 0;
  let i = 0;
  const n4 = data.length & ~3;
  for (; i < n4; i += 4) {
    c ^= (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    c = (t3[c & 0xff] as number) ^ (t2[(c >>> 8) & 0xff] as number) ^ (t1[(c >>> 16) & 0xff] as number) ^ (t0[c >>> 24] as number);
  }
  for (; i < data.length; i++) c = (t0[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as unknown as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`: zlib's native one when Node has it (20.15+), else the JavaScript one. */
export const crc32: Crc32 = typeof native === 'function' ? (data, value) => native(data, value ?? 0) >>> 0 : crc32Js;
