import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeSignedRelease, IntegrityError, parseDuration, readSecretKeyFile, signRelease, type SignedRelease } from '@maidkit/integrity';
import { readPlugin, type Diagnostic, type PluginBundle } from '@maidkit/manifest';
import { ExitCode, type CliIO } from '../io.js';

export const SIGN_USAGE = `usage: maidkit sign <bundle> --key FILE [--expires 90d] [--out FILE] [--json]

Validate a plugin bundle and write a signed release statement for it.
  <bundle>        the plugin zip (.zip, .mcdr, .pyz) or single .py file exactly as you ship it
  --key FILE      secret key file from \`maidkit keygen\` (must be mode 0600)
  --expires DUR   how long the statement stays valid: 90d (default), 12h, 30m, 3600s, 2w
  --out FILE      where to write the statement (default: <bundle>.statement.json)
  --json          print the result as JSON

Exit codes: 0 signed, 1 refused (invalid bundle, unusable key), 2 usage error.
`;

/** A usage problem (missing file, bad flag): exit 2. */
export class UsageError extends Error {}

export interface ReadBundle {
  zipBytes: Uint8Array;
  bundle: PluginBundle;
  pluginId: string | undefined;
  version: string | undefined;
  capabilities: string[];
}

export function readFileOrUsage(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} ${path} does not exist` : code === 'EISDIR' ? `${what} ${path} is a directory; pass the zip you ship` : `cannot read ${what} ${path}: ${code ?? (err as Error).message}`);
  }
}

/**
 * Validates exactly these bytes with @maidkit/manifest, so what is hashed is what was checked. (A single
 * `.py` plugin is read by path, then compared with the bytes, so a file swapped meanwhile is caught.)
 */
export async function parseBundleBytes(path: string, zipBytes: Uint8Array): Promise<PluginBundle> {
  if (!/\.py$/i.test(path)) return readPlugin(zipBytes, /\.(mcdr|pyz)$/i.test(path) ? { format: 'mcdr-packed' } : {});
  const bundle = await readPlugin(path);
  const same = [...bundle.contents.values()].some((b) => Buffer.compare(Buffer.from(b), Buffer.from(zipBytes)) === 0);
  if (!same) throw new UsageError(`${path} changed while it was being read`);
  return bundle;
}

/** Reads the bundle's bytes once and validates those same bytes. The digest covers `bundle.contents`. */
export async function readBundleFile(path: string): Promise<ReadBundle> {
  const zipBytes = readFileOrUsage(path, 'bundle');
  const bundle = await parseBundleBytes(path, zipBytes);
  const m = bundle.manifest as { id?: unknown; version?: unknown; capabilities_required?: unknown; permissions?: unknown } | undefined;
  const caps = bundle.format === 'mmo-maid' ? m?.capabilities_required : bundle.format === 'casa-cloner' ? m?.permissions : [];
  return {
    zipBytes,
    bundle,
    pluginId: typeof m?.id === 'string' ? m.id : undefined,
    version: typeof m?.version === 'string' ? m.version : undefined,
    capabilities: Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : [],
  };
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `  ${d.code}  ${d.file ?? ''}${d.path ? `${d.file ? ' ' : ''}${d.path}` : ''}: ${d.message}${d.hint ? `\n    hint: ${d.hint}` : ''}`)
    .join('\n');
}

export function describeRelease(s: SignedRelease['statement']): string {
  return (
    `  plugin        ${s.pluginId} ${s.version}\n` +
    `  bundle digest ${s.bundleDigest}\n` +
    `  zip sha256    ${s.zipSha256} (${s.size} bytes)\n` +
    `  capabilities  ${s.capabilities.length ? s.capabilities.join(', ') : '(none)'}\n` +
    `  issued        ${new Date(s.issuedAt * 1000).toISOString()}\n` +
    `  expires       ${new Date(s.expiresAt * 1000).toISOString()}\n`
  );
}

export async function sign(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { key: { type: 'string' }, expires: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.stderr(`maidkit sign: ${(err as Error).message}\n\n${SIGN_USAGE}`);
    return ExitCode.Usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SIGN_USAGE);
    return ExitCode.Ok;
  }
  const json = values.json ?? false;
  const usage = (message: string) => {
    io.stderr(`maidkit sign: ${message}\n\n${SIGN_USAGE}`);
    return ExitCode.Usage;
  };
  const refuse = (error: { code: string; message: string; hint?: string; path?: string }, details = '') => {
    if (json) io.stdout(`${JSON.stringify({ ok: false, error })}\n`);
    else io.stderr(`maidkit sign: refused: ${error.code}: ${error.message}\n${details ? `${details}\n` : ''}${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    return ExitCode.Invalid;
  };
  if (positionals.length !== 1) return usage(positionals.length === 0 ? 'which bundle? pass exactly one path' : 'pass exactly one bundle');
  if (values.key === undefined) return usage('--key FILE is required (create one with `maidkit keygen`)');
  let expiresIn: number;
  try {
    expiresIn = parseDuration(values.expires ?? '90d');
  } catch (err) {
    return usage((err as Error).message);
  }
  const bundlePath = resolve(io.cwd, positionals[0] as string);
  const keyPath = resolve(io.cwd, values.key);
  const outPath = resolve(io.cwd, values.out ?? `${positionals[0] as string}.statement.json`);
  try {
    readFileOrUsage(keyPath, 'key file');
    const key = readSecretKeyFile(keyPath);
    const read = await readBundleFile(bundlePath);
    if (!read.bundle.ok) {
      return refuse({ code: 'bundle_invalid', message: `${positionals[0] as string} is not a valid plugin bundle; nothing was signed`, hint: 'Fix the problems above (see `maidkit validate`) and sign again.' }, formatDiagnostics(read.bundle.diagnostics));
    }
    if (read.pluginId === undefined || read.version === undefined) {
      return refuse({ code: 'bundle_invalid', message: 'the bundle has no manifest with an id and a version' });
    }
    const signed = signRelease({ pluginId: read.pluginId, version: read.version, zipBytes: read.zipBytes, files: read.bundle.contents, capabilities: read.capabilities, expiresIn }, key);
    try {
      writeFileSync(outPath, encodeSignedRelease(signed));
    } catch (err) {
      return refuse({ code: 'write_failed', message: `cannot write ${outPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
    if (json) io.stdout(`${JSON.stringify({ ok: true, statementFile: outPath, kid: key.kid, fingerprint: key.fingerprint, statement: signed.statement })}\n`);
    else io.stdout(`signed ${read.pluginId} ${read.version} with key ${key.kid} (fingerprint ${key.fingerprint})\n${describeRelease(signed.statement)}wrote ${outPath}\n`);
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    if (err instanceof IntegrityError) return refuse(err.toJSON());
    throw err;
  }
}
