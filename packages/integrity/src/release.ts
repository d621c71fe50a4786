import { bundleDigest, isBundleDigest, isSha256Hex, zipSha256, type BundleFiles } from './bundleDigest.js';
import { defaultEd25519, type Ed25519Backend } from './ed25519.js';
import { IntegrityError } from './IntegrityError.js';
import { isSemver } from './semver.js';
import { encodeEnvelope, parseEnvelope, signEnvelope, type SignedEnvelope } from './statement.js';
import type { SigningKey } from './SigningKey.js';

/**
 * A release statement, format version 1: what a publisher vouches for when it approves a version.
 * Times are integer Unix seconds; `capabilities` is sorted and unique.
 */
export interface ReleaseStatement {
  type: 'maidkit.release';
  v: 1;
  pluginId: string;
  version: string;
  /** Canonical digest of the validated file set (`h1:` + base64). */
  bundleDigest: string;
  /** SHA-256 of the exact zip bytes, lowercase hex. */
  zipSha256: string;
  /** Zip size in bytes. */
  size: number;
  capabilities: string[];
  issuedAt: number;
  expiresAt: number;
}

export type SignedRelease = SignedEnvelope<ReleaseStatement>;

export const RELEASE_STATEMENT_VERSIONS = [1] as const;
/** Plugin ids of every supported format fit this (MMO Maid `my_plugin`, Casa `hello-world`, MCDR `my_plugin`). */
export const PLUGIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const CAPABILITY = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;
const FIELDS = ['bundleDigest', 'capabilities', 'expiresAt', 'issuedAt', 'pluginId', 'size', 'type', 'v', 'version', 'zipSha256'];

export interface ReleaseInput {
  pluginId: string;
  version: string;
  zipBytes: Uint8Array;
  files: BundleFiles;
  capabilities?: readonly string[];
  /** Unix seconds; default now. */
  issuedAt?: number;
  /** Unix seconds; give this or `expiresIn`. */
  expiresAt?: number;
  /** Seconds after issuedAt; default 90 days. */
  expiresIn?: number;
}

export const DEFAULT_EXPIRY_SECONDS = 90 * 24 * 3600;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Builds (and checks) the statement for a bundle: both digests are computed here, never taken on trust. */
export function createReleaseStatement(input: ReleaseInput): ReleaseStatement {
  const issuedAt = input.issuedAt ?? nowSeconds();
  const statement: ReleaseStatement = {
    type: 'maidkit.release',
    v: 1,
    pluginId: input.pluginId,
    version: input.version,
    bundleDigest: bundleDigest(input.files),
    zipSha256: zipSha256(input.zipBytes),
    size: input.zipBytes.length,
    capabilities: [...new Set(input.capabilities ?? [])].sort(),
    issuedAt,
    expiresAt: input.expiresAt ?? issuedAt + (input.expiresIn ?? DEFAULT_EXPIRY_SECONDS),
  };
  return checkReleaseStatement(statement);
}

export function signRelease(input: ReleaseInput, keys: SigningKey | readonly SigningKey[], backend: Ed25519Backend = defaultEd25519()): SignedRelease {
  return signEnvelope(createReleaseStatement(input), keys, backend);
}

export function encodeSignedRelease(envelope: SignedRelease): string {
  return encodeEnvelope(envelope);
}

/** Every field problem at once, each with its JSON Pointer, before the first one is thrown. */
export function releaseStatementProblems(s: Record<string, unknown>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const add = (field: string, message: string) => problems.push({ path: `/statement/${field}`, message });
  for (const key of Object.keys(s)) if (!FIELDS.includes(key)) add(key, 'is not a field of a v1 release statement');
  if (typeof s.pluginId !== 'string' || !PLUGIN_ID.test(s.pluginId)) add('pluginId', 'must be 1–128 characters of [A-Za-z0-9._-]');
  if (!isSemver(s.version)) add('version', 'must be a SemVer 2.0.0 version');
  if (!isBundleDigest(s.bundleDigest)) add('bundleDigest', 'must be "h1:" + 44 characters of base64');
  if (!isSha256Hex(s.zipSha256)) add('zipSha256', 'must be 64 lowercase hex characters');
  if (!Number.isSafeInteger(s.size) || (s.size as number) < 0) add('size', 'must be a non-negative integer');
  if (!Array.isArray(s.capabilities) || !s.capabilities.every((c) => typeof c === 'string' && CAPABILITY.test(c))) {
    add('capabilities', 'must be an array of capability names');
  } else if (s.capabilities.some((c, i, a) => i > 0 && (a[i - 1] as string) >= c)) {
    add('capabilities', 'must be sorted and unique');
  }
  if (!Number.isSafeInteger(s.issuedAt) || (s.issuedAt as number) < 0) add('issuedAt', 'must be integer Unix seconds');
  if (!Number.isSafeInteger(s.expiresAt) || (s.expiresAt as number) <= (s.issuedAt as number)) add('expiresAt', 'must be integer Unix seconds after issuedAt');
  return problems;
}

export function checkReleaseStatement(s: unknown): ReleaseStatement {
  const record = s as Record<string, unknown>;
  const problems = releaseStatementProblems(record);
  const first = problems[0];
  if (first) {
    throw new IntegrityError('statement_malformed', `release statement: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { path: first.path });
  }
  return s as ReleaseStatement;
}

/** Reads a signed release (file bytes, text or object) and checks its shape; signatures are not checked here. */
export function parseSignedRelease(input: string | Uint8Array | SignedEnvelope<unknown>): SignedRelease {
  const envelope = parseEnvelope(input, 'maidkit.release', RELEASE_STATEMENT_VERSIONS);
  return { statement: checkReleaseStatement(envelope.statement), signatures: envelope.signatures };
}
