// The portable API: everything here runs in browsers as well as on Node (no fs, no native modules).
// On Node the same functions use node:crypto automatically; in a browser, tweetnacl and a portable
// SHA-256. `@maidkit/integrity` re-exports all of it plus the Node-only parts (key files, SQLite and
// JSON-file stores, HMAC compatibility mode).
export { IntegrityError, INTEGRITY_ERROR_CODES, isIntegrityErrorCode, type IntegrityErrorCode, type IntegrityErrorOptions } from './IntegrityError.js';

// Digests
export { bundleDigest, checkBundleFiles, unsafePathReason, zipSha256, isBundleDigest, isSha256Hex, BUNDLE_DIGEST_PREFIX, type BundleFile, type BundleFiles } from './bundleDigest.js';
export { sha256, sha256Hex, sha256Portable } from './sha256.js';
export { canonicalJson, parseCanonicalJson, type CanonicalJson } from './canonicalJson.js';

// Ed25519 and keys
export { nodeEd25519, tweetnaclEd25519, defaultEd25519, verifyEd25519, hasCanonicalS, ED25519_PUBLIC_KEY_BYTES, ED25519_SEED_BYTES, ED25519_SIGNATURE_BYTES, type Ed25519Backend } from './ed25519.js';
export { SigningKey } from './SigningKey.js';
export { keyFingerprint, KEY_ID } from './keyId.js';
export { TrustSet, type TrustedKey, type TrustFile } from './TrustSet.js';
export { signKeyRotation, signKeyRevocation, type KeyRotationStatement, type KeyRevocationStatement } from './keyStatements.js';

// Statements
export { SIGNATURE_CONTEXTS, MAX_STATEMENT_BYTES, signaturePreimage, signEnvelope, encodeEnvelope, parseEnvelope, type StatementType, type StatementSignature, type SignedEnvelope } from './statement.js';
export {
  createReleaseStatement, signRelease, encodeSignedRelease, parseSignedRelease, checkReleaseStatement, releaseStatementProblems, nowSeconds,
  DEFAULT_EXPIRY_SECONDS, RELEASE_STATEMENT_VERSIONS, PLUGIN_ID, type ReleaseStatement, type SignedRelease, type ReleaseInput,
} from './release.js';
export { parseSemver, compareSemver, isSemver, type SemVer } from './semver.js';
export { parseDuration } from './duration.js';

// Verification
export {
  verifyBundle, verifyZip, verifyStatement, DEFAULT_MAX_BUNDLE_BYTES, DEFAULT_CLOCK_SKEW_SECONDS,
  type VerifyBundleOptions, type VerifyZipOptions, type VerifyStatementOptions, type VerifiedRelease, type VerifiedStatement,
} from './verifyBundle.js';
export { checkUpdatePolicy, type UpdateDecision } from './updatePolicy.js';
export type { AcceptedRelease, VersionStateStore } from './state/VersionStateStore.js';
export { MemoryVersionState } from './state/MemoryVersionState.js';

// Publishing pipeline (the SQLite store is Node-only)
export { Pipeline, type PipelineOptions } from './pipeline/Pipeline.js';
export { PIPELINE_TRANSITIONS, type TransitionRule } from './pipeline/transitions.js';
export { MemoryPipelineStore } from './pipeline/MemoryPipelineStore.js';
export {
  VERSION_STATES, type VersionState, type Actor, type ActorRole, type PipelineAction, type TransitionEvent, type CheckDiagnostic,
  type StaticCheckResult, type StaticChecker, type CheckSummary, type VersionRecord, type PipelineStore,
} from './pipeline/types.js';
