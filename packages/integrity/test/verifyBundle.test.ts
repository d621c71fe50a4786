import { describe, expect, it } from 'vitest';
import { IntegrityError, type IntegrityErrorCode } from '../src/IntegrityError.js';
import { encodeSignedRelease, parseSignedRelease, signRelease, type SignedRelease } from '../src/release.js';
import { encodeEnvelope, signEnvelope } from '../src/statement.js';
import { TrustSet } from '../src/TrustSet.js';
import { MemoryVersionState } from '../src/state/MemoryVersionState.js';
import { verifyBundle, verifyStatement } from '../src/verifyBundle.js';
import { tweetnaclEd25519 } from '../src/ed25519.js';
import { flipByte, pluginZip, T0, testKey } from './helpers/fixtures.js';

const key = testKey(1);
const other = testKey(2);
const trust = new TrustSet({ keys: [{ kid: key.kid, publicKey: key.publicKey }] });

function release(version = '1.0.0', options: { capabilities?: string[]; issuedAt?: number; expiresIn?: number; pluginId?: string } = {}) {
  const { zipBytes, files } = pluginZip(version);
  const signed = signRelease(
    { pluginId: options.pluginId ?? 'my_plugin', version, zipBytes, files, capabilities: options.capabilities ?? ['discord:send_message'], issuedAt: options.issuedAt ?? T0, expiresIn: options.expiresIn ?? 3600 },
    key,
  );
  return { zipBytes, files, signed, text: encodeSignedRelease(signed) };
}

async function refusal(promise: Promise<unknown>): Promise<IntegrityErrorCode> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof IntegrityError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal, but it verified');
}

describe('verifyBundle', () => {
  it('GIVEN an untouched bundle and statement THEN it verifies, names the signer and records the version', async () => {
    const r = release();
    const state = new MemoryVersionState();
    const verified = await verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, state, now: T0 + 10, expect: { pluginId: 'my_plugin', version: '1.0.0' } });
    expect(verified.signers).toEqual([key.kid]);
    expect(verified.statement.pluginId).toBe('my_plugin');
    expect(verified.decision?.kind).toBe('install');
    expect(state.get('my_plugin')?.version).toBe('1.0.0');
  });

  it('GIVEN a statement file THEN its format is exactly canonical JSON + LF, and the same inputs sign to the same bytes', () => {
    const a = release();
    const b = release();
    expect(a.text).toBe(b.text);
    expect(a.text.endsWith('}\n')).toBe(true);
    expect(a.text).not.toMatch(/\s(?!$)/);
    expect(Object.keys(JSON.parse(a.text).statement)).toEqual(['bundleDigest', 'capabilities', 'expiresAt', 'issuedAt', 'pluginId', 'size', 'type', 'v', 'version', 'zipSha256']);
  });

  it('GIVEN one flipped bit at EVERY byte of the zip THEN every variant is refused with sha256_mismatch', async () => {
    const r = release();
    const codes = new Set<string>();
    for (let i = 0; i < r.zipBytes.length; i++) {
      codes.add(await refusal(verifyBundle({ zipBytes: flipByte(r.zipBytes, i), files: r.files, statement: r.text, trust, now: T0 })));
    }
    expect(r.zipBytes.length).toBeGreaterThan(300);
    expect([...codes]).toEqual(['sha256_mismatch']);
  });

  it('GIVEN one flipped bit at EVERY byte of the statement file THEN every variant is refused', async () => {
    const r = release();
    const bytes = new TextEncoder().encode(r.text);
    const codes = new Map<string, number>();
    for (let i = 0; i < bytes.length; i++) {
      const code = await refusal(verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: flipByte(bytes, i), trust, now: T0 }));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    // Each flip lands in JSON structure, a signed field, the signature, the key id or fingerprint.
    const allowed: IntegrityErrorCode[] = ['statement_malformed', 'statement_not_canonical', 'statement_wrong_type', 'statement_unknown_version', 'signature_malformed', 'signature_invalid', 'key_unknown', 'key_mismatch'];
    for (const code of codes.keys()) expect(allowed).toContain(code);
    expect(codes.get('signature_invalid')).toBeGreaterThan(50);
  });

  it('GIVEN the same tampering with the tweetnacl backend THEN the outcomes are identical to node:crypto', async () => {
    const r = release();
    const bytes = new TextEncoder().encode(r.text);
    for (let i = 0; i < bytes.length; i += 7) {
      const tampered = flipByte(bytes, i);
      const a = await refusal(verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: tampered, trust, now: T0 }));
      const b = await refusal(verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: tampered, trust, now: T0, backend: tweetnaclEd25519 }));
      expect(b).toBe(a);
    }
  });

  // The tamper table: each attack, its own documented code.
  const cases: [string, () => Promise<unknown>, IntegrityErrorCode][] = [
    ['the files differ from the signed set (zip re-packed with another file)', async () => {
      const r = release();
      const files = new Map(r.files);
      files.set('__main__.py', new TextEncoder().encode('import os\n'));
      return verifyBundle({ zipBytes: r.zipBytes, files, statement: r.text, trust, now: T0 });
    }, 'bundle_digest_mismatch'],
    ['a signature by a key that is not pinned', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust: new TrustSet({ keys: [{ kid: other.kid, publicKey: other.publicKey }] }), now: T0 });
    }, 'key_unknown'],
    ['the wrong key pinned under the signer\'s key id', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust: new TrustSet({ keys: [{ kid: key.kid, publicKey: other.publicKey }] }), now: T0 });
    }, 'key_mismatch'],
    ['a forged signature under a pinned key id and fingerprint', async () => {
      const r = release();
      const forged = signEnvelope(r.signed.statement, other);
      forged.signatures[0] = { kid: key.kid, fp: key.fingerprint, sig: forged.signatures[0]!.sig };
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(forged), trust, now: T0 });
    }, 'signature_invalid'],
    ['a revoked key', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust: trust.withKey({ kid: other.kid, publicKey: other.publicKey }).revoke(key.kid), now: T0 });
    }, 'key_revoked'],
    ['an expired statement', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, now: T0 + 3600 });
    }, 'statement_expired'],
    ['a statement issued in the future', async () => {
      const r = release('1.0.0', { issuedAt: T0 + 3600 });
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, now: T0 });
    }, 'statement_not_yet_valid'],
    ['a statement for another plugin', async () => {
      const r = release('1.0.0', { pluginId: 'other_plugin' });
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, now: T0, expect: { pluginId: 'my_plugin' } });
    }, 'plugin_mismatch'],
    ['a statement for another version', async () => {
      const r = release('1.0.0');
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, now: T0, expect: { version: '1.0.1' } });
    }, 'version_mismatch'],
    ['an oversize bundle', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, now: T0, maxBundleBytes: r.zipBytes.length - 1 });
    }, 'bundle_too_large'],
    ['a bundle with bytes appended', async () => {
      const r = release();
      const longer = new Uint8Array(r.zipBytes.length + 1);
      longer.set(r.zipBytes);
      return verifyBundle({ zipBytes: longer, files: r.files, statement: r.text, trust, now: T0 });
    }, 'size_mismatch'],
    ['a signature of the wrong length', async () => {
      const r = release();
      const env = JSON.parse(r.text) as SignedRelease;
      env.signatures[0]!.sig = Buffer.alloc(63).toString('base64');
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(env), trust, now: T0 });
    }, 'signature_malformed'],
    ['a signature that is not base64', async () => {
      const r = release();
      const env = JSON.parse(r.text) as SignedRelease;
      env.signatures[0]!.sig = `${env.signatures[0]!.sig.slice(0, -4)}!!==`;
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(env), trust, now: T0 });
    }, 'signature_malformed'],
    ['malformed statement JSON', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text.slice(0, -10), trust, now: T0 });
    }, 'statement_malformed'],
    ['a pretty-printed statement', async () => {
      const r = release();
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: JSON.stringify(JSON.parse(r.text), null, 2), trust, now: T0 });
    }, 'statement_not_canonical'],
    ['an unknown statement version', async () => {
      const r = release();
      const env = JSON.parse(r.text) as { statement: Record<string, unknown> };
      env.statement.v = 2;
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(env as never), trust, now: T0 });
    }, 'statement_unknown_version'],
    ['an unknown key id', async () => {
      const r = release();
      const env = JSON.parse(r.text) as SignedRelease;
      env.signatures[0]!.kid = 'nobody';
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(env), trust, now: T0 });
    }, 'key_unknown'],
    ['a statement with an extra field', async () => {
      const r = release();
      const env = JSON.parse(r.text) as { statement: Record<string, unknown> };
      env.statement.extra = 1;
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(env as never), trust, now: T0 });
    }, 'statement_malformed'],
    ['a key rotation presented as a release (domain separation)', async () => {
      const r = release();
      const rotation = signEnvelope({ type: 'maidkit.key-rotation' as const, v: 1, key: { kid: 'x', publicKey: Buffer.from(other.publicKey).toString('base64') }, retires: [], issuedAt: T0 }, key);
      return verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: encodeEnvelope(rotation), trust, now: T0 });
    }, 'statement_wrong_type'],
  ];

  for (const [name, run, code] of cases) {
    it(`GIVEN ${name} THEN it is refused with ${code}`, async () => {
      expect(await refusal(run())).toBe(code);
    });
  }

  it('GIVEN a release signature moved onto a rotation with the same body THEN the context prefix makes it fail', () => {
    const r = release();
    // Re-label the signed release as a rotation: the bytes under the signature are unchanged except the context.
    const env = { statement: r.signed.statement, signatures: r.signed.signatures };
    const asRelease = trust.verifySignatures('maidkit.release', env);
    expect(asRelease).toEqual([key.kid]);
    expect(() => trust.verifySignatures('maidkit.key-rotation', env)).toThrowError(expect.objectContaining({ code: 'signature_invalid' }) as Error);
  });

  it('GIVEN errors THEN each carries a path, a hint and a JSON form without the cause', async () => {
    const r = release();
    try {
      await verifyBundle({ zipBytes: r.zipBytes, files: r.files, statement: r.text, trust, now: T0 + 3600 });
      expect.unreachable();
    } catch (err) {
      const e = err as IntegrityError;
      expect(e.toJSON()).toEqual({ name: 'IntegrityError', code: 'statement_expired', message: expect.stringContaining('expired') as string, path: '/statement/expiresAt', hint: expect.any(String) as string });
    }
  });

  it('GIVEN verifyStatement alone THEN it checks signatures and time before any bundle bytes are looked at', () => {
    const r = release();
    expect(verifyStatement({ statement: parseSignedRelease(r.text), trust, now: T0 }).statement.zipSha256).toHaveLength(64);
  });
});

describe('IntegrityError across a boundary', () => {
  it('GIVEN toJSON() output THEN fromJSON() rebuilds code, path and hint; an unknown code is not trusted', () => {
    const original = new IntegrityError('rollback', 'older', { path: '/statement/version', hint: 'h' });
    const copy = IntegrityError.fromJSON(JSON.parse(JSON.stringify(original)));
    expect(copy.toJSON()).toEqual(original.toJSON());
    expect(IntegrityError.fromJSON({ code: 'made_up', message: 'x' }).code).toBe('statement_malformed');
    expect(IntegrityError.fromUnknown(new Error('disk'), 'state_store_failed', 'm')).toMatchObject({ code: 'state_store_failed', cause: expect.any(Error) as Error });
    expect(IntegrityError.fromUnknown(original, 'state_store_failed', 'm')).toBe(original);
  });
});
