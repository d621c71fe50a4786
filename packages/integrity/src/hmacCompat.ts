import { createHmac } from 'node:crypto';
import { constantTimeEqual, fromHex, utf8 } from './encoding.js';
import { IntegrityError } from './IntegrityError.js';
import { PLUGIN_ID } from './release.js';
import { isSemver } from './semver.js';
import { sha256 } from './sha256.js';
import type { VersionStateStore } from './state/VersionStateStore.js';
import { checkUpdatePolicy } from './updatePolicy.js';

/**
 * Casa Cloner compatibility (seed 003): `HMAC-SHA256(secret, "{pluginId}:{version}:{sha256}")` as
 * 64 lowercase hex. WEAKER than Ed25519 statements: whoever can verify a tag holds the secret and can
 * forge one, there is no key id, expiry or revocation. Use it only where the secret already lives
 * (the server, or a legacy client that must keep working), and prefer signed statements everywhere else.
 */
export const HMAC_MAX_CODE_BYTES = 5 * 1024 * 1024;

export interface HmacCompatInput {
  pluginId: string;
  version: string;
  /** The exact plugin bytes (plugin.py); hashed as they are, never re-encoded. */
  code: Uint8Array;
}

export interface HmacCompatTag {
  /** SHA-256 of the code, lowercase hex (the seed's metadata digest). */
  sha256: string;
  /** HMAC-SHA256 tag, lowercase hex. */
  signature: string;
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  const bytes = typeof secret === 'string' ? utf8(secret) : secret;
  // An empty key would make the tag a public function of the input.
  if (bytes.length === 0) throw new IntegrityError('key_malformed', 'the HMAC secret is empty');
  return bytes;
}

/** The seed's input string, with its ambiguity closed: `("a:b","c")` and `("a","b:c")` can no longer collide. */
function hmacMessage(pluginId: string, version: string, digestHex: string): string {
  checkIds(pluginId, version);
  return `${pluginId}:${version}:${digestHex}`;
}

function checkIds(pluginId: string, version: string): void {
  if (typeof pluginId !== 'string' || pluginId.length === 0 || pluginId.includes(':')) {
    throw new IntegrityError('hmac_ambiguous_input', `plugin id ${JSON.stringify(pluginId)} may not be empty or contain ':'`, { path: 'pluginId' });
  }
  if (typeof version !== 'string' || version.length === 0 || version.includes(':')) {
    throw new IntegrityError('hmac_ambiguous_input', `version ${JSON.stringify(version)} may not be empty or contain ':'`, { path: 'version' });
  }
  if (!PLUGIN_ID.test(pluginId)) throw new IntegrityError('statement_malformed', `plugin id ${JSON.stringify(pluginId)} is not a valid id`, { path: 'pluginId' });
  if (!isSemver(version)) throw new IntegrityError('statement_malformed', `version ${JSON.stringify(version)} is not SemVer`, { path: 'version' });
}

function checkSize(code: Uint8Array): void {
  // Count bytes before hashing anything: the cap exists to stop work on oversized payloads.
  if (!(code instanceof Uint8Array)) throw new IntegrityError('statement_malformed', 'code must be bytes (Uint8Array)', { path: 'code' });
  if (code.length > HMAC_MAX_CODE_BYTES) {
    throw new IntegrityError('bundle_too_large', `code is ${code.length} bytes; HMAC mode refuses more than ${HMAC_MAX_CODE_BYTES} (5 MiB)`, { path: 'code' });
  }
}

export function hmacCompatSign(input: HmacCompatInput, secret: Uint8Array | string): HmacCompatTag {
  checkSize(input.code);
  const digest = Buffer.from(sha256(input.code)).toString('hex');
  const message = hmacMessage(input.pluginId, input.version, digest);
  return { sha256: digest, signature: createHmac('sha256', secretBytes(secret)).update(message, 'utf8').digest('hex') };
}

/**
 * The client side of seed 003 §7–8: size cap, tag format, SHA-256 recomputed and compared with the
 * metadata, then the tag over the recomputed digest — all comparisons constant-time. With a state
 * store the seed's versioning rules apply too (rollback refused: an old version's genuine tag replayed).
 */
export async function hmacCompatVerify(
  input: HmacCompatInput & Partial<HmacCompatTag> & { capabilities?: readonly string[] },
  secret: Uint8Array | string,
  options: { state?: VersionStateStore; reconsent?: boolean; commit?: boolean; now?: number } = {},
): Promise<{ pluginId: string; version: string; sha256: string }> {
  checkIds(input.pluginId, input.version);
  checkSize(input.code);
  const tag = fromHex(input.signature, 32, 'signature_malformed', 'signature');
  const claimed = fromHex(input.sha256, 32, 'digest_malformed', 'sha256');
  const actual = sha256(input.code);
  if (!constantTimeEqual(actual, claimed)) {
    throw new IntegrityError('sha256_mismatch', 'the code\'s SHA-256 differs from the metadata: the payload was altered', { path: 'sha256' });
  }
  const digest = Buffer.from(actual).toString('hex');
  const expected = createHmac('sha256', secretBytes(secret)).update(hmacMessage(input.pluginId, input.version, digest), 'utf8').digest();
  if (!constantTimeEqual(expected, tag)) {
    throw new IntegrityError('hmac_mismatch', `the HMAC tag does not match ${input.pluginId} ${input.version} with this content`, {
      path: 'signature',
      hint: 'A tag for another plugin, version or content was supplied, or the secret differs.',
    });
  }
  if (options.state) {
    const statementLike = {
      type: 'maidkit.release' as const, v: 1 as const, pluginId: input.pluginId, version: input.version, bundleDigest: `hmac:${digest}`, zipSha256: digest,
      size: input.code.length, capabilities: [...new Set(input.capabilities ?? [])].sort(), issuedAt: 0, expiresAt: 1,
    };
    const previous = await options.state.get(input.pluginId);
    const decision = checkUpdatePolicy(previous, statementLike, { reconsent: options.reconsent ?? false });
    if ((options.commit ?? true) && decision.kind !== 'same') {
      await options.state.put({ pluginId: input.pluginId, version: input.version, capabilities: statementLike.capabilities, bundleDigest: statementLike.bundleDigest, zipSha256: digest, acceptedAt: options.now ?? Math.floor(Date.now() / 1000) });
    }
  }
  return { pluginId: input.pluginId, version: input.version, sha256: digest };
}
