import { existsSync, lstatSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics.js';
import { parseJsonFile } from '../jsonFile.js';
import { ManifestError } from '../ManifestError.js';
import { validateLinkedDirectory } from '../mcdrMetadata.js';
import { indexZip, inflateEntry, readZipAsync, resolveZipLimits, stripCommonRoot } from '../zip/index.js';
import { FileTable } from './FileTable.js';
import { readCasaLayout } from './casaLayout.js';
import { readMcdrMultiFile, readMcdrSolo } from './mcdrLayout.js';
import { readMmoLayout } from './mmoLayout.js';
import { readCapped, readDirectory } from './readDirectory.js';
import type { McdrInfo, PluginBundle, PluginFormat, ReadPluginOptions } from './types.js';

const MCDR_META = 'mcdreforged.plugin.json';
const MCDR_LINK = 'mcdreforged.linked_directory_plugin.json';

type Source = PluginBundle['source'];

/**
 * Reads a plugin from zip bytes, a path to a zip (`.zip`, `.mcdr`, `.pyz`), a directory, or a single
 * `.py` file; detects its format (MMO Maid, Casa Cloner, MCDR solo/packed/directory/linked); and returns
 * the normalized bundle with every diagnostic at once. It never throws for bad input: check `ok`, or use
 * `loadPlugin` to get a ManifestError instead.
 */
export async function readPlugin(source: Uint8Array | string, options: ReadPluginOptions = {}): Promise<PluginBundle> {
  const diagnostics: Diagnostic[] = [];
  try {
    return await readPluginFrom(source, options, diagnostics);
  } catch (err) {
    diagnostics.push(diagnostic('source.unreadable', 'error', '', `could not read the plugin: ${(err as Error).message ?? String(err)}`));
    return finish({ format: 'unknown', files: [], dashboard: { assets: [], handlers: [] }, requirements: [], detectedUrls: [] }, { kind: 'file' }, diagnostics, new Map());
  }
}

/** readPlugin, but throws a ManifestError carrying every diagnostic when any is an error. */
export async function loadPlugin(source: Uint8Array | string, options: ReadPluginOptions = {}): Promise<PluginBundle> {
  const bundle = await readPlugin(source, options);
  if (!bundle.ok) throw ManifestError.fromDiagnostics(bundle.diagnostics, 'plugin');
  return bundle;
}

function finish<B extends Omit<PluginBundle, 'ok' | 'source' | 'diagnostics' | 'contents' | 'partial'>>(
  layout: B,
  src: Source,
  diagnostics: Diagnostic[],
  contents: ReadonlyMap<string, Uint8Array>,
): PluginBundle {
  return { ...layout, ok: !hasErrors(diagnostics), source: src, diagnostics, contents, partial: false } as unknown as PluginBundle;
}

function freshMcdr(disabled: boolean): McdrInfo {
  return { langFiles: [], skipPackageLegalityCheck: false, disabled };
}

function empty(format: 'unknown' = 'unknown') {
  return { format, files: [], dashboard: { assets: [], handlers: [] }, requirements: [], detectedUrls: [] };
}

async function readPluginFrom(input: Uint8Array | string, options: ReadPluginOptions, diagnostics: Diagnostic[]): Promise<PluginBundle> {
  const limits = resolveZipLimits(options.limits);
  if (typeof input !== 'string') return fromZip(input, { kind: 'zip' }, undefined, options, diagnostics, false);

  const path = resolve(input);
  if (!existsSync(path) && !isDanglingLink(path)) {
    diagnostics.push(diagnostic('source.not_found', 'error', input, `${input} does not exist`, { hint: 'Pass a plugin zip, directory or .py file.' }));
    return finish(empty(), { kind: 'file', path: input }, diagnostics, new Map());
  }
  let name = basename(path);
  const disabled = name.endsWith('.disabled');
  if (disabled) {
    name = name.slice(0, -'.disabled'.length);
    diagnostics.push(diagnostic('mcdr.disabled', 'warning', input, `${basename(path)} ends in .disabled, so MCDR would not load it`, { hint: 'Rename it without .disabled to enable it.' }));
  }
  const st = statSync(path);
  if (st.isDirectory()) return fromDirectory(path, options, diagnostics, disabled);
  if (!st.isFile()) {
    diagnostics.push(diagnostic('source.unsupported', 'error', input, `${input} is neither a file nor a directory`, { hint: 'Pass a plugin zip, directory or .py file.' }));
    return finish(empty(), { kind: 'file', path: input }, diagnostics, new Map());
  }
  if (/\.py$/i.test(name)) {
    const src: Source = { kind: 'file', path: input };
    if (st.size > limits.maxEntryBytes) {
      diagnostics.push(diagnostic('layout.file_too_large', 'error', name, `${name} is ${st.size} bytes, over the ${limits.maxEntryBytes}-byte limit`, { file: name }));
      return finish(empty(), src, diagnostics, new Map());
    }
    const bytes = readCapped(path, st.size);
    if (!bytes) throw new Error(`${input} changed while it was read`);
    const layout = readMcdrSolo(name, bytes, freshMcdr(disabled), diagnostics);
    return finish(layout, src, diagnostics, new Map([[name, bytes]]));
  }
  // Anything else is read as a zip; the zip reader refuses what is not one.
  if (st.size > limits.maxZipBytes) {
    diagnostics.push(diagnostic('zip.too_large', 'error', input, `${input} is ${st.size} bytes, over the ${limits.maxZipBytes}-byte limit`, { hint: 'Ship a smaller bundle, or raise the limit on the host.' }));
    return finish(empty(), { kind: 'zip', path: input }, diagnostics, new Map());
  }
  const bytes = readCapped(path, st.size);
  if (!bytes) throw new Error(`${input} changed while it was read`);
  const packed = /\.(mcdr|pyz)$/i.test(name);
  return fromZip(bytes, { kind: 'zip', path: input }, packed ? 'mcdr-packed' : undefined, options, diagnostics, disabled);
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Files worth inflating at `structure` depth: what the metadata checks read. */
function isMetadataFile(path: string): boolean {
  return ['manifest.json', 'dashboard_manifest.json', 'requirements.txt', MCDR_META].includes(path) || /^lang\/[^/]+\.json$/i.test(path);
}

async function fromZip(bytes: Uint8Array, src: Source, hinted: PluginFormat | undefined, options: ReadPluginOptions, diagnostics: Diagnostic[], disabled: boolean): Promise<PluginBundle> {
  let list: Array<{ path: string; size: number }>;
  let contents: Map<string, Uint8Array>;
  const structure = options.depth === 'structure';
  if (structure) {
    const index = indexZip(bytes, options.limits);
    diagnostics.push(...index.diagnostics);
    if (hasErrors(index.diagnostics)) return finish(empty(), src, diagnostics, new Map());
    const files = index.entries.filter((e) => !e.isDirectory);
    list = files.map((e) => ({ path: e.name, size: e.uncompressedSize }));
    const root = stripCommonRoot(list.map((f) => f.path)).root;
    const strip = (p: string) => (root !== undefined && !list.some((f) => isMarker(f.path)) ? p.slice(root.length + 1) : p);
    contents = new Map();
    for (const e of files) {
      if (!isMetadataFile(strip(e.name))) continue;
      const r = inflateEntry(bytes, e, options.limits);
      if (r.ok) contents.set(e.name, r.data);
      else diagnostics.push(...r.diagnostics);
    }
    if (hasErrors(diagnostics)) return finish(empty(), src, diagnostics, new Map());
  } else {
    // Inflating runs on libuv's pool, so a host's event loop stays responsive during a 40 MB read.
    const zip = await readZipAsync(bytes, options.limits);
    diagnostics.push(...zip.diagnostics);
    if (hasErrors(zip.diagnostics)) return finish(empty(), src, diagnostics, new Map());
    contents = zip.files;
    list = [...contents].map(([path, b]) => ({ path, size: b.byteLength }));
  }
  // Zipping a folder puts everything under one top-level folder: accept it, unless the root already
  // holds a manifest (then the folder is content).
  if (!list.some((f) => isMarker(f.path))) {
    const stripped = stripCommonRoot(list.map((f) => f.path));
    if (stripped.root !== undefined) {
      const prefix = `${stripped.root}/`;
      list = list.map((f) => ({ path: f.path.slice(prefix.length), size: f.size }));
      contents = new Map([...contents].map(([k, v]) => [k.slice(prefix.length), v]));
      src = { ...src, strippedRoot: stripped.root };
      const format = options.format ?? hinted;
      if (format === 'mcdr-packed' || list.some((f) => f.path === MCDR_META)) {
        diagnostics.push(diagnostic('mcdr.metadata_not_at_root', 'error', `${prefix}${MCDR_META}`, `the packed plugin keeps its files in "${prefix}", but MCDR reads ${MCDR_META} from the zip root`, { hint: 'Zip the contents of the plugin folder, not the folder itself.' }));
      }
    }
  }
  const table = new FileTable(list, contents);
  const format = options.format ?? hinted ?? detectFormat(table.paths()) ?? 'unknown';
  const bundle = dispatch(format, table, src, options, diagnostics, disabled);
  return structure ? { ...bundle, partial: true } : bundle;
}

/** A file that marks the zip root as the bundle root (so a single folder there is content). */
function isMarker(path: string): boolean {
  return path === 'manifest.json' || path === MCDR_META || path === '__main__.py' || path === 'plugin.py';
}

function fromDirectory(dir: string, options: ReadPluginOptions, diagnostics: Diagnostic[], disabled: boolean): PluginBundle {
  const src: Source = { kind: 'directory', path: dir };
  if (options.format === undefined || options.format === 'mcdr-linked') {
    if (existsSync(resolve(dir, MCDR_LINK)) && !existsSync(resolve(dir, MCDR_META))) return fromLinked(dir, options, diagnostics, disabled);
  }
  const set = readDirectory(dir, options.limits);
  diagnostics.push(...set.diagnostics);
  if (set.ignored.length > 0) src.ignored = set.ignored;
  if (hasErrors(set.diagnostics) && set.files.size === 0) return finish(empty(), src, diagnostics, new Map());
  const format = options.format ?? detectFormat(set.files.keys()) ?? 'unknown';
  if (format === 'mcdr-directory' && set.files.has('__init__.py')) {
    diagnostics.push(diagnostic('mcdr.directory_is_package', 'error', '__init__.py', 'a directory with __init__.py at its root is a Python package, never an MCDR plugin', { file: '__init__.py', hint: 'Move the code into a <id>/ package folder beside mcdreforged.plugin.json.' }));
  }
  return dispatch(format, FileTable.of(set.files), src, options, diagnostics, disabled);
}

function fromLinked(dir: string, options: ReadPluginOptions, diagnostics: Diagnostic[], disabled: boolean): PluginBundle {
  const src: Source = { kind: 'directory', path: dir };
  const info = freshMcdr(disabled);
  const linkPath = resolve(dir, MCDR_LINK);
  const st = lstatSync(linkPath);
  if (!st.isFile() || st.size > 64 * 1024) {
    diagnostics.push(diagnostic('mcdr.link_target_missing', 'error', MCDR_LINK, `${MCDR_LINK} is not a small regular file`, { file: MCDR_LINK }));
    return finish({ ...empty(), format: 'mcdr-linked', mcdr: info } as never, src, diagnostics, new Map());
  }
  const parsed = parseJsonFile(readCapped(linkPath, st.size) ?? new Uint8Array(), MCDR_LINK);
  diagnostics.push(...parsed.diagnostics);
  const link = parsed.value === undefined ? undefined : validateLinkedDirectory(parsed.value);
  if (link) diagnostics.push(...link.diagnostics);
  if (!link?.value) return finish({ ...empty(), format: 'mcdr-linked', mcdr: info } as never, src, diagnostics, new Map());
  if (options.followLinks === false) {
    diagnostics.push(diagnostic('mcdr.link_target_not_found', 'error', '/target', 'linked directory plugins are disabled on this host', { file: MCDR_LINK, hint: 'Point the host at the target directory itself.' }));
    return finish({ ...empty(), format: 'mcdr-linked', mcdr: info } as never, src, diagnostics, new Map());
  }
  const target = resolve(options.cwd ?? process.cwd(), link.value.target);
  info.linkedTarget = target;
  info.skipPackageLegalityCheck = link.value.skip_package_legality_check;
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    diagnostics.push(diagnostic('mcdr.link_target_not_found', 'error', '/target', `target ${target} is not a directory`, { file: MCDR_LINK, hint: `Relative targets resolve against ${options.cwd ?? 'the working directory'} (as MCDR resolves them).` }));
    return finish({ ...empty(), format: 'mcdr-linked', mcdr: info } as never, src, diagnostics, new Map());
  }
  const set = readDirectory(target, options.limits);
  diagnostics.push(...set.diagnostics);
  const layout = readMcdrMultiFile('mcdr-linked', FileTable.of(set.files), info, diagnostics);
  return finish(layout, { ...src, path: target }, diagnostics, set.files);
}

/** Chooses the format from the files at the bundle root. */
export function detectFormat(paths: Iterable<string>): PluginFormat | undefined {
  const set = new Set(paths);
  if (set.has(MCDR_META)) return 'mcdr-directory';
  if (set.has(MCDR_LINK)) return 'mcdr-linked';
  if (set.has('plugin.py') && !set.has('__main__.py')) return 'casa-cloner';
  if (set.has('manifest.json') || set.has('__main__.py')) return 'mmo-maid';
  return undefined;
}

function dispatch(format: PluginFormat | 'unknown', files: FileTable, src: Source, options: ReadPluginOptions, diagnostics: Diagnostic[], disabled: boolean): PluginBundle {
  switch (format) {
    case 'mmo-maid':
      return finish(readMmoLayout(files, options, diagnostics), src, diagnostics, files.bytes);
    case 'casa-cloner':
      return finish(readCasaLayout(files, options, diagnostics), src, diagnostics, files.bytes);
    case 'mcdr-packed':
    case 'mcdr-directory':
    case 'mcdr-linked': {
      const f = src.kind === 'zip' ? 'mcdr-packed' : format === 'mcdr-linked' ? 'mcdr-directory' : format;
      return finish(readMcdrMultiFile(f, files, freshMcdr(disabled), diagnostics), src, diagnostics, files.bytes);
    }
    case 'mcdr-solo': {
      const py = files.paths().filter((p) => p.endsWith('.py'));
      const only = py.length === 1 ? py[0]! : undefined;
      const code = only === undefined ? undefined : files.get(only);
      if (only === undefined || code === undefined) break;
      return finish(readMcdrSolo(only, code, freshMcdr(disabled), diagnostics), src, diagnostics, new Map([[only, code]]));
    }
    default:
      break;
  }
  const mac = files.paths().some((p) => p.startsWith('__MACOSX/') || p.endsWith('.DS_Store'));
  diagnostics.push(
    diagnostic('source.unknown_format', 'error', '', 'no plugin manifest at the bundle root', {
      hint: mac
        ? 'The zip holds macOS Finder metadata (__MACOSX/, .DS_Store) beside the plugin folder; zip the folder with `zip -r -X plugin.zip my_plugin` instead.'
        : `Expected manifest.json + __main__.py (MMO Maid), manifest.json + plugin.py (Casa Cloner), ${MCDR_META} (MCDR) or a single .py file (MCDR solo)${src.path ? ` in ${src.path}` : ''}.`,
    }),
  );
  return finish(empty(), src, diagnostics, files.bytes);
}
