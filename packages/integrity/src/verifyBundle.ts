import { bundleDigest, type BundleFiles } from './bundleDigest.js';
import { constantTimeEqual, fromHex } from './encoding.js';
import { defaultEd25519, type Ed25519Backend } from './ed25519.js';
import { IntegrityError } from './IntegrityError.js';
import { nowSeconds, parseSignedRelease, type ReleaseStatement, type SignedRelease } from './release.js';
import { sha256 } from './sha256.js';
import type { SignedEnvelope } from './statement.js';
import type { TrustSet } from './TrustSet.js';
import type { VersionStateStore } from './state/VersionStateStore.js';
import { checkUpdatePolicy, type UpdateDecision } from './updatePolicy.js';

/** Seed 000's zip limit; a host may lower or raise it. */
export const DEFAULT_MAX_BUNDLE_BYTES = 10_000_000;
/** Allowed clock difference between publisher and client for issuedAt. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

export interface VerifyStatementOptions {
  /** The statement file bytes/text, or a parsed envelope. */
  statement: string | Uint8Array | SignedEnvelope<unknown>;
  trust: TrustSet;
  /** What the caller is installing (from the bundle's manifest): refused if the statement names another. */
  expect?: { pluginId?: string; version?: string };
  /** Unix seconds; default now. */
  now?: number;
  clockSkewSeconds?: number;
  backend?: Ed25519Backend;
}

export interface VerifyZipOptions extends VerifyStatementOptions {
  zipBytes: Uint8Array;
  maxBundleBytes?: number;
}

export interface VerifyBundleOptions extends VerifyZipOptions {
  /** The validated file set read from those zip bytes. */
  files: BundleFiles;
  /** Remembers accepted versions; without it there is no rollback or re-consent check. */
  state?: VersionStateStore;
  /** The user re-consented to a MAJOR bump / new capabilities. */
  reconsent?: boolean;
  /** Record the accepted version in `state` (default true). */
  commit?: boolean;
}

export interface VerifiedStatement {
  statement: ReleaseStatement;
  /** Key ids whose signatures verified (distinct keys). */
  signers: string[];
}

export interface VerifiedRelease extends VerifiedStatement {
  decision: UpdateDecision | undefined;
}

/** Statement only: signatures against the trust set, then purpose, plugin, version and time window. */
export function verifyStatement(options: VerifyStatementOptions): VerifiedStatement {
  const envelope: SignedRelease = parseSignedRelease(options.statement);
  const signers = options.trust.verifySignatures('maidkit.release', envelope, options.backend ?? defaultEd25519());
  const s = envelope.statement;
  const expect = options.expect ?? {};
  if (expect.pluginId !== undefined && expect.pluginId !== s.pluginId) {
    throw new IntegrityError('plugin_mismatch', `statement is for plugin ${JSON.stringify(s.pluginId)}, not ${JSON.stringify(expect.pluginId)}`, { path: '/statement/pluginId' });
  }
  if (expect.version !== undefined && expect.version !== s.version) {
    throw new IntegrityError('version_mismatch', `statement is for version ${s.version}, but the bundle says ${expect.version}`, { path: '/statement/version' });
  }
  const now = options.now ?? nowSeconds();
  if (now >= s.expiresAt) {
    throw new IntegrityError('statement_expired', `statement expired at ${new Date(s.expiresAt * 1000).toISOString()}`, { path: '/statement/expiresAt' });
  }
  if (s.issuedAt > now + (options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS)) {
    throw new IntegrityError('statement_not_yet_valid', `statement is issued at ${new Date(s.issuedAt * 1000).toISOString()}, in the future`, { path: '/statement/issuedAt', hint: 'Check this machine\'s clock.' });
  }
  return { statement: s, signers };
}

/**
 * Checks the zip bytes against a statement *before* anything parses them (so unapproved bytes are
 * dropped early): size limit first (cheap), then the exact size, then SHA-256.
 */
export function verifyZip(options: VerifyZipOptions): VerifiedStatement {
  const max = options.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  if (options.zipBytes.length > max) {
    throw new IntegrityError('bundle_too_large', `bundle is ${options.zipBytes.length} bytes; the limit is ${max}`, { path: '/statement/size' });
  }
  const verified = verifyStatement(options);
  if (options.zipBytes.length !== verified.statement.size) {
    throw new IntegrityError('size_mismatch', `bundle is ${options.zipBytes.length} bytes; the statement says ${verified.statement.size}`, { path: '/statement/size' });
  }
  if (!constantTimeEqual(sha256(options.zipBytes), fromHex(verified.statement.zipSha256, 32, 'digest_malformed', '/statement/zipSha256'))) {
    throw new IntegrityError('sha256_mismatch', 'the bundle\'s SHA-256 differs from the signed zipSha256: the download was altered', { path: '/statement/zipSha256' });
  }
  return verified;
}

/**
 * Everything an installer checks, in order: size cap, signatures (threshold) from pinned, unrevoked
 * keys, plugin/version, expiry, zip size + SHA-256, canonical digest of the validated files, and — with
 * a state store — rollback, immutability and re-consent; then records the accepted version.
 */
export async function verifyBundle(options: VerifyBundleOptions): Promise<VerifiedRelease> {
  const verified = verifyZip(options);
  const s = verified.statement;
  if (bundleDigest(options.files) !== s.bundleDigest) {
    throw new IntegrityError('bundle_digest_mismatch', 'the canonical digest of the bundle\'s files differs from the signed bundleDigest', { path: '/statement/bundleDigest' });
  }
  if (!options.state) return { ...verified, decision: undefined };
  let previous;
  try {
    previous = await options.state.get(s.pluginId);
  } catch (err) {
    throw IntegrityError.fromUnknown(err, 'state_store_failed', `cannot read the accepted version of ${s.pluginId}`);
  }
  const decision = checkUpdatePolicy(previous, s, { reconsent: options.reconsent ?? false });
  if ((options.commit ?? true) && decision.kind !== 'same') {
    try {
      await options.state.put({ pluginId: s.pluginId, version: s.version, capabilities: s.capabilities, bundleDigest: s.bundleDigest, zipSha256: s.zipSha256, acceptedAt: options.now ?? nowSeconds() });
    } catch (err) {
      throw IntegrityError.fromUnknown(err, 'state_store_failed', `cannot record ${s.pluginId} ${s.version} as accepted`);
    }
  }
  return { ...verified, decision };
}
