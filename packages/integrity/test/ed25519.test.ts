import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasCanonicalS, nodeEd25519, tweetnaclEd25519, verifyEd25519, defaultEd25519 } from '../src/ed25519.js';

const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// RFC 8032 §7.1, TEST 1–3.
const RFC8032 = [
  {
    name: 'TEST 1 (empty message)',
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (one byte)',
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3 (two bytes)',
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

const backends = [nodeEd25519, tweetnaclEd25519];

describe('Ed25519 backends', () => {
  for (const backend of backends) {
    for (const v of RFC8032) {
      it(`GIVEN RFC 8032 ${v.name} THEN ${backend.name} derives the public key, signs byte-identically and verifies`, () => {
        const seed = hex(v.seed);
        expect(toHex(backend.publicKeyFromSeed(seed))).toBe(v.publicKey);
        expect(toHex(backend.sign(hex(v.message), seed))).toBe(v.signature);
        expect(verifyEd25519(hex(v.message), hex(v.signature), hex(v.publicKey), backend)).toBe(true);
        expect(verifyEd25519(hex(`${v.message}00`), hex(v.signature), hex(v.publicKey), backend)).toBe(false);
      });
    }
  }

  it('GIVEN random keys and messages THEN node:crypto and tweetnacl produce identical signatures and accept each other\'s', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
        const pk = nodeEd25519.publicKeyFromSeed(seed);
        expect(toHex(tweetnaclEd25519.publicKeyFromSeed(seed))).toBe(toHex(pk));
        const a = nodeEd25519.sign(message, seed);
        const b = tweetnaclEd25519.sign(message, seed);
        expect(toHex(a)).toBe(toHex(b));
        expect(verifyEd25519(message, a, pk, tweetnaclEd25519)).toBe(true);
        expect(verifyEd25519(message, b, pk, nodeEd25519)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('GIVEN corrupted signatures, keys and messages THEN both backends refuse exactly the same ones', () => {
    const seed = hex(RFC8032[1]!.seed);
    const pk = nodeEd25519.publicKeyFromSeed(seed);
    const msg = new TextEncoder().encode('maidkit');
    const sig = nodeEd25519.sign(msg, seed);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 255 }), fc.constantFrom('sig', 'pk', 'msg'), (i, mask, what) => {
        const s = Uint8Array.from(sig);
        const k = Uint8Array.from(pk);
        const m = Uint8Array.from(msg);
        if (what === 'sig') s[i] = (s[i] as number) ^ mask;
        else if (what === 'pk') k[i % 32] = (k[i % 32] as number) ^ mask;
        else m[i % m.length] = (m[i % m.length] as number) ^ mask;
        const viaNode = verifyEd25519(m, s, k, nodeEd25519);
        const viaNacl = verifyEd25519(m, s, k, tweetnaclEd25519);
        expect(viaNode).toBe(viaNacl);
        expect(viaNode).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('GIVEN a malleated signature (S + L) THEN tweetnacl alone would accept it, but verifyEd25519 refuses it on both backends', () => {
    const seed = hex(RFC8032[0]!.seed);
    const pk = hex(RFC8032[0]!.publicKey);
    const sig = hex(RFC8032[0]!.signature);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i] as number);
    let sPlusL = s + L;
    const mal = Uint8Array.from(sig);
    for (let i = 32; i < 64; i++) {
      mal[i] = Number(sPlusL & 0xffn);
      sPlusL >>= 8n;
    }
    expect(tweetnaclEd25519.verify(new Uint8Array(0), mal, pk)).toBe(true); // the gap this check closes
    expect(nodeEd25519.verify(new Uint8Array(0), mal, pk)).toBe(false);
    expect(hasCanonicalS(mal)).toBe(false);
    expect(hasCanonicalS(sig)).toBe(true);
    for (const b of backends) expect(verifyEd25519(new Uint8Array(0), mal, pk, b)).toBe(false);
    expect(seed.length).toBe(32);
  });

  it('GIVEN wrong lengths or a public key that is not a curve point THEN both refuse without throwing', () => {
    const pk = hex(RFC8032[0]!.publicKey);
    const sig = hex(RFC8032[0]!.signature);
    for (const b of backends) {
      expect(verifyEd25519(new Uint8Array(0), sig.subarray(0, 63), pk, b)).toBe(false);
      expect(verifyEd25519(new Uint8Array(0), sig, pk.subarray(0, 31), b)).toBe(false);
      expect(verifyEd25519(new Uint8Array(0), new Uint8Array(64), pk, b)).toBe(false);
      expect(verifyEd25519(new Uint8Array(0), sig, new Uint8Array(32).fill(0xff), b)).toBe(false);
    }
  });

  it('GIVEN this machine THEN the default backend is node:crypto', () => {
    expect(defaultEd25519().name).toBe('node');
  });
});
