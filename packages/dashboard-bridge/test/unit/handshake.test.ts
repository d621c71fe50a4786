import { describe, expect, it } from 'vitest';
import { createToken, negotiateVersion, readHandshakeFragment, withHandshakeFragment } from '../../src/protocol/handshake.js';
import { TokenBucket } from '../../src/host/TokenBucket.js';

describe('handshake helpers', () => {
  it('GIVEN a src THEN the fragment carries token and host origin and reads back', () => {
    const token = createToken();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(createToken()).not.toBe(token);
    const src = withHandshakeFragment('http://localhost:1/p/x/dashboard/#old', token, 'http://127.0.0.1:8080');
    expect(src).toBe(`http://localhost:1/p/x/dashboard/#maidkit-bridge=${token}&maidkit-host=http%3A%2F%2F127.0.0.1%3A8080`);
    expect(readHandshakeFragment(new URL(src).hash)).toEqual({ token, hostOrigin: 'http://127.0.0.1:8080' });
  });

  it('GIVEN hostile fragments THEN token and origin are refused rather than trusted', () => {
    expect(readHandshakeFragment('#maidkit-bridge=<script>&maidkit-host=javascript:alert(1)')).toEqual({ token: null, hostOrigin: null });
    expect(readHandshakeFragment('#maidkit-host=https://evil.example/path')).toEqual({ token: null, hostOrigin: null });
    expect(readHandshakeFragment('')).toEqual({ token: null, hostOrigin: null });
  });

  it('GIVEN offered versions THEN the newest shared one wins', () => {
    expect(negotiateVersion([1])).toBe(1);
    expect(negotiateVersion([3, 2, 1], [2, 1])).toBe(2);
    expect(negotiateVersion([9])).toBeNull();
  });
});

describe('TokenBucket', () => {
  it('GIVEN a burst THEN it allows `burst` calls, then refills at the rate', () => {
    let now = 0;
    const b = new TokenBucket(50, 100, () => now);
    let allowed = 0;
    for (let i = 0; i < 150; i++) if (b.take()) allowed++;
    expect(allowed).toBe(100);
    expect(b.retryAfterMs()).toBe(20);
    now += 100; // 5 tokens
    allowed = 0;
    for (let i = 0; i < 10; i++) if (b.take()) allowed++;
    expect(allowed).toBe(5);
  });
});

describe('getMaidSDK', () => {
  it('GIVEN the script-tag MaidSDK is on the page THEN ES-module code gets that same instance', async () => {
    const { getMaidSDK } = await import('../../src/client/getMaidSDK.js');
    const tag = { ready: () => Promise.resolve() };
    (globalThis as Record<string, unknown>).MaidSDK = tag;
    try {
      expect(getMaidSDK()).toBe(tag);
    } finally {
      delete (globalThis as Record<string, unknown>).MaidSDK;
    }
  });
});
