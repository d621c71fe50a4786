import { chmodSync, existsSync, statSync, writeFileSync, readFileSync, renameSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { fromBase64, toBase64 } from './encoding.js';
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SEED_BYTES, defaultEd25519 } from './ed25519.js';
import { IntegrityError } from './IntegrityError.js';
import { assertKeyId, keyFingerprint } from './keyId.js';
import { SigningKey } from './SigningKey.js';
import { TrustSet, type TrustedKey } from './TrustSet.js';

/**
 * Key files (JSON, UTF-8):
 *   public:  { "format": "maidkit-key/v1", "kty": "Ed25519", "kid", "fingerprint", "publicKey" }
 *   secret:  the same plus "secretKey": base64 of the 32-byte RFC 8032 seed; written with mode 0600.
 */
export const KEY_FILE_FORMAT = 'maidkit-key/v1';

export interface PublicKeyFile {
  format: typeof KEY_FILE_FORMAT;
  kty: 'Ed25519';
  kid: string;
  fingerprint: string;
  publicKey: string;
}

export interface SecretKeyFile extends PublicKeyFile {
  secretKey: string;
}

export function publicKeyFile(key: { kid: string; publicKey: Uint8Array }): PublicKeyFile {
  return { format: KEY_FILE_FORMAT, kty: 'Ed25519', kid: key.kid, fingerprint: keyFingerprint(key.publicKey), publicKey: toBase64(key.publicKey) };
}

export function encodePublicKeyFile(key: { kid: string; publicKey: Uint8Array }): string {
  return `${JSON.stringify(publicKeyFile(key), null, 2)}\n`;
}

export function encodeSecretKeyFile(key: SigningKey): string {
  const file: SecretKeyFile = { ...publicKeyFile(key), secretKey: toBase64(key.exportSeed()) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function parseJson(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never pass on the SyntaxError: V8 quotes the surrounding input, which may be a secret key.
    throw new IntegrityError('key_malformed', `${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new IntegrityError('key_malformed', `${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function checkHeader(file: Record<string, unknown>, what: string): void {
  if (file.format !== KEY_FILE_FORMAT) throw new IntegrityError('key_malformed', `${what}: "format" must be "${KEY_FILE_FORMAT}"`, { path: '/format' });
  if (file.kty !== 'Ed25519') throw new IntegrityError('key_malformed', `${what}: "kty" must be "Ed25519"`, { path: '/kty' });
  assertKeyId(file.kid, '/kid');
}

export function parsePublicKeyFile(text: string): TrustedKey {
  const file = parseJson(text, 'public key file');
  checkHeader(file, 'public key file');
  const publicKey = fromBase64(file.publicKey, ED25519_PUBLIC_KEY_BYTES, 'key_malformed', '/publicKey');
  if (file.fingerprint !== undefined && file.fingerprint !== keyFingerprint(publicKey)) {
    throw new IntegrityError('key_malformed', 'public key file: "fingerprint" does not match "publicKey" (the file was edited or corrupted)', { path: '/fingerprint' });
  }
  return { kid: file.kid as string, publicKey };
}

export function parseSecretKeyFile(text: string): SigningKey {
  const file = parseJson(text, 'secret key file');
  checkHeader(file, 'secret key file');
  if (file.secretKey === undefined) throw new IntegrityError('key_malformed', 'this is a public key file; signing needs the secret key file', { path: '/secretKey' });
  // Error messages name the field, never its value.
  const seed = fromBase64(file.secretKey, ED25519_SEED_BYTES, 'key_malformed', '/secretKey');
  const key = SigningKey.fromSeed(seed, { kid: file.kid as string, backend: defaultEd25519() });
  seed.fill(0);
  if (file.publicKey !== toBase64(key.publicKey)) {
    throw new IntegrityError('key_malformed', 'secret key file: "publicKey" does not belong to "secretKey" (the file was edited or corrupted)', { path: '/publicKey' });
  }
  return key;
}

/**
 * Reads `--keys`: a trust file (`maidkit-trust/v1`) or a single public key file (a trust set of one).
 * A secret key file is refused, so that secrets are never copied to where verification happens.
 */
export function parseTrustInput(text: string): TrustSet {
  const file = parseJson(text, 'keys file');
  if (file.format === 'maidkit-trust/v1') return TrustSet.fromJSON(file);
  if (file.secretKey !== undefined) {
    throw new IntegrityError('key_malformed', 'this is a secret key file; verification needs only the public key (the .pub file)', { path: '/secretKey' });
  }
  const key = parsePublicKeyFile(text);
  return new TrustSet({ keys: [key] });
}

function writeDurably(path: string, text: string, mode: number, overwrite: boolean): void {
  if (!overwrite) {
    // `wx`: fail if it exists — a keygen must never clobber a key that signed releases.
    try {
      writeFileSync(path, text, { mode, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new IntegrityError('key_file_exists', `${path} already exists`, { path, hint: 'Choose another --out, or pass --force to replace it.' });
      throw err;
    }
    chmodSync(path, mode); // the umask may have narrowed `mode`; make it exact
    return;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode, flag: 'w' });
  chmodSync(tmp, mode);
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

/** Writes `path` (secret, mode 0600) and `publicPath` (mode 0644). */
export function writeKeyFiles(key: SigningKey, path: string, publicPath: string, options: { overwrite?: boolean } = {}): void {
  // Check both first, so a refusal never leaves a new secret key without its public half.
  for (const p of options.overwrite ? [] : [path, publicPath]) {
    if (existsSync(p)) throw new IntegrityError('key_file_exists', `${p} already exists`, { path: p, hint: 'Choose another --out, or pass --force to replace it.' });
  }
  writeDurably(path, encodeSecretKeyFile(key), 0o600, options.overwrite ?? false);
  writeDurably(publicPath, encodePublicKeyFile(key), 0o644, options.overwrite ?? false);
}

/** Loads a secret key file; like ssh, refuses one that group or others can read (unless told otherwise). */
export function readSecretKeyFile(path: string, options: { allowInsecurePermissions?: boolean } = {}): SigningKey {
  if (process.platform !== 'win32' && !options.allowInsecurePermissions) {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new IntegrityError('key_file_permissions', `${path} has mode ${mode.toString(8).padStart(4, '0')}; secret key files must not be readable by group or others`, {
        path,
        hint: `chmod 600 ${path}`,
      });
    }
  }
  return parseSecretKeyFile(readFileSync(path, 'utf8'));
}

export function readTrustFile(path: string): TrustSet {
  return parseTrustInput(readFileSync(path, 'utf8'));
}
