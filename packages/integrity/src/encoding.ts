import { IntegrityError, type IntegrityErrorCode } from './IntegrityError.js';
import { nodeCrypto } from './runtime.js';

// Portable (Node and browsers): no Buffer, no node imports.
const textEncoder = new TextEncoder();
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_LOWER = /^(?:[0-9a-f]{2})*$/;
const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b] as string;
  return out;
}

/**
 * Strict standard base64 (padded). Decoders commonly skip junk and ignore the unused bits of the last
 * character, so one string could decode like another: we accept only the one canonical form.
 */
export function fromBase64(text: unknown, expectedBytes: number, code: IntegrityErrorCode, path: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw new IntegrityError(code, `${path} is not standard padded base64`, { path });
  }
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (bytes.length !== expectedBytes) {
    throw new IntegrityError(code, `${path} decodes to ${bytes.length} bytes, expected ${expectedBytes}`, { path });
  }
  if (toBase64(bytes) !== text) {
    throw new IntegrityError(code, `${path} is not canonical base64 (non-zero padding bits)`, { path });
  }
  return bytes;
}

/** Strict lowercase hex of an exact byte length (the seed's HMAC rule: one case only). */
export function fromHex(text: unknown, expectedBytes: number, code: IntegrityErrorCode, path: string): Uint8Array {
  if (typeof text !== 'string' || text.length !== expectedBytes * 2 || !HEX_LOWER.test(text)) {
    throw new IntegrityError(code, `${path} must be ${expectedBytes * 2} lowercase hex characters`, { path });
  }
  const out = new Uint8Array(expectedBytes);
  for (let i = 0; i < expectedBytes; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Compares two byte strings in time that depends only on their lengths (public here: digests and tags
 * have fixed sizes). node:crypto's timingSafeEqual on Node; an accumulate-XOR loop elsewhere.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const crypto = nodeCrypto();
  if (crypto) return crypto.timingSafeEqual(a, b);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** UTF-8 byte order = code point order; UTF-16 unit order differs around surrogates, so walk code points. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}
