import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlugin, writeBundleTo, type Diagnostic } from '@maidkit/manifest';
import type { HostedPlugin } from '../host/PluginHost.js';
import { casaHostedPlugin } from '../casa/index.js';
import { isMcdrBundle, stageMcdrBundle } from '../reload/stageMcdr.js';

export type LoadedPlugin =
  | { ok: true; plugin: HostedPlugin; diagnostics: Diagnostic[]; dispose: () => void }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Reads a plugin (zip, directory or .py) with `@maidkit/manifest`, and when it is a valid MMO Maid
 * bundle writes its checked files to a private folder the host can run (a zip has no folder, and a
 * directory could change under a running plugin). Invalid bundles come back with every diagnostic.
 */
export async function loadHostedPlugin(source: string): Promise<LoadedPlugin> {
  // A folder's `.maidkitignore` keeps test inputs such as events.jsonl out of the bundle.
  const bundle = await readPlugin(source);
  if (!bundle.ok) return { ok: false, diagnostics: bundle.diagnostics };
  if (isMcdrBundle(bundle)) return stageMcdrBundle(bundle); // seed 004 packaging: solo, packed, directory, linked
  if ((bundle.format !== 'mmo-maid' && bundle.format !== 'casa-cloner') || !bundle.manifest) {
    return {
      ok: false,
      diagnostics: [
        ...bundle.diagnostics,
        {
          code: 'run.unsupported_format',
          severity: 'error',
          path: '',
          message: `this is a ${bundle.format} plugin; the runner runs MMO Maid plugins (manifest.json + __main__.py) and Casa Cloner plugins (manifest.json + plugin.py) in this version`,
        },
      ],
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'maidkit-plugin-'));
  try {
    writeBundleTo(bundle, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  if (bundle.format === 'casa-cloner') {
    return { ok: true, diagnostics: bundle.diagnostics, plugin: casaHostedPlugin(bundle.manifest, dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const manifest = bundle.manifest;
  return {
    ok: true,
    diagnostics: bundle.diagnostics,
    plugin: {
      id: manifest.id,
      version: manifest.version,
      dir,
      entry: bundle.entry ?? '__main__.py',
      capabilities: [...manifest.capabilities_required],
      slashCommands: manifest.slash_commands.map((c) => c.name),
      serverCrons: manifest.server_crons,
      proxyDomains: [...manifest.proxy_domains_requested],
      ...(bundle.dashboard.manifest ? { dashboardManifest: bundle.dashboard.manifest } : {}),
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
