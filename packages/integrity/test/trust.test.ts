import { describe, expect, it } from 'vitest';
import { encodeSignedRelease, signRelease } from '../src/release.js';
import { encodeEnvelope, signEnvelope } from '../src/statement.js';
import { signKeyRevocation, signKeyRotation } from '../src/keyStatements.js';
import { TrustSet } from '../src/TrustSet.js';
import { verifyBundle } from '../src/verifyBundle.js';
import { pluginZip, T0, testKey } from './helpers/fixtures.js';

const k1 = testKey(1);
const k2 = testKey(2);
const k3 = testKey(3);
const pin = (...keys: ReturnType<typeof testKey>[]) => keys.map((k) => ({ kid: k.kid, publicKey: k.publicKey }));

function signedBy(...keys: ReturnType<typeof testKey>[]) {
  const { zipBytes, files } = pluginZip();
  return { zipBytes, files, statement: encodeSignedRelease(signRelease({ pluginId: 'my_plugin', version: '1.0.0', zipBytes, files, issuedAt: T0, expiresIn: 3600 }, keys)) };
}

describe('TrustSet', () => {
  it('GIVEN a trust file round trip THEN keys, revocations and threshold survive', () => {
    const trust = new TrustSet({ keys: pin(k1, k2), revoked: ['old'], threshold: 2 });
    const again = TrustSet.fromJSON(JSON.parse(JSON.stringify(trust.toJSON())));
    expect(again.toJSON()).toEqual(trust.toJSON());
    expect(again.threshold).toBe(2);
    expect(again.isRevoked('old')).toBe(true);
  });

  it.each([
    ['not a trust file', { keys: [] }],
    ['keys not an array', { format: 'maidkit-trust/v1', keys: {} }],
    ['a short public key', { format: 'maidkit-trust/v1', keys: [{ kid: 'a', publicKey: 'AAAA' }] }],
    ['a bad kid', { format: 'maidkit-trust/v1', keys: [{ kid: 'has space', publicKey: Buffer.alloc(32).toString('base64') }] }],
    ['threshold 0', { format: 'maidkit-trust/v1', keys: [], threshold: 0 }],
    ['revoked not strings', { format: 'maidkit-trust/v1', keys: [], revoked: [1] }],
  ])('GIVEN a trust file with %s THEN key_malformed', (_n, file) => {
    expect(() => TrustSet.fromJSON(file)).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
  });

  it('GIVEN one kid pinned to two different keys THEN key_conflict', () => {
    expect(() => new TrustSet({ keys: [{ kid: 'a', publicKey: k1.publicKey }, { kid: 'a', publicKey: k2.publicKey }] })).toThrowError(expect.objectContaining({ code: 'key_conflict' }) as Error);
  });

  describe('threshold (k of n)', () => {
    const trust = new TrustSet({ keys: pin(k1, k2, k3), threshold: 2 });

    it('GIVEN 2 of 3 signatures THEN it verifies with both signers named', async () => {
      const r = signedBy(k1, k3);
      expect((await verifyBundle({ ...r, trust, now: T0 })).signers).toEqual([k1.kid, k3.kid]);
    });

    it('GIVEN 1 of 3 THEN threshold_not_met', async () => {
      await expect(verifyBundle({ ...signedBy(k1), trust, now: T0 })).rejects.toMatchObject({ code: 'threshold_not_met' });
    });

    it('GIVEN the same key twice (also under a second kid) THEN it counts once', async () => {
      const alias = testKey(1, 'alias-of-1');
      const aliasTrust = new TrustSet({ keys: [...pin(k1, k2), { kid: alias.kid, publicKey: alias.publicKey }], threshold: 2 });
      await expect(verifyBundle({ ...signedBy(k1, alias), trust: aliasTrust, now: T0 })).rejects.toMatchObject({ code: 'threshold_not_met' });
      await expect(verifyBundle({ ...signedBy(k1, k1), trust: aliasTrust, now: T0 })).rejects.toMatchObject({ code: 'threshold_not_met' });
    });

    it('GIVEN 2 valid signatures and one from a revoked key THEN it still verifies (the revoked one is not counted)', async () => {
      expect((await verifyBundle({ ...signedBy(k1, k2, k3), trust: trust.revoke(k3.kid), now: T0 })).signers).toEqual([k1.kid, k2.kid]);
    });
  });

  describe('rotation and revocation', () => {
    const trust = new TrustSet({ keys: pin(k1) });

    it('GIVEN a new key introduced by a statement signed by the old one THEN releases by the new key verify, and retiring revokes the old', async () => {
      const rotation = signKeyRotation({ kid: k2.kid, publicKey: k2.publicKey }, k1, { retires: [k1.kid], issuedAt: T0 });
      const next = trust.applyRotation(encodeEnvelope(rotation));
      expect(next.isRevoked(k1.kid)).toBe(true);
      expect((await verifyBundle({ ...signedBy(k2), trust: next, now: T0 })).signers).toEqual([k2.kid]);
      await expect(verifyBundle({ ...signedBy(k1), trust: next, now: T0 })).rejects.toMatchObject({ code: 'key_revoked' });
      // Replaying the rotation cannot bring anything back, and re-introducing the retired key is refused.
      expect(next.applyRotation(encodeEnvelope(signKeyRotation({ kid: k2.kid, publicKey: k2.publicKey }, k2, { issuedAt: T0 }))).isRevoked(k1.kid)).toBe(true);
      expect(() => next.applyRotation(encodeEnvelope(signKeyRotation({ kid: k1.kid, publicKey: k1.publicKey }, k2, { issuedAt: T0 })))).toThrowError(expect.objectContaining({ code: 'key_revoked' }) as Error);
    });

    it('GIVEN a rotation whose retires list holds something that is not a key id THEN key_malformed', () => {
      expect(() => signKeyRotation({ kid: k2.kid, publicKey: k2.publicKey }, k1, { retires: ['has space'] })).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
      const rotation = signEnvelope({ type: 'maidkit.key-rotation' as const, v: 1, key: { kid: k2.kid, publicKey: Buffer.from(k2.publicKey).toString('base64') }, retires: ['has space'], issuedAt: T0 }, k1);
      expect(() => trust.applyRotation(encodeEnvelope(rotation))).toThrowError(expect.objectContaining({ code: 'key_malformed', path: '/statement/retires/0' }) as Error);
    });

    it('GIVEN a rotation signed by a key that is not trusted THEN key_unknown, and nothing changes', () => {
      const rotation = signKeyRotation({ kid: k3.kid, publicKey: k3.publicKey }, k2, { issuedAt: T0 });
      expect(() => trust.applyRotation(encodeEnvelope(rotation))).toThrowError(expect.objectContaining({ code: 'key_unknown' }) as Error);
    });

    it('GIVEN a rotation that reuses a pinned kid for another key THEN key_conflict', () => {
      const rotation = signKeyRotation({ kid: k1.kid, publicKey: k2.publicKey }, k1, { issuedAt: T0 });
      expect(() => trust.applyRotation(encodeEnvelope(rotation))).toThrowError(expect.objectContaining({ code: 'key_conflict' }) as Error);
    });

    it('GIVEN a revocation signed by a trusted key THEN that key is revoked; a revocation given as a rotation is refused', () => {
      const revocation = signKeyRevocation(k1.kid, k1, { issuedAt: T0 });
      expect(trust.applyRevocation(encodeEnvelope(revocation)).isRevoked(k1.kid)).toBe(true);
      expect(() => trust.applyRotation(encodeEnvelope(revocation))).toThrowError(expect.objectContaining({ code: 'statement_wrong_type' }) as Error);
    });

    it('GIVEN a k-of-n set THEN a rotation needs k signatures too', () => {
      const two = new TrustSet({ keys: pin(k1, k2), threshold: 2 });
      const k4 = testKey(4);
      expect(() => two.applyRotation(signKeyRotation({ kid: k4.kid, publicKey: k4.publicKey }, k1, { issuedAt: T0 }))).toThrowError(expect.objectContaining({ code: 'threshold_not_met' }) as Error);
      expect(two.applyRotation(signKeyRotation({ kid: k4.kid, publicKey: k4.publicKey }, [k1, k2], { issuedAt: T0 })).activeKeys().map((k) => k.kid)).toEqual([k1.kid, k2.kid, k4.kid]);
    });
  });
});
