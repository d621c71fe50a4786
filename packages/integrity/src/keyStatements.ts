import { toBase64 } from './encoding.js';
import { assertKeyId } from './keyId.js';
import { nowSeconds } from './release.js';
import { signEnvelope, type SignedEnvelope } from './statement.js';
import type { SigningKey } from './SigningKey.js';

/** Introduces `key`, signed by (threshold of) the keys trusted now; `retires` revokes old ids in the same step. */
export interface KeyRotationStatement {
  type: 'maidkit.key-rotation';
  v: 1;
  key: { kid: string; publicKey: string };
  retires: string[];
  issuedAt: number;
}

export interface KeyRevocationStatement {
  type: 'maidkit.key-revocation';
  v: 1;
  kid: string;
  issuedAt: number;
}

export function signKeyRotation(newKey: { kid: string; publicKey: Uint8Array }, signers: SigningKey | readonly SigningKey[], options: { retires?: readonly string[]; issuedAt?: number } = {}): SignedEnvelope<KeyRotationStatement> {
  assertKeyId(newKey.kid, 'newKey.kid');
  (options.retires ?? []).forEach((kid, i) => assertKeyId(kid, `retires/${i}`));
  return signEnvelope<KeyRotationStatement>(
    { type: 'maidkit.key-rotation', v: 1, key: { kid: newKey.kid, publicKey: toBase64(newKey.publicKey) }, retires: [...(options.retires ?? [])].sort(), issuedAt: options.issuedAt ?? nowSeconds() },
    signers,
  );
}

export function signKeyRevocation(kid: string, signers: SigningKey | readonly SigningKey[], options: { issuedAt?: number } = {}): SignedEnvelope<KeyRevocationStatement> {
  assertKeyId(kid, 'kid');
  return signEnvelope<KeyRevocationStatement>({ type: 'maidkit.key-revocation', v: 1, kid, issuedAt: options.issuedAt ?? nowSeconds() }, signers);
}
