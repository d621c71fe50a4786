import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { IntegrityError, parseTrustInput, verifyBundle, verifyZip } from '@maidkit/integrity';
import type { CliIO } from '../io.js';
import { parseBundleBytes, readFileOrUsage, UsageError } from './sign.js';

/** Where `maidkit run`/`dev` find trusted keys when `--keys` is not given. */
export const TRUSTED_KEYS_ENV = 'MAIDKIT_TRUSTED_KEYS';

export type TrustOutcome =
  /** No keys configured: run the plugin as given (unsigned development use). */
  | { kind: 'unchecked' }
  /** Verified: run `path`, a private copy of exactly the bytes that were verified; `dispose` removes it. */
  | { kind: 'verified'; path: string; pluginId: string; version: string; signers: string[]; dispose: () => void }
  | { kind: 'refused'; error: { code: string; message: string; hint?: string; path?: string } };

/**
 * When keys are configured (`--keys FILE`, else `$MAIDKIT_TRUSTED_KEYS`), a bundle only runs if its
 * release statement verifies: the zip's size and SHA-256 against the signed statement **before** the zip is
 * parsed (`verifyZip`), then the validated file set's canonical digest, plugin id and version
 * (`verifyBundle`) — the same checks as `maidkit verify`. What runs is a private copy of the verified
 * bytes, so a file swapped on disk after verification is never the one executed.
 */
export async function checkTrust(source: string, keys: string | undefined, statement: string | undefined, io: CliIO): Promise<TrustOutcome> {
  const keysPath = keys ?? io.env[TRUSTED_KEYS_ENV];
  if (keysPath === undefined || keysPath === '') return { kind: 'unchecked' };
  const statementPath = statement ?? `${source}.statement.json`;
  try {
    if (statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
      return { kind: 'refused', error: { code: 'run.unsigned_directory', message: `${source} is a directory, and trusted keys are configured: only a signed zip can be verified`, hint: `run the zip you ship with its statement, or unset --keys/${TRUSTED_KEYS_ENV} for development` } };
    }
    const trust = parseTrustInput(new TextDecoder().decode(readFileOrUsage(keysPath, 'keys file')));
    const statementBytes = readFileOrUsage(statementPath, 'statement');
    const zipBytes = readFileOrUsage(source, 'bundle');
    verifyZip({ zipBytes, statement: statementBytes, trust });
    const bundle = await parseBundleBytes(source, zipBytes);
    if (!bundle.ok) return { kind: 'refused', error: { code: 'bundle_invalid', message: `${source} matches its statement but is not a valid plugin bundle` } };
    const m = bundle.manifest as { id?: unknown; version?: unknown } | undefined;
    const expect = { ...(typeof m?.id === 'string' ? { pluginId: m.id } : {}), ...(typeof m?.version === 'string' ? { version: m.version } : {}) };
    const result = await verifyBundle({ zipBytes, files: bundle.contents, statement: statementBytes, trust, expect });
    const dir = mkdtempSync(join(tmpdir(), 'maidkit-verified-'));
    const path = join(dir, basename(source));
    writeFileSync(path, zipBytes, { mode: 0o600 });
    return { kind: 'verified', path, pluginId: result.statement.pluginId, version: result.statement.version, signers: result.signers, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    if (error instanceof IntegrityError) {
      const { code, message, hint, path } = error.toJSON();
      return { kind: 'refused', error: { code, message, hint, ...(path === undefined ? {} : { path }) } };
    }
    if (error instanceof UsageError) return { kind: 'refused', error: { code: 'run.unreadable', message: error.message, hint: `pass --statement FILE (default <bundle>.statement.json) and --keys FILE (or ${TRUSTED_KEYS_ENV})` } };
    throw error;
  }
}
