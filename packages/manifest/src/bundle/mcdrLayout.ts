import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseJsonFile } from '../jsonFile.js';
import { mcdrFallbackId, validateMcdrMetadata } from '../mcdrMetadata.js';
import { analyzePython, moduleLiteral } from '../python/analyze.js';
import { parseRequirements } from '../requirements.js';
import { decodeText } from './common.js';
import type { FileTable } from './FileTable.js';
import type { McdrBundle, McdrInfo } from './types.js';

type Layout = Omit<McdrBundle, 'ok' | 'source' | 'diagnostics' | 'contents' | 'partial'>;

// A root .py whose stem is a plain identifier not starting with two underscores (so __main__.py passes).
const MODULE_NAME = /^[A-Za-z_](?!_)[A-Za-z0-9_]*$/;

/**
 * A multi-file MCDR plugin (packed, directory, or a linked directory's target): metadata, entrypoint
 * module, package legality check (derived from every path, not only explicit directory entries),
 * requirements.txt (lenient, as MCDR only warns), and the lang/ files MCDR registers.
 */
export function readMcdrMultiFile(
  format: 'mcdr-packed' | 'mcdr-directory' | 'mcdr-linked',
  files: FileTable,
  info: McdrInfo,
  diagnostics: Diagnostic[],
): Layout {
  const META = 'mcdreforged.plugin.json';
  const bundle: Layout = { format, files: [...files.list], dashboard: { assets: [], handlers: [] }, requirements: [], detectedUrls: [], mcdr: info };
  const metaBytes = files.get(META);
  if (!files.has(META)) {
    diagnostics.push(diagnostic('layout.missing_manifest', 'error', META, `${META} is missing from the plugin root`, { file: META, hint: 'Add mcdreforged.plugin.json with at least "id".' }));
  } else {
    const parsed = parseJsonFile(metaBytes ?? '', META);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value !== undefined) {
      const result = validateMcdrMetadata(parsed.value, { file: META });
      diagnostics.push(...result.diagnostics);
      if (result.value) bundle.manifest = result.value;
    }
  }
  const meta = bundle.manifest;
  if (meta) {
    const mod = meta.entrypoint.split('.').join('/');
    const candidates = [`${mod}/__init__.py`, `${mod}.py`];
    const entry = candidates.find((c) => files.has(c));
    if (entry) bundle.entry = entry;
    else diagnostics.push(diagnostic('layout.missing_entry', 'error', candidates[0]!, `entrypoint module "${meta.entrypoint}" not found (${candidates.join(' or ')})`, { file: META, hint: `Add ${candidates[0]} (a package named after the id).` }));
    if (!info.skipPackageLegalityCheck) diagnostics.push(...legalityCheck(meta.id, files.paths()));
  }
  const req = files.get('requirements.txt');
  if (req !== undefined) {
    const text = decodeText(req, 'requirements.txt', diagnostics);
    if (text !== undefined) {
      const parsed = parseRequirements(text, { mode: 'lenient' });
      bundle.requirements = parsed.requirements;
      diagnostics.push(...parsed.diagnostics);
    }
  }
  for (const path of files.paths()) {
    if (!path.startsWith('lang/')) continue;
    const bytes = files.get(path);
    const name = path.slice('lang/'.length);
    if (name.includes('/') || !/\.(json|ya?ml)$/i.test(name)) {
      diagnostics.push(diagnostic('mcdr.lang_file_skipped', 'warning', path, `${path} is not a lang/<language>.json|yml|yaml file; MCDR skips it`, { file: path, hint: 'Name translation files lang/en_us.json, lang/zh_cn.yml, …' }));
      continue;
    }
    if (/\.json$/i.test(name) && bytes !== undefined) {
      const parsed = parseJsonFile(bytes, path);
      if (parsed.value === undefined) {
        diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, code: 'mcdr.lang_invalid', severity: 'warning' as const })));
        continue;
      }
    }
    info.langFiles.push(path);
  }
  return bundle;
}

/** MCDR's package legality check on the plugin root: only the id may be a package or module there. */
export function legalityCheck(id: string, paths: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const packages = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    if (parts.length === 2 && parts[1] === '__init__.py' && parts[0] !== id) packages.add(parts[0]!);
    if (parts.length === 1 && p.endsWith('.py')) {
      const stem = p.slice(0, -3);
      if (stem !== id && MODULE_NAME.test(stem)) {
        out.push(diagnostic('mcdr.illegal_module', 'error', p, `the plugin root holds module "${stem}", but may only hold the package "${id}"`, { file: p, hint: `Move ${p} into the ${id}/ package.` }));
      }
    }
  }
  for (const pkg of packages) {
    out.push(diagnostic('mcdr.illegal_package', 'error', `${pkg}/`, `the plugin root holds package "${pkg}", but may only hold the package "${id}"`, { file: `${pkg}/__init__.py`, hint: `Move ${pkg}/ inside ${id}/, or drop its __init__.py if it is data.` }));
  }
  return out;
}

/** A solo plugin: one .py file whose PLUGIN_METADATA literal is its metadata. */
export function readMcdrSolo(fileName: string, bytes: Uint8Array, info: McdrInfo, diagnostics: Diagnostic[]): Layout {
  const bundle: Layout = { format: 'mcdr-solo', files: [{ path: fileName, size: bytes.byteLength }], entry: fileName, dashboard: { assets: [], handlers: [] }, requirements: [], detectedUrls: [], mcdr: info };
  const text = decodeText(bytes, fileName, diagnostics);
  if (text === undefined) return bundle;
  const fallbackId = mcdrFallbackId(fileName);
  const mod = analyzePython(text);
  if (mod.error) {
    diagnostics.push(diagnostic('python.tokenize_error', 'warning', `${fileName}:${mod.error.line}`, `${fileName} line ${mod.error.line}: ${mod.error.message}`, { file: fileName }));
  }
  const lit = moduleLiteral(mod.tokens, 'PLUGIN_METADATA');
  const file = `${fileName}#PLUGIN_METADATA`;
  let meta: unknown = {};
  if (!lit.found) {
    diagnostics.push(diagnostic('mcdr.missing_metadata', 'warning', fileName, `${fileName} defines no PLUGIN_METADATA; MCDR uses the id "${fallbackId}" and version 0.0.0`, { file: fileName, hint: "Add PLUGIN_METADATA = {'id': 'my_plugin', 'version': '1.0.0'}." }));
  } else if (lit.value === undefined) {
    diagnostics.push(diagnostic('mcdr.metadata_not_literal', 'warning', `${fileName}:${lit.line}`, `PLUGIN_METADATA on line ${lit.line} is not a plain literal, so it cannot be read without running the plugin`, { file: fileName, hint: 'Write it as a dict literal of strings, lists and dicts.' }));
  } else meta = lit.value;
  if (!lit.found || lit.value === undefined) {
    bundle.manifest = { id: fallbackId, version: '0.0.0', name: fallbackId, dependencies: {}, entrypoint: fallbackId };
    return bundle;
  }
  const result = validateMcdrMetadata(meta, { file, solo: true, fallbackId });
  diagnostics.push(...result.diagnostics);
  if (result.value) bundle.manifest = result.value;
  return bundle;
}
