import { IntegrityError } from './IntegrityError.js';
import type { ReleaseStatement } from './release.js';
import { compareSemver, parseSemver } from './semver.js';
import type { AcceptedRelease } from './state/VersionStateStore.js';

export interface UpdateDecision {
  kind: 'install' | 'update' | 'same';
  /** Capabilities the new version adds over the accepted one. */
  addedCapabilities: string[];
  majorBump: boolean;
}

/**
 * Seed 003's versioning rules, enforced: no version lower than the accepted one (rollback), no second
 * content for an accepted version (approved versions are immutable), and a MAJOR bump or any new
 * capability only with the user's explicit re-consent.
 */
export function checkUpdatePolicy(previous: AcceptedRelease | undefined, next: ReleaseStatement, options: { reconsent?: boolean } = {}): UpdateDecision {
  if (!previous) return { kind: 'install', addedCapabilities: [], majorBump: false };
  const before = parseSemver(previous.version);
  const after = parseSemver(next.version);
  if (!before || !after) throw new IntegrityError('state_store_failed', `stored version ${JSON.stringify(previous.version)} of ${previous.pluginId} is not SemVer`);
  const order = compareSemver(after, before);
  if (order < 0) {
    throw new IntegrityError('rollback', `${next.pluginId} ${next.version} is older than ${previous.version}, which was already accepted`, {
      path: '/statement/version',
      hint: 'A valid but outdated statement is being replayed; install the current version instead.',
    });
  }
  if (order === 0) {
    if (previous.bundleDigest !== next.bundleDigest || previous.zipSha256 !== next.zipSha256 || previous.version !== next.version) {
      throw new IntegrityError('version_conflict', `${next.pluginId} ${next.version} was already accepted with other content`, { path: '/statement/bundleDigest' });
    }
    return { kind: 'same', addedCapabilities: [], majorBump: false };
  }
  const had = new Set(previous.capabilities);
  const addedCapabilities = next.capabilities.filter((c) => !had.has(c));
  const majorBump = after.major > before.major;
  if (!options.reconsent) {
    if (majorBump) {
      throw new IntegrityError('consent_required_major', `${next.pluginId} ${previous.version} → ${next.version} is a MAJOR update; the user must re-consent`, {
        path: '/statement/version',
        hint: 'Show the user the new version and its capabilities, then verify again with reconsent: true (CLI: --reconsent).',
      });
    }
    if (addedCapabilities.length > 0) {
      throw new IntegrityError('consent_required_capabilities', `${next.pluginId} ${next.version} asks for new capabilities: ${addedCapabilities.join(', ')}`, {
        path: '/statement/capabilities',
        hint: 'Show the user the new capabilities, then verify again with reconsent: true (CLI: --reconsent).',
      });
    }
  }
  return { kind: 'update', addedCapabilities, majorBump };
}
