import type { KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { concatBytes, toBase64 } from './encoding.js';
import { nodeCrypto } from './runtime.js';

/**
 * One Ed25519 implementation (RFC 8032, pure Ed25519 — no prehash, no context). Two are provided and
 * give byte-identical signatures (Ed25519 signing is deterministic): node:crypto (OpenSSL, ~100× faster)
 * and tweetnacl (audited pure JS, runs in browsers). Keys are the 32-byte RFC 8032 seed and the
 * 32-byte public key.
 */
export interface Ed25519Backend {
  readonly name: 'node' | 'tweetnacl';
  publicKeyFromSeed(seed: Uint8Array): Uint8Array;
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  /** Raw check only; callers go through `verifyEd25519`, which also enforces the shared strictness rules. */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
}

export const ED25519_SEED_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

// DER wrappers for a raw Ed25519 key (RFC 8410): PKCS#8 private and SPKI public.
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_SIZE = 256;

function crypto() {
  const c = nodeCrypto();
  if (!c) throw new Error('the node:crypto Ed25519 backend needs Node ≥ 20.16; use tweetnaclEd25519 here');
  return c;
}

function nodePublicKey(publicKey: Uint8Array): KeyObject {
  // Importing a key costs about as much as a verify; a verifier checks many statements against few keys.
  const id = toBase64(publicKey);
  let key = publicKeyCache.get(id);
  if (!key) {
    key = crypto().createPublicKey({ key: concatBytes(SPKI_PREFIX, publicKey) as Buffer, format: 'der', type: 'spki' });
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_SIZE) publicKeyCache.delete(publicKeyCache.keys().next().value as string);
    publicKeyCache.set(id, key);
  }
  return key;
}

function nodePrivateKey(seed: Uint8Array): KeyObject {
  return crypto().createPrivateKey({ key: concatBytes(PKCS8_PREFIX, seed) as Buffer, format: 'der', type: 'pkcs8' });
}

/** node:crypto (OpenSSL). Throws on use where node:crypto is not available. */
export const nodeEd25519: Ed25519Backend = {
  name: 'node',
  publicKeyFromSeed(seed) {
    const spki = crypto().createPublicKey(nodePrivateKey(seed)).export({ format: 'der', type: 'spki' });
    return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
  },
  sign(message, seed) {
    return new Uint8Array(crypto().sign(null, message, nodePrivateKey(seed)));
  },
  verify(message, signature, publicKey) {
    try {
      return crypto().verify(null, message, nodePublicKey(publicKey), signature);
    } catch {
      // OpenSSL refuses some encodings (e.g. a public key that is not a curve point) by throwing.
      return false;
    }
  },
};

export const tweetnaclEd25519: Ed25519Backend = {
  name: 'tweetnacl',
  publicKeyFromSeed(seed) {
    return nacl.sign.keyPair.fromSeed(seed).publicKey;
  },
  sign(message, seed) {
    return nacl.sign.detached(message, nacl.sign.keyPair.fromSeed(seed).secretKey);
  },
  verify(message, signature, publicKey) {
    return nacl.sign.detached.verify(message, signature, publicKey);
  },
};

let nodeWorks: boolean | undefined;

/** node:crypto where it is reachable and supports Ed25519, tweetnacl otherwise (browsers, older Node). */
export function defaultEd25519(): Ed25519Backend {
  if (nodeWorks === undefined) {
    try {
      if (!nodeCrypto()) throw new Error('no node:crypto');
      const seed = new Uint8Array(32);
      const pk = nodeEd25519.publicKeyFromSeed(seed);
      nodeWorks = nodeEd25519.verify(new Uint8Array(0), nodeEd25519.sign(new Uint8Array(0), seed), pk);
    } catch {
      nodeWorks = false;
    }
  }
  return nodeWorks ? nodeEd25519 : tweetnaclEd25519;
}

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** RFC 8032 §5.1.7 requires 0 ≤ S < L. tweetnacl skips this check, OpenSSL does it: doing it here keeps them in agreement. */
export function hasCanonicalS(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i] as number;
    const l = L[i] as number;
    if (s < l) return true;
    if (s > l) return false;
  }
  return false; // S == L
}

/**
 * The one verification entry point: fixed lengths, canonical S, then the backend. Every caller in
 * this package goes through it so that both backends accept and refuse exactly the same inputs.
 */
export function verifyEd25519(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, backend: Ed25519Backend = defaultEd25519()): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  if (!hasCanonicalS(signature)) return false;
  return backend.verify(message, signature, publicKey);
}
