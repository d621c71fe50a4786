import { defaultEd25519, ED25519_SEED_BYTES, type Ed25519Backend } from './ed25519.js';
import { IntegrityError } from './IntegrityError.js';
import { keyFingerprint, assertKeyId } from './keyId.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * An Ed25519 secret key with its key id. The seed lives in a private field: it is not an own
 * property, so JSON.stringify, util.inspect, console.log, structuredClone and spreading never see it.
 * The only way out is `exportSeed()`, named so a reviewer can grep for it.
 */
export class SigningKey {
  readonly kid: string;
  readonly publicKey: Uint8Array;
  /** First 8 bytes of SHA-256(publicKey), hex: identifies the key itself, whatever its kid. */
  readonly fingerprint: string;
  readonly #seed: Uint8Array;

  private constructor(seed: Uint8Array, kid: string | undefined, backend: Ed25519Backend) {
    if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_BYTES) {
      throw new IntegrityError('key_malformed', `an Ed25519 secret key is ${ED25519_SEED_BYTES} bytes`);
    }
    this.#seed = Uint8Array.from(seed);
    this.publicKey = backend.publicKeyFromSeed(this.#seed);
    this.fingerprint = keyFingerprint(this.publicKey);
    this.kid = kid ?? this.fingerprint;
    assertKeyId(this.kid, 'kid');
  }

  static generate(options: { kid?: string; backend?: Ed25519Backend } = {}): SigningKey {
    // Web Crypto's CSPRNG: global in browsers and in Node ≥ 19.
    return new SigningKey(globalThis.crypto.getRandomValues(new Uint8Array(ED25519_SEED_BYTES)), options.kid, options.backend ?? defaultEd25519());
  }

  static fromSeed(seed: Uint8Array, options: { kid?: string; backend?: Ed25519Backend } = {}): SigningKey {
    return new SigningKey(seed, options.kid, options.backend ?? defaultEd25519());
  }

  sign(message: Uint8Array, backend: Ed25519Backend = defaultEd25519()): Uint8Array {
    return backend.sign(message, this.#seed);
  }

  /** The raw 32-byte seed, for writing a key file. Handle with care. */
  exportSeed(): Uint8Array {
    return Uint8Array.from(this.#seed);
  }

  toJSON(): { kid: string; fingerprint: string; secretKey: '[redacted]' } {
    return { kid: this.kid, fingerprint: this.fingerprint, secretKey: '[redacted]' };
  }

  toString(): string {
    return `SigningKey(${this.kid}, secret redacted)`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}
