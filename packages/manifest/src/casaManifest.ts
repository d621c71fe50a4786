import semver from 'semver';
import { diagnostic, hasErrors, pointer, type Diagnostic } from './diagnostics.js';
import { applyStrict, type ManifestValidationOptions, type ValidationResult } from './mmoManifest.js';
import { analyzePython } from './python/analyze.js';
import { validateWithSchema } from './schemas.js';
import type { CasaHook, CasaManifest } from './types.js';

/** Casa Cloner's client refuses code larger than this (seed 003, "Size cap"). */
export const CASA_MAX_CODE_BYTES = 5 * 1024 * 1024;

export const CASA_HOOKS: readonly CasaHook[] = ['on_load', 'on_unload', 'on_ready', 'on_message', 'on_clone_start', 'on_clone_finish', 'on_error'];

export interface CasaValidationOptions extends ManifestValidationOptions {
  /** plugin.py, to check `hooks` against the functions it really defines and its size. */
  pluginSource?: string | Uint8Array;
  /** Name diagnostics give the code file (default `plugin.py`). */
  pluginFile?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const HTML = /<\/?[a-zA-Z!][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/;

/**
 * Validates a Casa Cloner `manifest.json` against every rule of its table, and, given plugin.py, that
 * `hooks` lists exactly the known hook functions plugin.py defines at top level (a `def` in a string,
 * comment, class or nested function does not count; `async def` does) and that the code is ≤ 5 MiB.
 */
export function validateCasaManifest(input: unknown, options: CasaValidationOptions = {}): ValidationResult<CasaManifest> {
  const file = options.file ?? 'manifest.json';
  const codeFile = options.pluginFile ?? 'plugin.py';
  if (!isObject(input)) {
    return { diagnostics: [diagnostic('json.not_object', 'error', '', `${file} must hold a JSON object`, { file, hint: 'Wrap the fields in { }.' })] };
  }
  const diagnostics: Diagnostic[] = validateWithSchema('casa-manifest', input, file);
  const m = input;
  if (typeof m['version'] === 'string' && !diagnostics.some((d) => d.path === '/version') && semver.parse(m['version']) === null) {
    diagnostics.push(diagnostic('casa.invalid_version', 'error', '/version', `/version: "${m['version']}" is not a usable version`, { file, hint: 'Keep each number below 2^53.' }));
  }
  if (typeof m['description'] === 'string' && HTML.test(m['description'])) {
    diagnostics.push(diagnostic('casa.description_html', 'error', '/description', '/description contains HTML markup or entities', { file, hint: 'Write plain text; tags such as <b> and entities such as &amp; are not rendered.' }));
  }

  if (options.pluginSource !== undefined) {
    const bytes = typeof options.pluginSource === 'string' ? Buffer.byteLength(options.pluginSource) : options.pluginSource.byteLength;
    if (bytes > CASA_MAX_CODE_BYTES) {
      diagnostics.push(diagnostic('casa.code_too_large', 'error', codeFile, `${codeFile} is ${bytes} bytes; the limit is 5 MiB (${CASA_MAX_CODE_BYTES})`, { file: codeFile, hint: 'Casa Cloner clients refuse larger code; split out data or trim the plugin.' }));
    } else {
      const text = typeof options.pluginSource === 'string' ? options.pluginSource : new TextDecoder().decode(options.pluginSource);
      diagnostics.push(...checkHooks(m['hooks'], text, file, codeFile));
    }
  }

  const all = applyStrict(diagnostics, options.strict);
  if (hasErrors(all)) return { diagnostics: all };
  const value = { ...m, permissions: (m['permissions'] as CasaManifest['permissions'] | undefined) ?? [] } as unknown as CasaManifest;
  return { value, diagnostics: all };
}

function checkHooks(hooks: unknown, source: string, file: string, codeFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const info = analyzePython(source);
  if (info.error) {
    out.push(diagnostic('python.tokenize_error', 'warning', `${codeFile}:${info.error.line}`, `${codeFile} line ${info.error.line}: ${info.error.message}; hooks after it may be missed`, { file: codeFile, hint: 'Fix the syntax error; Python would refuse to load the file.' }));
  }
  const defined = new Map(info.functions.map((f) => [f.name, f.line]));
  const declared = Array.isArray(hooks) ? hooks.filter((h): h is string => typeof h === 'string') : [];
  declared.forEach((h, i) => {
    if (!defined.has(h)) {
      out.push(diagnostic('casa.hook_not_defined', 'error', pointer('hooks', i), `hook "${h}" is declared but ${codeFile} defines no top-level function "${h}"`, { file, hint: `Define "def ${h}(api…):" at the top level of ${codeFile}, or remove it from hooks.` }));
    }
  });
  for (const f of info.functions) {
    if ((CASA_HOOKS as readonly string[]).includes(f.name) && !declared.includes(f.name)) {
      out.push(diagnostic('casa.hook_not_declared', 'error', `${codeFile}:${f.line}`, `${codeFile} line ${f.line} defines hook "${f.name}" but the manifest's hooks do not list it`, { file: codeFile, hint: `Add "${f.name}" to hooks in ${file}; hooks must match the functions plugin.py defines.` }));
    }
  }
  return out;
}
