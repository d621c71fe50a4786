import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HMAC_MAX_CODE_BYTES, hmacCompatSign, hmacCompatVerify } from '../src/hmacCompat.js';
import { MemoryVersionState } from '../src/state/MemoryVersionState.js';

const secret = 'server-side-secret';
const code = (text: string) => new TextEncoder().encode(text);
const v100 = code('def on_load(api):\n    api.log("hello from %s" % api.slug)\n');
const v101 = code('def on_load(api):\n    api.log("hello again from %s" % api.slug)\n');

describe('HMAC compatibility mode (seed 003)', () => {
  it('GIVEN the seed\'s recipe computed independently THEN hmacCompatSign matches it byte for byte', () => {
    const sha = createHash('sha256').update(v100).digest('hex');
    const expected = createHmac('sha256', secret).update(`hello-world:1.0.0:${sha}`).digest('hex');
    expect(hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret)).toEqual({ sha256: sha, signature: expected });
  });

  it('GIVEN a genuine tag THEN it verifies', async () => {
    const tag = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: v100, ...tag }, secret)).resolves.toEqual({ pluginId: 'hello-world', version: '1.0.0', sha256: tag.sha256 });
  });

  it('GIVEN 1.0.0\'s genuine tag replayed for 1.0.1 (either code) THEN hmac_mismatch', async () => {
    const old = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.1', code: v100, ...old }, secret)).rejects.toMatchObject({ code: 'hmac_mismatch' });
    const sha101 = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.1', code: v101 }, secret).sha256;
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.1', code: v101, sha256: sha101, signature: old.signature }, secret)).rejects.toMatchObject({ code: 'hmac_mismatch' });
  });

  it('GIVEN 1.0.1 accepted and 1.0.0 with its own genuine tag replayed THEN the state store refuses the rollback', async () => {
    const state = new MemoryVersionState();
    const t101 = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.1', code: v101 }, secret);
    await hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.1', code: v101, ...t101 }, secret, { state });
    const t100 = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: v100, ...t100 }, secret, { state })).rejects.toMatchObject({ code: 'rollback' });
  });

  it('GIVEN code altered after signing THEN sha256_mismatch (the binding is recomputed, never trusted)', async () => {
    const tag = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: v101, ...tag }, secret)).rejects.toMatchObject({ code: 'sha256_mismatch' });
  });

  it('GIVEN another secret THEN hmac_mismatch', async () => {
    const tag = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, 'attacker');
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: v100, ...tag }, secret)).rejects.toMatchObject({ code: 'hmac_mismatch' });
  });

  it.each([
    ['uppercase hex', (s: string) => s.toUpperCase()],
    ['63 characters', (s: string) => s.slice(1)],
    ['65 characters', (s: string) => `${s}0`],
    ['non-hex', (s: string) => `${s.slice(1)}g`],
    ['base64 instead of hex', (s: string) => Buffer.from(s, 'hex').toString('base64')],
    ['missing', () => undefined],
  ])('GIVEN a tag that is %s THEN signature_malformed', async (_n, mangle) => {
    const tag = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: v100, sha256: tag.sha256, signature: mangle(tag.signature) as string }, secret)).rejects.toMatchObject({ code: 'signature_malformed' });
  });

  it('GIVEN a metadata digest that is not 64 lowercase hex THEN digest_malformed', async () => {
    const tag = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: v100, sha256: tag.sha256.toUpperCase(), signature: tag.signature }, secret)).rejects.toMatchObject({ code: 'digest_malformed' });
  });

  it('GIVEN code over 5 MiB THEN bundle_too_large, before anything is hashed; exactly 5 MiB is fine', async () => {
    const big = new Uint8Array(HMAC_MAX_CODE_BYTES + 1);
    expect(() => hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: big }, secret)).toThrowError(expect.objectContaining({ code: 'bundle_too_large' }) as Error);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: big, sha256: '0'.repeat(64), signature: '0'.repeat(64) }, secret)).rejects.toMatchObject({ code: 'bundle_too_large' });
    const max = new Uint8Array(HMAC_MAX_CODE_BYTES);
    const tag = hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: max }, secret);
    await expect(hmacCompatVerify({ pluginId: 'hello-world', version: '1.0.0', code: max, ...tag }, secret)).resolves.toBeTruthy();
  });

  it('GIVEN ":" in an id or version (the seed\'s ambiguity: ("a:b","c") = ("a","b:c")) THEN hmac_ambiguous_input on both sides', async () => {
    expect(() => hmacCompatSign({ pluginId: 'a:b', version: '1.0.0', code: v100 }, secret)).toThrowError(expect.objectContaining({ code: 'hmac_ambiguous_input' }) as Error);
    expect(() => hmacCompatSign({ pluginId: 'a', version: '1.0.0:x', code: v100 }, secret)).toThrowError(expect.objectContaining({ code: 'hmac_ambiguous_input' }) as Error);
    await expect(hmacCompatVerify({ pluginId: 'a:1.0.0', version: '1.0.0', code: v100, sha256: '0'.repeat(64), signature: '0'.repeat(64) }, secret)).rejects.toMatchObject({ code: 'hmac_ambiguous_input' });
    expect(() => hmacCompatSign({ pluginId: '', version: '1.0.0', code: v100 }, secret)).toThrowError(expect.objectContaining({ code: 'hmac_ambiguous_input' }) as Error);
  });

  it('GIVEN an empty secret THEN key_malformed', () => {
    expect(() => hmacCompatSign({ pluginId: 'hello-world', version: '1.0.0', code: v100 }, '')).toThrowError(expect.objectContaining({ code: 'key_malformed' }) as Error);
  });
});

