import { bundleDigest } from '../bundleDigest.js';
import { defaultEd25519, type Ed25519Backend } from '../ed25519.js';
import { IntegrityError } from '../IntegrityError.js';
import { checkReleaseStatement, DEFAULT_EXPIRY_SECONDS, PLUGIN_ID, type ReleaseStatement, type SignedRelease } from '../release.js';
import { isSemver } from '../semver.js';
import { sha256Hex } from '../sha256.js';
import { signEnvelope } from '../statement.js';
import type { SigningKey } from '../SigningKey.js';
import { PIPELINE_TRANSITIONS } from './transitions.js';
import type { Actor, ActorRole, CheckDiagnostic, PipelineAction, PipelineStore, StaticChecker, TransitionEvent, VersionRecord } from './types.js';

const SUBMIT_ROLES: readonly ActorRole[] = ['author', 'admin'];
const SYSTEM: Actor = { id: 'static-check', role: 'system' };

export interface PipelineOptions {
  store: PipelineStore;
  /** The host's static check (manifest validation + proxy-domain scan). */
  checker: StaticChecker;
  /** Default: the real clock. */
  now?: () => Date;
  /** Largest bundle accepted for submission (default 10 MB, seed 000). */
  maxBundleBytes?: number;
  backend?: Ed25519Backend;
}

/**
 * Seed 003's publishing pipeline as a storage-agnostic state machine:
 * submit → static check → pending review → approve (sign) | reject; approved → yank (admin only).
 * Every step is recorded with its actor and time; approved versions are immutable; an author cannot
 * approve their own submission.
 */
export class Pipeline {
  readonly #store: PipelineStore;
  readonly #checker: StaticChecker;
  readonly #now: () => Date;
  readonly #maxBundleBytes: number;
  readonly #backend: Ed25519Backend;

  constructor(options: PipelineOptions) {
    this.#store = options.store;
    this.#checker = options.checker;
    this.#now = options.now ?? (() => new Date());
    this.#maxBundleBytes = options.maxBundleBytes ?? 10_000_000;
    this.#backend = options.backend ?? defaultEd25519();
  }

  async submit(input: { pluginId: string; version: string; zipBytes: Uint8Array }, actor: Actor): Promise<VersionRecord> {
    checkActor(actor);
    if (!SUBMIT_ROLES.includes(actor.role)) throw new IntegrityError('pipeline_forbidden', `a ${actor.role} cannot submit versions`, { path: actor.id });
    if (typeof input.pluginId !== 'string' || !PLUGIN_ID.test(input.pluginId)) throw new IntegrityError('statement_malformed', `plugin id ${JSON.stringify(input.pluginId)} is not valid`, { path: 'pluginId' });
    if (!isSemver(input.version)) throw new IntegrityError('statement_malformed', `version ${JSON.stringify(input.version)} is not SemVer`, { path: 'version' });
    if (input.zipBytes.length > this.#maxBundleBytes) {
      throw new IntegrityError('bundle_too_large', `bundle is ${input.zipBytes.length} bytes; the limit is ${this.#maxBundleBytes}`, { path: 'zipBytes' });
    }
    const at = this.#now().toISOString();
    const record: VersionRecord = {
      pluginId: input.pluginId, version: input.version, state: 'submitted', submittedBy: actor.id, submittedAt: at, updatedAt: at,
      zipSha256: sha256Hex(input.zipBytes), size: input.zipBytes.length,
    };
    const event: TransitionEvent = { pluginId: input.pluginId, version: input.version, action: 'submit', from: null, to: 'submitted', actor: { ...actor }, at };
    if (!(await this.#store.create(record, input.zipBytes, event))) {
      const existing = await this.#store.get(input.pluginId, input.version);
      const code = existing?.state === 'approved' || existing?.state === 'yanked' ? 'pipeline_immutable' : 'pipeline_illegal_transition';
      throw new IntegrityError(code, `${input.pluginId} ${input.version} was already submitted (${existing?.state ?? 'unknown'}); submit a new version`, { path: `${input.pluginId}@${input.version}` });
    }
    return record;
  }

  /** Runs the injected static check on the stored bytes; passes to review or rejects with the findings. */
  async runStaticCheck(pluginId: string, version: string): Promise<VersionRecord> {
    const record = await this.#require(pluginId, version);
    this.#assertAllowed(record, 'check_passed', SYSTEM);
    const zipBytes = await this.#store.bundle(pluginId, version);
    if (!zipBytes || sha256Hex(zipBytes) !== record.zipSha256) {
      throw new IntegrityError('sha256_mismatch', `stored bytes of ${pluginId} ${version} no longer match their submission digest`, { path: `${pluginId}@${version}` });
    }
    const result = await this.#checker(zipBytes, { pluginId, version });
    const diagnostics: CheckDiagnostic[] = result.diagnostics.map((d) => ({ ...d }));
    if (result.pluginId !== pluginId || result.version !== version) {
      diagnostics.push({ code: 'pipeline_check_mismatch', severity: 'error', message: `the bundle's manifest says ${result.pluginId} ${result.version}, but ${pluginId} ${version} was submitted`, path: 'manifest.json' });
    }
    let digest: string | undefined;
    try {
      digest = bundleDigest(result.files);
    } catch (err) {
      if (!IntegrityError.is(err)) throw err;
      diagnostics.push({ code: err.code, severity: 'error', message: err.message, ...(err.path === undefined ? {} : { path: err.path }) });
    }
    const ok = result.ok && digest !== undefined && !diagnostics.some((d) => d.severity === 'error');
    const at = this.#now().toISOString();
    const next: VersionRecord = {
      ...record,
      state: ok ? 'pending_review' : 'rejected',
      updatedAt: at,
      check: {
        ok, ...(digest === undefined ? {} : { bundleDigest: digest }),
        capabilities: [...new Set(result.capabilities)].sort(), proxyDomains: [...new Set(result.proxyDomains)].sort(), diagnostics, checkedAt: at,
      },
      ...(ok ? {} : { reason: 'static check failed' }),
    };
    return this.#commit(record, next, ok ? 'check_passed' : 'check_failed', SYSTEM, at, ok ? undefined : 'static check failed');
  }

  /** Approves and signs: the statement is built from what the static check recorded, never from the caller. */
  async approve(pluginId: string, version: string, actor: Actor, keys: SigningKey | readonly SigningKey[], options: { expiresIn?: number } = {}): Promise<VersionRecord> {
    const record = await this.#require(pluginId, version);
    this.#assertAllowed(record, 'approve', actor);
    if (actor.id === record.submittedBy) {
      throw new IntegrityError('pipeline_forbidden', `${actor.id} submitted ${pluginId} ${version} and cannot also approve it`, { path: actor.id, hint: 'Another reviewer must approve.' });
    }
    const check = record.check;
    if (!check?.ok || check.bundleDigest === undefined) throw new IntegrityError('pipeline_illegal_transition', `${pluginId} ${version} has no passed static check`, { path: `${pluginId}@${version}` });
    const now = this.#now();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const statement: ReleaseStatement = checkReleaseStatement({
      type: 'maidkit.release', v: 1, pluginId, version, bundleDigest: check.bundleDigest, zipSha256: record.zipSha256, size: record.size,
      capabilities: check.capabilities, issuedAt, expiresAt: issuedAt + (options.expiresIn ?? DEFAULT_EXPIRY_SECONDS),
    });
    const signed: SignedRelease = signEnvelope(statement, keys, this.#backend);
    const at = now.toISOString();
    return this.#commit(record, { ...record, state: 'approved', updatedAt: at, statement: signed }, 'approve', actor, at, undefined);
  }

  async reject(pluginId: string, version: string, actor: Actor, reason: string): Promise<VersionRecord> {
    return this.#simple(pluginId, version, 'reject', actor, reason);
  }

  /** Pulls an approved version (it stays recorded, with its statement, for the audit trail). */
  async yank(pluginId: string, version: string, actor: Actor, reason: string): Promise<VersionRecord> {
    return this.#simple(pluginId, version, 'yank', actor, reason);
  }

  async get(pluginId: string, version: string): Promise<VersionRecord | undefined> {
    return this.#store.get(pluginId, version);
  }

  async list(pluginId?: string): Promise<VersionRecord[]> {
    return this.#store.list(pluginId);
  }

  async history(pluginId: string, version: string): Promise<TransitionEvent[]> {
    return this.#store.history(pluginId, version);
  }

  async #simple(pluginId: string, version: string, action: 'reject' | 'yank', actor: Actor, reason: string): Promise<VersionRecord> {
    if (typeof reason !== 'string' || reason.trim() === '') throw new IntegrityError('pipeline_illegal_transition', `${action} needs a reason`, { path: 'reason' });
    const record = await this.#require(pluginId, version);
    this.#assertAllowed(record, action, actor);
    const at = this.#now().toISOString();
    return this.#commit(record, { ...record, state: PIPELINE_TRANSITIONS[action].to, updatedAt: at, reason }, action, actor, at, reason);
  }

  async #require(pluginId: string, version: string): Promise<VersionRecord> {
    const record = await this.#store.get(pluginId, version);
    if (!record) throw new IntegrityError('pipeline_not_found', `no version ${version} of ${pluginId} in the pipeline`, { path: `${pluginId}@${version}` });
    return record;
  }

  #assertAllowed(record: VersionRecord, action: Exclude<PipelineAction, 'submit'>, actor: Actor): void {
    checkActor(actor);
    const rule = PIPELINE_TRANSITIONS[action];
    if (!rule.roles.includes(actor.role)) {
      throw new IntegrityError('pipeline_forbidden', `a ${actor.role} cannot ${action.replace('_', ' ')} (needs ${rule.roles.join(' or ')})`, { path: actor.id });
    }
    if (!rule.from.includes(record.state)) {
      const immutable = record.state === 'approved' || record.state === 'yanked';
      throw new IntegrityError(immutable ? 'pipeline_immutable' : 'pipeline_illegal_transition', `cannot ${action.replace('_', ' ')} ${record.pluginId} ${record.version}: it is ${record.state} (allowed from ${rule.from.join(', ')})`, {
        path: `${record.pluginId}@${record.version}`,
      });
    }
  }

  async #commit(record: VersionRecord, next: VersionRecord, action: PipelineAction, actor: Actor, at: string, reason: string | undefined): Promise<VersionRecord> {
    const event: TransitionEvent = { pluginId: record.pluginId, version: record.version, action, from: record.state, to: next.state, actor: { ...actor }, at, ...(reason === undefined ? {} : { reason }) };
    if (!(await this.#store.transition(record.state, next, event))) {
      throw new IntegrityError('pipeline_conflict', `${record.pluginId} ${record.version} changed state while ${action} ran`, { path: `${record.pluginId}@${record.version}` });
    }
    return next;
  }
}

function checkActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0 || !['author', 'reviewer', 'admin', 'system'].includes(actor.role)) {
    throw new IntegrityError('pipeline_forbidden', 'every step needs an actor { id, role: author | reviewer | admin | system }', { path: 'actor' });
  }
}
