import type { BundleFiles } from '../bundleDigest.js';
import type { SignedRelease } from '../release.js';

/** submitted → (static check) → pending_review → approved | rejected; approved → yanked. */
export const VERSION_STATES = ['submitted', 'pending_review', 'approved', 'rejected', 'yanked'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export type ActorRole = 'author' | 'reviewer' | 'admin' | 'system';

export interface Actor {
  id: string;
  role: ActorRole;
}

export type PipelineAction = 'submit' | 'check_passed' | 'check_failed' | 'approve' | 'reject' | 'yank';

/** One recorded step: who did what, when, from which state to which. Append-only. */
export interface TransitionEvent {
  pluginId: string;
  version: string;
  action: PipelineAction;
  from: VersionState | null;
  to: VersionState;
  actor: Actor;
  /** ISO 8601 UTC. */
  at: string;
  reason?: string;
}

export interface CheckDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  path?: string;
}

/**
 * What the host's static check returns. The host passes `@maidkit/manifest` here (readPlugin +
 * validation + proxy-domain scan); this package stays independent of it.
 */
export interface StaticCheckResult {
  /** False when the bundle must not go to review; error diagnostics also count as failure. */
  ok: boolean;
  /** As read from the bundle's manifest (compared with what was submitted). */
  pluginId: string;
  version: string;
  capabilities: readonly string[];
  /** The validated file set (for the canonical digest). */
  files: BundleFiles;
  /** Domains found in the source (literal https:// URLs), shown to the reviewer. */
  proxyDomains: readonly string[];
  diagnostics: readonly CheckDiagnostic[];
}

export type StaticChecker = (zipBytes: Uint8Array, submitted: { pluginId: string; version: string }) => StaticCheckResult | Promise<StaticCheckResult>;

export interface CheckSummary {
  ok: boolean;
  bundleDigest?: string;
  capabilities: string[];
  proxyDomains: string[];
  diagnostics: CheckDiagnostic[];
  checkedAt: string;
}

/** The stored state of one plugin version (bundle bytes are stored beside it). */
export interface VersionRecord {
  pluginId: string;
  version: string;
  state: VersionState;
  submittedBy: string;
  submittedAt: string;
  updatedAt: string;
  zipSha256: string;
  size: number;
  check?: CheckSummary;
  /** The signed release statement, set on approval and never changed afterwards. */
  statement?: SignedRelease;
  /** Why it was rejected or yanked. */
  reason?: string;
}

/**
 * Persistence for the pipeline. Methods may be sync or async. `transition` is a compare-and-set:
 * it applies only if the stored state still equals `expected`, and writes the record and the event
 * together (both or neither).
 */
export interface PipelineStore {
  /** Returns false if that plugin version already exists. */
  create(record: VersionRecord, bundle: Uint8Array, event: TransitionEvent): boolean | Promise<boolean>;
  get(pluginId: string, version: string): VersionRecord | undefined | Promise<VersionRecord | undefined>;
  bundle(pluginId: string, version: string): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  list(pluginId?: string): VersionRecord[] | Promise<VersionRecord[]>;
  transition(expected: VersionState, next: VersionRecord, event: TransitionEvent): boolean | Promise<boolean>;
  history(pluginId: string, version: string): TransitionEvent[] | Promise<TransitionEvent[]>;
}
