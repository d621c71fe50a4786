import { toHex } from './encoding.js';
import { nodeCrypto } from './runtime.js';

/** SHA-256: node:crypto (OpenSSL, ~1.3 GiB/s) on Node, a portable implementation elsewhere. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const crypto = nodeCrypto();
  return crypto ? new Uint8Array(crypto.createHash('sha256').update(bytes).digest()) : sha256Portable(bytes);
}

export function sha256Hex(bytes: Uint8Array): string {
  const crypto = nodeCrypto();
  return crypto ? crypto.createHash('sha256').update(bytes).digest('hex') : toHex(sha256Portable(bytes));
}

// FIPS 180-4 constants, derived rather than typed in: the first 32 bits of the fractional parts of the
// square roots (H0) and cube roots (K) of the first primes. A test checks the output against OpenSSL.
const K = new Uint32Array(64);
const H0 = new Uint32Array(8);
{
  const frac = (x: number) => ((x - Math.floor(x)) * 0x1_0000_0000) >>> 0;
  let n = 0;
  for (let c = 2; n < 64; c++) {
    let prime = true;
    for (let d = 2; d * d <= c; d++) if (c % d === 0) prime = false;
    if (!prime) continue;
    if (n < 8) H0[n] = frac(Math.sqrt(c));
    K[n] = frac(Math.cbrt(c));
    n++;
  }
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Portable SHA-256 (no Node, no async WebCrypto): ~10× slower than OpenSSL, fine for keys and statements. */
export function sha256Portable(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      w[i] = ((w[i - 16] as number) + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + (w[i - 7] as number) + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10))) >>> 0;
    }
    let a = h[0] as number, b = h[1] as number, c = h[2] as number, d = h[3] as number;
    let e = h[4] as number, f = h[5] as number, g = h[6] as number, k = h[7] as number;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const out = [a, b, c, d, e, f, g, k];
    for (let i = 0; i < 8; i++) h[i] = ((h[i] as number) + (out[i] as number)) >>> 0;
  }
  const digest = new Uint8Array(32);
  const dv = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) dv.setUint32(i * 4, h[i] as number);
  return digest;
}
