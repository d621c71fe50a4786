import { fromBase64, toBase64 } from './encoding.js';
import { defaultEd25519, ED25519_PUBLIC_KEY_BYTES, verifyEd25519, type Ed25519Backend } from './ed25519.js';
import { IntegrityError } from './IntegrityError.js';
import { assertKeyId, keyFingerprint } from './keyId.js';
import type { KeyRevocationStatement, KeyRotationStatement } from './keyStatements.js';
import { parseEnvelope, signaturePreimage, type SignedEnvelope, type StatementSignature, type StatementType } from './statement.js';

export interface TrustedKey {
  kid: string;
  publicKey: Uint8Array;
}

/** The trust file (`--keys`): pinned public keys by id, revoked ids, and how many must sign. */
export interface TrustFile {
  format: 'maidkit-trust/v1';
  threshold: number;
  keys: { kid: string; publicKey: string }[];
  revoked: string[];
}

interface Outcome {
  ok: boolean;
  error?: IntegrityError;
}

/**
 * A pinned key set. Immutable: rotation, revocation and threshold changes return a new TrustSet, which
 * the host persists (`toJSON()`) once it is satisfied. Revoked ids stay listed forever so a replayed
 * rotation can never bring a revoked key back.
 */
export class TrustSet {
  readonly threshold: number;
  readonly #keys: ReadonlyMap<string, Uint8Array>;
  readonly #fingerprints: ReadonlyMap<string, string>;
  readonly #revoked: ReadonlySet<string>;

  constructor(options: { keys: readonly TrustedKey[]; revoked?: Iterable<string>; threshold?: number }) {
    const keys = new Map<string, Uint8Array>();
    options.keys.forEach((k, i) => {
      assertKeyId(k.kid, `/keys/${i}/kid`);
      if (!(k.publicKey instanceof Uint8Array) || k.publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
        throw new IntegrityError('key_malformed', `/keys/${i}/publicKey must be ${ED25519_PUBLIC_KEY_BYTES} bytes`, { path: `/keys/${i}/publicKey` });
      }
      const existing = keys.get(k.kid);
      if (existing && keyFingerprint(existing) !== keyFingerprint(k.publicKey)) {
        throw new IntegrityError('key_conflict', `key id ${k.kid} is listed twice with different keys`, { path: `/keys/${i}/kid` });
      }
      keys.set(k.kid, Uint8Array.from(k.publicKey));
    });
    this.#keys = keys;
    this.#fingerprints = new Map([...keys].map(([kid, pk]) => [kid, keyFingerprint(pk)]));
    this.#revoked = new Set(options.revoked ?? []);
    this.threshold = options.threshold ?? 1;
    if (!Number.isSafeInteger(this.threshold) || this.threshold < 1) {
      throw new IntegrityError('key_malformed', 'threshold must be an integer ≥ 1', { path: '/threshold' });
    }
    // No "enough usable keys" check here: revoking the last key of a compromised set must be possible;
    // such a set simply refuses everything with threshold_not_met / key_revoked.
  }

  static fromJSON(value: unknown): TrustSet {
    const v = value as Partial<TrustFile> | null;
    if (typeof v !== 'object' || v === null || v.format !== 'maidkit-trust/v1') {
      throw new IntegrityError('key_malformed', 'a trust file is { "format": "maidkit-trust/v1", "threshold", "keys", "revoked" }', { path: '/format' });
    }
    if (!Array.isArray(v.keys)) throw new IntegrityError('key_malformed', '/keys must be an array', { path: '/keys' });
    if (v.revoked !== undefined && (!Array.isArray(v.revoked) || !v.revoked.every((r) => typeof r === 'string'))) {
      throw new IntegrityError('key_malformed', '/revoked must be an array of key ids', { path: '/revoked' });
    }
    const keys = v.keys.map((k, i) => ({
      kid: (k as { kid?: unknown })?.kid as string,
      publicKey: fromBase64((k as { publicKey?: unknown })?.publicKey, ED25519_PUBLIC_KEY_BYTES, 'key_malformed', `/keys/${i}/publicKey`),
    }));
    return new TrustSet({ keys, revoked: v.revoked ?? [], threshold: v.threshold ?? 1 });
  }

  toJSON(): TrustFile {
    return {
      format: 'maidkit-trust/v1',
      threshold: this.threshold,
      keys: [...this.#keys].map(([kid, pk]) => ({ kid, publicKey: toBase64(pk) })),
      revoked: [...this.#revoked].sort(),
    };
  }

  /** Every pinned key, revoked ones included (they are still named in `revoked`). */
  keys(): TrustedKey[] {
    return [...this.#keys].map(([kid, publicKey]) => ({ kid, publicKey: Uint8Array.from(publicKey) }));
  }

  activeKeys(): TrustedKey[] {
    return this.keys().filter((k) => !this.#revoked.has(k.kid));
  }

  isRevoked(kid: string): boolean {
    return this.#revoked.has(kid);
  }

  withKey(key: TrustedKey): TrustSet {
    if (this.#revoked.has(key.kid)) throw new IntegrityError('key_revoked', `key id ${key.kid} is revoked and cannot be pinned again`, { path: key.kid });
    return new TrustSet({ keys: [...this.keys(), key], revoked: this.#revoked, threshold: this.threshold });
  }

  /** A local revocation (the host's own decision; no statement needed). */
  revoke(kid: string): TrustSet {
    return new TrustSet({ keys: this.keys(), revoked: [...this.#revoked, kid], threshold: this.threshold });
  }

  withThreshold(threshold: number): TrustSet {
    return new TrustSet({ keys: this.keys(), revoked: this.#revoked, threshold });
  }

  /**
   * Checks the signatures on a parsed envelope and returns the ids of the distinct keys that signed.
   * Distinct means distinct key material: one key pinned under two ids counts once toward the threshold.
   * When too few verify, the error names the first failure (unknown / revoked / mismatched key, bad
   * signature), or `threshold_not_met` when some verified but not enough.
   */
  verifySignatures(type: StatementType, envelope: SignedEnvelope<unknown>, backend: Ed25519Backend = defaultEd25519()): string[] {
    const signers: string[] = [];
    const fingerprints = new Set<string>();
    const failures: IntegrityError[] = [];
    envelope.signatures.forEach((s, i) => {
      const outcome = this.#check(type, envelope.statement, s, `/signatures/${i}`, backend);
      if (outcome.ok) {
        const fp = this.#fingerprints.get(s.kid) as string;
        if (!fingerprints.has(fp)) {
          fingerprints.add(fp);
          signers.push(s.kid);
        }
      } else if (outcome.error) failures.push(outcome.error);
    });
    if (signers.length >= this.threshold) return signers;
    const first = failures[0];
    if (signers.length === 0 && first) throw first;
    throw new IntegrityError('threshold_not_met', `${signers.length} distinct trusted key(s) signed; ${this.threshold} required${first ? ` (also: ${first.message})` : ''}`, {
      path: '/signatures',
    });
  }

  #check(type: StatementType, statement: unknown, s: StatementSignature, path: string, backend: Ed25519Backend): Outcome {
    const publicKey = this.#keys.get(s.kid);
    if (this.#revoked.has(s.kid)) return { ok: false, error: new IntegrityError('key_revoked', `statement is signed by revoked key ${s.kid}`, { path: `${path}/kid` }) };
    if (!publicKey) {
      return { ok: false, error: new IntegrityError('key_unknown', `statement is signed by key ${s.kid}, which is not pinned`, { path: `${path}/kid`, hint: 'Add the publisher\'s public key to the trust file, or check you were given the right statement.' }) };
    }
    const pinned = this.#fingerprints.get(s.kid) as string;
    if (pinned !== s.fp) {
      return { ok: false, error: new IntegrityError('key_mismatch', `key id ${s.kid} is pinned to key ${pinned}, but the signature says it was made by key ${s.fp}`, { path: `${path}/fp` }) };
    }
    const signature = fromBase64(s.sig, 64, 'signature_malformed', `${path}/sig`);
    if (!verifyEd25519(signaturePreimage(type, s.kid, s.fp, statement), signature, publicKey, backend)) {
      return { ok: false, error: new IntegrityError('signature_invalid', `signature by ${s.kid} does not verify: the statement was altered or forged`, { path: `${path}/sig` }) };
    }
    return { ok: true };
  }

  /** Applies a key rotation signed by (threshold of) the current keys; returns the new set. */
  applyRotation(input: string | Uint8Array | SignedEnvelope<unknown>, backend: Ed25519Backend = defaultEd25519()): TrustSet {
    const envelope = parseEnvelope(input, 'maidkit.key-rotation', [1]);
    const s = envelope.statement as Partial<KeyRotationStatement>;
    const key = s.key;
    if (typeof key !== 'object' || key === null || !Array.isArray(s.retires) || !Number.isSafeInteger(s.issuedAt)) {
      throw new IntegrityError('statement_malformed', 'a key rotation is { type, v, key: { kid, publicKey }, retires: [], issuedAt }', { path: '/statement' });
    }
    assertKeyId(key.kid, '/statement/key/kid');
    s.retires.forEach((kid, i) => assertKeyId(kid, `/statement/retires/${i}`));
    const publicKey = fromBase64(key.publicKey, ED25519_PUBLIC_KEY_BYTES, 'key_malformed', '/statement/key/publicKey');
    this.verifySignatures('maidkit.key-rotation', envelope, backend);
    if (this.#revoked.has(key.kid)) throw new IntegrityError('key_revoked', `rotation introduces revoked key id ${key.kid}`, { path: '/statement/key/kid' });
    const existing = this.#keys.get(key.kid);
    if (existing && keyFingerprint(existing) !== keyFingerprint(publicKey)) {
      throw new IntegrityError('key_conflict', `key id ${key.kid} is already pinned to another key`, { path: '/statement/key/kid' });
    }
    const keys = existing ? this.keys() : [...this.keys(), { kid: key.kid, publicKey }];
    return new TrustSet({ keys, revoked: [...this.#revoked, ...(s.retires as string[])], threshold: this.threshold });
  }

  /** Applies a revocation signed by (threshold of) the current keys — the revoked key itself may sign it. */
  applyRevocation(input: string | Uint8Array | SignedEnvelope<unknown>, backend: Ed25519Backend = defaultEd25519()): TrustSet {
    const envelope = parseEnvelope(input, 'maidkit.key-revocation', [1]);
    const s = envelope.statement as Partial<KeyRevocationStatement>;
    assertKeyId(s.kid, '/statement/kid');
    if (!Number.isSafeInteger(s.issuedAt)) throw new IntegrityError('statement_malformed', '/statement/issuedAt must be integer Unix seconds', { path: '/statement/issuedAt' });
    this.verifySignatures('maidkit.key-revocation', envelope, backend);
    return this.revoke(s.kid);
  }
}
