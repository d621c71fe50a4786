import type * as NodeCrypto from 'node:crypto';

type NodeCryptoModule = typeof NodeCrypto;
let cached: NodeCryptoModule | null | undefined;

/**
 * node:crypto when running on Node (≥ 20.16), found through `process.getBuiltinModule` rather than an
 * import, so the same modules load unchanged in a browser (where this returns undefined and the
 * portable paths — tweetnacl, pure-JS SHA-256 — are used instead).
 */
export function nodeCrypto(): NodeCryptoModule | undefined {
  if (cached === undefined) {
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      cached = (proc?.getBuiltinModule?.('node:crypto') as NodeCryptoModule | undefined) ?? null;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}
