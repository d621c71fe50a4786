import { validateCasaManifest } from '../casaManifest.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseJsonFile } from '../jsonFile.js';
import { CASA_MAX_CODE_BYTES } from '../casaManifest.js';
import { decodeText } from './common.js';
import type { FileTable } from './FileTable.js';
import type { CasaBundle, ReadPluginOptions } from './types.js';

/** Casa Cloner: exactly plugin.py + manifest.json (seed 003, single-file plugins). */
export function readCasaLayout(files: FileTable, options: ReadPluginOptions, diagnostics: Diagnostic[]): Omit<CasaBundle, 'ok' | 'source' | 'diagnostics' | 'contents' | 'partial'> {
  const bundle: Omit<CasaBundle, 'ok' | 'source' | 'diagnostics' | 'contents' | 'partial'> = {
    format: 'casa-cloner',
    files: [...files.list],
    dashboard: { assets: [], handlers: [] },
    requirements: [],
    detectedUrls: [],
  };
  for (const { path } of bundle.files) {
    if (path === 'plugin.py' || path === 'manifest.json') continue;
    diagnostics.push(diagnostic('layout.unexpected_file', 'error', path, `${path} is outside the Casa Cloner layout`, { file: path, hint: 'A Casa Cloner plugin is exactly plugin.py and manifest.json.' }));
  }
  const code = files.get('plugin.py');
  let source: string | Uint8Array | undefined;
  if (!files.has('plugin.py')) {
    diagnostics.push(diagnostic('layout.missing_entry', 'error', 'plugin.py', 'plugin.py is missing', { file: 'plugin.py', hint: 'Put the plugin code in plugin.py.' }));
  } else {
    bundle.entry = 'plugin.py';
    const size = files.size('plugin.py') ?? 0;
    // Over 5 MiB the size rule alone reports it (from the listed size, so also without the bytes).
    if (size > CASA_MAX_CODE_BYTES) source = new Uint8Array(size);
    else if (code !== undefined) source = decodeText(code, 'plugin.py', diagnostics);
  }
  const manifestBytes = files.get('manifest.json');
  if (!files.has('manifest.json')) {
    diagnostics.push(diagnostic('layout.missing_manifest', 'error', 'manifest.json', 'manifest.json is missing', { file: 'manifest.json', hint: 'Add manifest.json with id, name, version, description, author, category and hooks.' }));
    return bundle;
  }
  const parsed = parseJsonFile(manifestBytes ?? '', 'manifest.json');
  diagnostics.push(...parsed.diagnostics);
  if (parsed.value === undefined) return bundle;
  const result = validateCasaManifest(parsed.value, source === undefined ? { strict: options.strict ?? false } : { pluginSource: source, strict: options.strict ?? false });
  diagnostics.push(...result.diagnostics);
  if (result.value) bundle.manifest = result.value;
  return bundle;
}
