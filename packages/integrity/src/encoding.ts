import { timingSafeEqual } from 'node:crypto';
import { IntegrityError, type IntegrityErrorCode } from './IntegrityError.js';

const textEncoder = new TextEncoder();
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_LOWER = /^(?:[0-9a-f]{2})*$/;

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Strict standard base64 (padded). Node's decoder silently skips junk and ignores the unused bits of
 * the last character, so one string could decode like another: we accept only the one canonical form.
 */
export function fromBase64(text: unknown, expectedBytes: number, code: IntegrityErrorCode, path: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw new IntegrityError(code, `${path} is not standard padded base64`, { path });
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
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
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/**
 * Compares two byte strings in time that depends only on their lengths (lengths are public here:
 * digests and tags have fixed sizes).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
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
