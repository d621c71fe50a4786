import { validateDashboardManifest } from '../dashboardManifest.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseJsonFile } from '../jsonFile.js';
import { validateMmoManifest } from '../mmoManifest.js';
import { checkProxyDomains, validateProxyDomain } from '../proxyDomains.js';
import { parseRequirements } from '../requirements.js';
import { decodeText, scanPythonFiles } from './common.js';
import type { FileTable } from './FileTable.js';
import type { MmoBundle, ReadPluginOptions } from './types.js';
import type { CapabilityUse } from '../capabilityUse.js';

/** A ctx call whose capability the (normalized) manifest lacks fails at run time with CapabilityDenied. */
function undeclaredCapabilities(held: readonly string[], uses: readonly CapabilityUse[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const u of uses) {
    if (held.includes(u.capability) || reported.has(u.capability)) continue;
    reported.add(u.capability);
    out.push(
      diagnostic('manifest.capability_not_declared', 'warning', `${u.file}:${u.line}`, `${u.file} line ${u.line} calls ${u.call}, which needs "${u.capability}", but capabilities_required does not list it`, {
        file: u.file,
        hint: `Add "${u.capability}" to capabilities_required in manifest.json; without it the call is refused at run time.`,
      }),
    );
  }
  return out;
}

const FIXED = new Set(['manifest.json', '__main__.py', 'requirements.txt', 'dashboard_manifest.json']);

/**
 * The MMO Maid layout (seed 000): manifest.json and __main__.py required; requirements.txt,
 * dashboard_manifest.json and dashboard/** optional; anything else refused unless the host allows extra
 * Python modules (`*.py`).
 */
export function readMmoLayout(files: FileTable, options: ReadPluginOptions, diagnostics: Diagnostic[]): Omit<MmoBundle, 'ok' | 'source' | 'diagnostics' | 'contents' | 'partial'> {
  const bundle: Omit<MmoBundle, 'ok' | 'source' | 'diagnostics' | 'contents' | 'partial'> = {
    format: 'mmo-maid',
    files: [...files.list],
    dashboard: { assets: [], handlers: [] },
    requirements: [],
    detectedUrls: [],
  };
  for (const { path, size } of bundle.files) {
    if (FIXED.has(path)) continue;
    if (path.startsWith('dashboard/')) {
      bundle.dashboard.assets.push({ path, size });
      continue;
    }
    if (options.allowExtraModules && path.endsWith('.py')) continue;
    diagnostics.push(
      diagnostic('layout.unexpected_file', 'error', path, `${path} is outside the plugin layout`, {
        file: path,
        hint: /(^|\/)(__MACOSX\/|\.DS_Store$)/.test(path)
          ? 'macOS Finder metadata: zip with `zip -r -X` or delete it.'
          : path.endsWith('.py')
          ? 'Extra Python modules are refused unless the host allows them (maidkit validate --allow-extra-modules); or merge it into __main__.py.'
          : 'A bundle holds manifest.json, __main__.py, requirements.txt, dashboard_manifest.json and dashboard/ only; remove this file.',
      }),
    );
  }
  if (bundle.dashboard.assets.length > 0 && !files.has('dashboard/index.html')) {
    diagnostics.push(diagnostic('layout.dashboard_missing_index', 'error', 'dashboard/', 'dashboard/ has no index.html, the iframe entry point', { file: 'dashboard/', hint: 'Add dashboard/index.html.' }));
  }
  if (files.has('__main__.py')) bundle.entry = '__main__.py';
  else diagnostics.push(diagnostic('layout.missing_entry', 'error', '__main__.py', '__main__.py is missing: it is the plugin\'s entry point', { file: '__main__.py', hint: 'Put your handler code in __main__.py and end it with plugin.run().' }));

  const scan = scanPythonFiles(files.bytes, diagnostics);
  bundle.dashboard.handlers = [...new Set(scan.dashboardHandlers)];
  bundle.detectedUrls = scan.urls;

  const manifestBytes = files.get('manifest.json');
  let declaredDomains: string[] = [];
  if (!files.has('manifest.json')) {
    diagnostics.push(diagnostic('layout.missing_manifest', 'error', 'manifest.json', 'manifest.json is missing', { file: 'manifest.json', hint: 'Add manifest.json with id, name, version, description and capabilities_required.' }));
  } else {
    const parsed = parseJsonFile(manifestBytes ?? '', 'manifest.json');
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value !== undefined) {
      const result = validateMmoManifest(parsed.value, { file: 'manifest.json', strict: options.strict ?? false });
      diagnostics.push(...result.diagnostics);
      if (result.value) {
        bundle.manifest = result.value;
        diagnostics.push(...undeclaredCapabilities(result.value.capabilities_required, scan.capabilityUses));
      }
      const raw = (parsed.value as { proxy_domains_requested?: unknown }).proxy_domains_requested;
      if (Array.isArray(raw)) {
        declaredDomains = raw.flatMap((d) => (typeof d === 'string' ? (validateProxyDomain(d).domain ?? []) : []));
      }
    }
  }
  // Without the code (structure depth) there is nothing to compare the declared domains with.
  if (files.bytes.has('__main__.py')) diagnostics.push(...checkProxyDomains([...new Set(declaredDomains)], scan.urls));

  const req = files.get('requirements.txt');
  if (req !== undefined) {
    const text = decodeText(req, 'requirements.txt', diagnostics);
    if (text !== undefined) {
      const parsed = parseRequirements(text, { mode: 'strict' });
      bundle.requirements = parsed.requirements;
      diagnostics.push(...parsed.diagnostics);
    }
  }

  const dash = files.get('dashboard_manifest.json');
  if (dash !== undefined) {
    const parsed = parseJsonFile(dash, 'dashboard_manifest.json');
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value !== undefined) {
      const result = validateDashboardManifest(parsed.value, { handlers: new Set(scan.dashboardHandlers), strict: options.strict ?? false });
      diagnostics.push(...result.diagnostics);
      if (result.value) bundle.dashboard.manifest = result.value;
    }
  }
  return bundle;
}
