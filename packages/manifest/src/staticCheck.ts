import { readPlugin } from './bundle/readPlugin.js';
import type { ReadPluginOptions } from './bundle/types.js';
import { diagnostic, hasErrors, type Diagnostic } from './diagnostics.js';

/** What a publishing pipeline's static check needs (the shape `@maidkit/integrity`'s `StaticChecker` returns). */
export interface StaticCheckReport {
  ok: boolean;
  pluginId: string;
  version: string;
  /** MMO Maid: capabilities_required (normalized); Casa Cloner: permissions; MCDR: none. */
  capabilities: readonly string[];
  /** The validated files (path → bytes), the input of the canonical digest. Empty when not ok. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Hostnames of literal https:// URLs in the code, for the reviewer. */
  proxyDomains: readonly string[];
  diagnostics: readonly Diagnostic[];
}

/**
 * The upload pipeline's static check for a submitted zip: reads and validates it with `readPlugin`, and
 * checks that its manifest names the plugin id and version it was submitted as. Pass it (bound to
 * options) as the integrity pipeline's checker.
 */
export async function staticCheck(zipBytes: Uint8Array, submitted: { pluginId: string; version: string }, options: ReadPluginOptions = {}): Promise<StaticCheckReport> {
  const bundle = await readPlugin(zipBytes, options);
  const diagnostics = [...bundle.diagnostics];
  const m = bundle.manifest;
  if (m) {
    if (m.id !== submitted.pluginId) {
      diagnostics.push(diagnostic('submission.id_mismatch', 'error', '/id', `the manifest's id "${m.id}" is not the submitted plugin "${submitted.pluginId}"`, { hint: 'Submit the bundle under its own plugin id, or fix the manifest.' }));
    }
    if (m.version !== submitted.version) {
      diagnostics.push(diagnostic('submission.version_mismatch', 'error', '/version', `the manifest's version "${m.version}" is not the submitted version "${submitted.version}"`, { hint: 'Bump the manifest version to the one you submit.' }));
    }
  }
  const capabilities = bundle.format === 'mmo-maid' ? (bundle.manifest?.capabilities_required ?? []) : bundle.format === 'casa-cloner' ? (bundle.manifest?.permissions ?? []) : [];
  const ok = !hasErrors(diagnostics);
  return {
    ok,
    pluginId: m?.id ?? '',
    version: m?.version ?? '',
    capabilities,
    files: ok ? bundle.contents : new Map(),
    proxyDomains: [...new Set(bundle.detectedUrls.map((u) => u.domain))],
    diagnostics,
  };
}
