import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IntegrityError, JsonFileVersionState, SqliteVersionState, parseTrustInput, verifyBundle, verifyZip, DEFAULT_MAX_BUNDLE_BYTES, type VerifiedRelease, type VersionStateStore } from '@maidkit/integrity';
import { ExitCode, type CliIO } from '../io.js';
import { describeRelease, formatDiagnostics, parseBundleBytes, readFileOrUsage, UsageError } from './sign.js';

export const VERIFY_USAGE = `usage: maidkit verify <bundle> --keys FILE [--statement FILE] [--state FILE] [--reconsent] [--json]

Verify a plugin bundle against its signed release statement and your trusted keys.
  <bundle>          the plugin zip (or .py) exactly as downloaded
  --keys FILE       trusted keys: a public key file (.pub from \`maidkit keygen\`) or a trust file
  --statement FILE  the release statement (default: <bundle>.statement.json)
  --state FILE      remember accepted versions in this file (JSON; SQLite if it ends in .db or
                    .sqlite): refuses rollbacks, and MAJOR updates or new capabilities without --reconsent
  --reconsent       the user agreed to a MAJOR update / new capabilities
  --max-bytes N     refuse bundles larger than N bytes (default ${DEFAULT_MAX_BUNDLE_BYTES})
  --json            print the result as JSON

Checks, in order: size limit, signature(s) by pinned, unrevoked keys, expiry, zip size and
SHA-256 (before the zip is parsed), the bundle's validity, plugin id and version, the canonical
digest of its files, and with --state the version rules.
Exit codes: 0 verified, 1 refused, 2 usage error.
`;

export async function verify(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, strict: true, allowPositionals: true,
      options: { keys: { type: 'string' }, statement: { type: 'string' }, state: { type: 'string' }, reconsent: { type: 'boolean' }, 'max-bytes': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.stderr(`maidkit verify: ${(err as Error).message}\n\n${VERIFY_USAGE}`);
    return ExitCode.Usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VERIFY_USAGE);
    return ExitCode.Ok;
  }
  const json = values.json ?? false;
  const usage = (message: string) => {
    io.stderr(`maidkit verify: ${message}\n\n${VERIFY_USAGE}`);
    return ExitCode.Usage;
  };
  const refuse = (error: { code: string; message: string; hint?: string; path?: string }, details = '') => {
    if (json) io.stdout(`${JSON.stringify({ verified: false, error })}\n`);
    else io.stderr(`REFUSED ${error.code}: ${error.message}\n${error.path ? `  at    ${error.path}\n` : ''}${details ? `${details}\n` : ''}${error.hint ? `  hint  ${error.hint}\n` : ''}`);
    return ExitCode.Invalid;
  };
  if (positionals.length !== 1) return usage(positionals.length === 0 ? 'which bundle? pass exactly one path' : 'pass exactly one bundle');
  if (values.keys === undefined) return usage('--keys FILE is required (the publisher\'s public key or a trust file)');
  let maxBundleBytes = DEFAULT_MAX_BUNDLE_BYTES;
  if (values['max-bytes'] !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(values['max-bytes'])) return usage('--max-bytes takes a positive integer');
    maxBundleBytes = Number(values['max-bytes']);
  }
  const bundleArg = positionals[0] as string;
  const bundlePath = resolve(io.cwd, bundleArg);
  const statementPath = resolve(io.cwd, values.statement ?? `${bundleArg}.statement.json`);
  try {
    const trustText = new TextDecoder().decode(readFileOrUsage(resolve(io.cwd, values.keys), 'keys file'));
    const statement = readFileOrUsage(statementPath, 'statement');
    const zipBytes = readFileOrUsage(bundlePath, 'bundle');
    const trust = parseTrustInput(trustText);
    // The statement and the zip's SHA-256 are checked before a single byte of the zip is parsed.
    verifyZip({ zipBytes, statement, trust, maxBundleBytes });
    const bundle = await parseBundleBytes(bundlePath, zipBytes);
    if (!bundle.ok) {
      return refuse({ code: 'bundle_invalid', message: `${bundleArg} matches its statement but is not a valid plugin bundle` }, formatDiagnostics(bundle.diagnostics));
    }
    const m = bundle.manifest as { id?: unknown; version?: unknown } | undefined;
    const expect = { ...(typeof m?.id === 'string' ? { pluginId: m.id } : {}), ...(typeof m?.version === 'string' ? { version: m.version } : {}) };
    let state: VersionStateStore | undefined;
    let close = () => {};
    if (values.state !== undefined) {
      const path = resolve(io.cwd, values.state);
      if (/\.(db|sqlite3?)$/i.test(path)) {
        const sqlite = new SqliteVersionState(path);
        close = () => sqlite.close();
        state = sqlite;
      } else state = new JsonFileVersionState(path);
    }
    let result: VerifiedRelease;
    try {
      result = await verifyBundle({ zipBytes, files: bundle.contents, statement, trust, expect, maxBundleBytes, reconsent: values.reconsent ?? false, ...(state ? { state } : {}) });
    } finally {
      close();
    }
    const s = result.statement;
    if (json) {
      io.stdout(`${JSON.stringify({ verified: true, pluginId: s.pluginId, version: s.version, signers: result.signers, decision: result.decision ?? null, statement: s })}\n`);
    } else {
      const decision = result.decision ? `  decision      ${result.decision.kind}${result.decision.addedCapabilities.length ? ` (new capabilities: ${result.decision.addedCapabilities.join(', ')})` : ''}\n` : '';
      io.stdout(`VERIFIED ${s.pluginId} ${s.version}\n  signed by     ${result.signers.join(', ')}\n${describeRelease(s)}${decision}`);
    }
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    if (err instanceof IntegrityError) return refuse(err.toJSON());
    throw err;
  }
}
