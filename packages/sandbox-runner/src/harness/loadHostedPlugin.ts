import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlugin, writeBundleTo, type Diagnostic } from '@maidkit/manifest';
import type { HostedPlugin } from '../host/PluginHost.js';

export type LoadedPlugin =
  | { ok: true; plugin: HostedPlugin; diagnostics: Diagnostic[]; dispose: () => void }
  | { ok: false; diagnostics: Diagnostic[] };

/** Test inputs that sit beside a plugin's files in its folder but are not part of the bundle. */
const SCENARIO_FILES = ['events.jsonl'];

/**
 * A plugin folder that also holds its `maidkit run` events file (examples/hello-plugin/events.jsonl)
 * is read from a copy without it, so the bundle rules (which refuse unknown files) see only the plugin.
 */
function withoutScenario(source: string): { path: string; cleanup: () => void } {
  const none = { path: source, cleanup: () => {} };
  if (!existsSync(source) || !statSync(source).isDirectory()) return none;
  if (!SCENARIO_FILES.some((f) => existsSync(join(source, f)))) return none;
  const copy = mkdtempSync(join(tmpdir(), 'maidkit-plugin-src-'));
  cpSync(source, copy, { recursive: true, filter: (src) => !SCENARIO_FILES.some((f) => src === join(source, f)) });
  return { path: copy, cleanup: () => rmSync(copy, { recursive: true, force: true }) };
}

/**
 * Reads a plugin (zip, directory or .py) with `@maidkit/manifest`, and when it is a valid MMO Maid
 * bundle writes its checked files to a private folder the host can run (a zip has no folder, and a
 * directory could change under a running plugin). Invalid bundles come back with every diagnostic.
 */
export async function loadHostedPlugin(source: string): Promise<LoadedPlugin> {
  const readable = withoutScenario(source);
  let bundle;
  try {
    bundle = await readPlugin(readable.path);
  } finally {
    readable.cleanup();
  }
  if (!bundle.ok) return { ok: false, diagnostics: bundle.diagnostics };
  if (bundle.format !== 'mmo-maid' || !bundle.manifest) {
    return {
      ok: false,
      diagnostics: [
        ...bundle.diagnostics,
        {
          code: 'run.unsupported_format',
          severity: 'error',
          path: '',
          message: `this is a ${bundle.format} plugin; the runner runs MMO Maid plugins (manifest.json + __main__.py) in this version`,
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
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
