import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { readPlugin, sortDiagnostics, writeBundleTo } from '@maidkit/manifest';
import { JsonFileVersionState, bundleDigest, readTrustFile, verifyBundle, verifyZip, IntegrityError, type TrustSet } from '@maidkit/integrity';
import { BotError } from './BotError.js';
import type { StoredPlugin } from './PluginStore.js';

/** Seed 000: bundles are at most 10 MB zipped. */
const MAX_BUNDLE_BYTES = 10_000_000;

/** Where a bundle comes from: a path inside the bundle folder, or a download (a Discord attachment). */
export type BundleSource = { path: string } | { url: string; statementUrl?: string };

export interface InstallPolicy {
  bundleDir: string;
  downloadHosts: readonly string[];
  /** Trusted keys: when given, a bundle must come with a release statement they signed. */
  trust?: TrustSet;
  /** Where accepted versions are remembered (no rollback to an older signed release). */
  dataDir: string;
}

export function loadTrust(path: string | undefined): TrustSet | undefined {
  return path === undefined ? undefined : readTrustFile(path);
}

/**
 * Fetches, validates (`@maidkit/manifest`), verifies (`@maidkit/integrity`, when trusted keys are
 * configured) and extracts a plugin bundle into the data folder. Nothing is written unless every check
 * passed; every manifest problem is reported at once.
 */
export async function prepareBundle(source: BundleSource, policy: InstallPolicy): Promise<StoredPlugin> {
  const { bytes, dir, statement } = await fetchSource(source, policy);
  let signers: string[] = [];
  if (policy.trust) {
    if (!bytes) throw new BotError('signature_required', 'trusted keys are configured, so only signed .zip bundles install (a folder has no signature)', { hint: 'zip the plugin and sign it: maidkit sign my_plugin.zip --key publisher.key' });
    if (statement === undefined) throw new BotError('signature_required', 'this bundle has no release statement, and this bot installs only signed bundles', { hint: 'put my_plugin.zip.statement.json next to the zip (or attach it as `statement`)' });
    // Size, hash and signatures before the archive is parsed at all.
    try {
      verifyZip({ zipBytes: bytes, statement, trust: policy.trust });
    } catch (error) {
      throw signatureError(error);
    }
  }
  const bundle = await readPlugin(bytes ?? dir!);
  if (!bundle.ok || bundle.format !== 'mmo-maid' || !bundle.manifest) {
    const problems = sortDiagnostics(bundle.diagnostics).filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.file ?? ''}${d.path}: ${d.message}`);
    if (bundle.ok && bundle.format !== 'mmo-maid') problems.push(`this is a ${bundle.format} plugin; the bot runs MMO Maid plugins (manifest.json + __main__.py)`);
    throw new BotError('bundle_invalid', `the bundle is not a valid plugin (${problems.length} problem${problems.length === 1 ? '' : 's'})`, { problems });
  }
  const manifest = bundle.manifest;
  if (policy.trust && bytes && statement !== undefined) {
    try {
      const verified = await verifyBundle({
        zipBytes: bytes,
        files: bundle.contents,
        statement,
        trust: policy.trust,
        expect: { pluginId: manifest.id, version: manifest.version },
        state: new JsonFileVersionState(join(policy.dataDir, 'accepted-versions.json')),
        reconsent: true, // the admin running /plugins install is the consent
      });
      signers = verified.signers;
    } catch (error) {
      throw signatureError(error);
    }
  }
  // Content-addressed folder: the same bytes always land in the same place, and a running plugin's
  // files never change under it.
  const digest = createHash('sha256').update(bundleDigest(bundle.contents)).digest('hex').slice(0, 16);
  const target = join(policy.dataDir, 'plugins', `${manifest.id}@${manifest.version}-${digest}`);
  if (!existsSync(target)) {
    const staging = `${target}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeBundleTo(bundle, staging);
    renameSync(staging, target);
  }
  return {
    id: manifest.id,
    version: manifest.version,
    name: manifest.name,
    dir: target,
    entry: bundle.entry ?? '__main__.py',
    capabilities: [...manifest.capabilities_required],
    slashCommands: manifest.slash_commands.map((c) => ({ ...c }) as Record<string, unknown>),
    proxyDomains: [...(manifest.proxy_domains_requested ?? [])],
    dashboardManifest: bundle.dashboard.manifest ?? null,
    dashboardDir: bundle.dashboard.assets.length > 0 ? join(target, 'dashboard') : null,
    dashboardHandlers: [...bundle.dashboard.handlers],
    signers,
  };
}

function signatureError(error: unknown): BotError {
  if (error instanceof IntegrityError) return new BotError('signature_invalid', `the signature check refused this bundle: ${error.code}: ${error.message}`, { cause: error, hint: error.hint });
  return new BotError('signature_invalid', `the signature check failed: ${(error as Error).message}`, { cause: error });
}

async function fetchSource(source: BundleSource, policy: InstallPolicy): Promise<{ bytes?: Uint8Array; dir?: string; statement?: Uint8Array }> {
  if ('path' in source) {
    const path = insideBundleDir(source.path, policy.bundleDir);
    const statementPath = `${path}.statement.json`;
    const statement = existsSync(statementPath) ? readFileSync(statementPath) : undefined;
    if (statSync(path).isDirectory()) return { dir: path, ...(statement ? { statement } : {}) };
    if (statSync(path).size > MAX_BUNDLE_BYTES) throw new BotError('bundle_invalid', `${source.path} is larger than 10 MB`);
    return { bytes: readFileSync(path), ...(statement ? { statement } : {}) };
  }
  const bytes = await download(source.url, policy.downloadHosts);
  const statement = source.statementUrl === undefined ? undefined : await download(source.statementUrl, policy.downloadHosts);
  return { bytes, ...(statement ? { statement } : {}) };
}

/** An admin may name bundles in the bundle folder only: no `..`, no absolute paths, no symlinks out. */
function insideBundleDir(path: string, bundleDir: string): string {
  const base = resolve(bundleDir);
  const wanted = resolve(base, path);
  if (!existsSync(wanted)) throw new BotError('bundle_not_found', `no bundle "${path}" in the bundle folder`, { hint: `copy it into ${base}` });
  const real = realpathSync(wanted);
  const realBase = realpathSync(base);
  const rel = relative(realBase, real);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || resolve(realBase, rel) !== real) {
    throw new BotError('bundle_outside_dir', `"${path}" is outside the bundle folder`, { hint: `bundles are read from ${base} only` });
  }
  return real;
}

async function download(url: string, hosts: readonly string[]): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BotError('bundle_download_failed', `"${url.slice(0, 200)}" is not a URL`);
  }
  if (!['https:', 'http:'].includes(parsed.protocol) || !hosts.includes(parsed.host)) {
    throw new BotError('bundle_download_failed', `downloads are allowed from ${hosts.join(', ')} only, not ${parsed.host}`, { hint: 'attach the bundle to the command (Discord hosts it on its CDN)' });
  }
  const response = await fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
    throw new BotError('bundle_download_failed', `could not download ${parsed.href}: ${(error as Error).message}`, { cause: error });
  });
  if (!response.ok || !response.body) throw new BotError('bundle_download_failed', `downloading ${parsed.href} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BUNDLE_BYTES) throw new BotError('bundle_invalid', `the bundle is ${declared} bytes; plugins are at most 10 MB zipped`);
  // Count while reading: a missing or lying content-length must not let a huge body through.
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > MAX_BUNDLE_BYTES) throw new BotError('bundle_invalid', 'the bundle is larger than 10 MB; plugins are at most 10 MB zipped');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
