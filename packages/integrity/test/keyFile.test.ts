import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../src/IntegrityError.js';
import { encodeSecretKeyFile, parsePublicKeyFile, parseSecretKeyFile, parseTrustInput, readSecretKeyFile, writeKeyFiles } from '../src/keyFile.js';
import { SigningKey } from '../src/SigningKey.js';

const dir = () => mkdtempSync(join(tmpdir(), 'maidkit-keys-'));

function secretOf(key: SigningKey): string {
  return Buffer.from(key.exportSeed()).toString('base64');
}

function expectNoSecret(text: string, key: SigningKey): void {
  const seed = key.exportSeed();
  expect(text).not.toContain(secretOf(key));
  expect(text).not.toContain(Buffer.from(seed).toString('hex'));
  expect(text).not.toContain(Buffer.from(seed).toString('base64url'));
}

describe('key files', () => {
  it('GIVEN a generated key written to disk THEN the secret file is mode 0600, the public one 0644, and both load back', () => {
    const d = dir();
    const key = SigningKey.generate({ kid: 'publisher-2026' });
    writeKeyFiles(key, join(d, 'k.key'), join(d, 'k.key.pub'));
    expect(statSync(join(d, 'k.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'k.key.pub')).mode & 0o777).toBe(0o644);
    const loaded = readSecretKeyFile(join(d, 'k.key'));
    expect(loaded.kid).toBe('publisher-2026');
    expect(Buffer.from(loaded.publicKey)).toEqual(Buffer.from(key.publicKey));
    const pub = readFileSync(join(d, 'k.key.pub'), 'utf8');
    expectNoSecret(pub, key);
    expect(parsePublicKeyFile(pub)).toEqual({ kid: 'publisher-2026', publicKey: key.publicKey });
    expect(JSON.parse(readFileSync(join(d, 'k.key'), 'utf8'))).toMatchObject({ format: 'maidkit-key/v1', kty: 'Ed25519', kid: 'publisher-2026', fingerprint: key.fingerprint });
  });

  it('GIVEN an existing key file THEN writing again is refused (key_file_exists) unless overwrite', () => {
    const d = dir();
    const key = SigningKey.generate();
    writeKeyFiles(key, join(d, 'k'), join(d, 'k.pub'));
    expect(() => writeKeyFiles(SigningKey.generate(), join(d, 'k'), join(d, 'k.pub'))).toThrowError(expect.objectContaining({ code: 'key_file_exists' }) as Error);
    expect(readSecretKeyFile(join(d, 'k')).fingerprint).toBe(key.fingerprint);
    const replacement = SigningKey.generate();
    writeKeyFiles(replacement, join(d, 'k'), join(d, 'k.pub'), { overwrite: true });
    expect(readSecretKeyFile(join(d, 'k')).fingerprint).toBe(replacement.fingerprint);
    expect(statSync(join(d, 'k')).mode & 0o777).toBe(0o600);
  });

  it('GIVEN only the public file exists THEN nothing is written (no orphaned secret key)', () => {
    const d = dir();
    writeFileSync(join(d, 'k.pub'), 'someone else\'s');
    expect(() => writeKeyFiles(SigningKey.generate(), join(d, 'k'), join(d, 'k.pub'))).toThrowError(expect.objectContaining({ code: 'key_file_exists' }) as Error);
    expect(existsSync(join(d, 'k'))).toBe(false);
  });

  it('GIVEN a secret key file readable by others THEN key_file_permissions', () => {
    const d = dir();
    writeKeyFiles(SigningKey.generate(), join(d, 'k'), join(d, 'k.pub'));
    chmodSync(join(d, 'k'), 0o644);
    expect(() => readSecretKeyFile(join(d, 'k'))).toThrowError(expect.objectContaining({ code: 'key_file_permissions', hint: `chmod 600 ${join(d, 'k')}` }) as Error);
    expect(readSecretKeyFile(join(d, 'k'), { allowInsecurePermissions: true }).kid).toMatch(/^[0-9a-f]{16}$/);
  });

  it('GIVEN a SigningKey THEN JSON, inspect, String, console-style formatting and spreading never reveal the secret', () => {
    const key = SigningKey.generate({ kid: 'k' });
    const outputs = [JSON.stringify(key), JSON.stringify({ key }), inspect(key), inspect({ nested: { key } }, { depth: 5, showHidden: true }), String(key), `${key}`, JSON.stringify({ ...key }), inspect(Object.entries(key))];
    for (const text of outputs) expectNoSecret(text, key);
    expect(JSON.parse(JSON.stringify(key))).toEqual({ kid: 'k', fingerprint: key.fingerprint, secretKey: '[redacted]' });
    expect(Object.keys(key)).not.toContain('seed');
  });

  it.each([
    ['truncated JSON', (t: string) => t.slice(0, t.indexOf('"secretKey"') + 30)],
    ['a secret of the wrong length', (t: string) => t.replace(/"secretKey": "([^"]+)"/, (_m, s: string) => `"secretKey": "${s.slice(4)}"`)],
    ['a secret with junk characters', (t: string) => t.replace(/"secretKey": "([^"]{3})/, '"secretKey": "!$1')],
    ['a public key that does not belong to the secret', (t: string) => t.replace(/"publicKey": "[^"]+"/, `"publicKey": "${Buffer.alloc(32, 7).toString('base64')}"`)],
    ['another format', (t: string) => t.replace('maidkit-key/v1', 'maidkit-key/v9')],
  ])('GIVEN a secret key file with %s THEN key_malformed, and the error shows no part of the secret', (_n, mangle) => {
    const key = SigningKey.generate();
    const text = mangle(encodeSecretKeyFile(key));
    try {
      parseSecretKeyFile(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as IntegrityError).code).toBe('key_malformed');
      const seen = [inspect(err, { depth: 10 }), JSON.stringify(err), (err as Error).message, (err as Error).stack ?? ''].join('\n');
      expectNoSecret(seen, key);
      expect(seen).not.toContain(secretOf(key).slice(4, 24));
    }
  });

  it('GIVEN --keys input THEN a trust file or a public key file is accepted and a secret key file is refused', () => {
    const key = SigningKey.generate({ kid: 'a' });
    expect(parseTrustInput(JSON.stringify({ format: 'maidkit-key/v1', kty: 'Ed25519', kid: 'a', publicKey: Buffer.from(key.publicKey).toString('base64') })).activeKeys()).toHaveLength(1);
    expect(() => parseTrustInput(encodeSecretKeyFile(key))).toThrowError(expect.objectContaining({ code: 'key_malformed', path: '/secretKey' }) as Error);
    expect(() => parseTrustInput('[]')).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
  });

  it('GIVEN a public key file whose fingerprint does not match THEN key_malformed', () => {
    const key = SigningKey.generate({ kid: 'a' });
    expect(() => parsePublicKeyFile(JSON.stringify({ format: 'maidkit-key/v1', kty: 'Ed25519', kid: 'a', fingerprint: '0000000000000000', publicKey: Buffer.from(key.publicKey).toString('base64') }))).toThrowError(
      expect.objectContaining({ code: 'key_malformed', path: '/fingerprint' }) as Error,
    );
  });

  it('GIVEN a kid with spaces or a colon THEN key_malformed', () => {
    expect(() => SigningKey.generate({ kid: 'a b' })).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
    expect(() => SigningKey.generate({ kid: 'a:b' })).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
    expect(() => SigningKey.fromSeed(new Uint8Array(31))).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
  });
});
