import { IntegrityError } from './IntegrityError.js';
import { sha256 } from './sha256.js';
import { toHex } from './encoding.js';

/** Key ids are short labels chosen by the publisher; no `:` or whitespace so they fit in any line format. */
export const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function assertKeyId(kid: unknown, path: string): asserts kid is string {
  if (typeof kid !== 'string' || !KEY_ID.test(kid)) {
    throw new IntegrityError('key_malformed', `${path} must be 1–64 characters of [A-Za-z0-9._@+-], starting with a letter or digit`, { path });
  }
}

/** 8 bytes of SHA-256 over the raw public key, hex (like minisign's key id): names the key material. */
export function keyFingerprint(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey).subarray(0, 8));
}
