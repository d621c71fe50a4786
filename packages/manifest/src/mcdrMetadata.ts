import { diagnostic, hasErrors, pointer, type Diagnostic } from './diagnostics.js';
import type { ValidationResult } from './mmoManifest.js';
import { validateWithSchema } from './schemas.js';
import type { McdrLinkedDirectory, McdrMetadata } from './types.js';

const MCDR_ID = /^[a-z][a-z0-9_]{0,63}$/;
const PART = '[-+0-9A-Za-z]+(?:\\.[-+0-9A-Za-z]+)*';
const MCDR_VERSION = new RegExp(`^[0-9]+(?:\\.[0-9]+)*(?:-${PART})?(?:\\+${PART})?$`);
const MCDR_BASE_VERSION = new RegExp(`^(?:[0-9]+|[*xX])(?:\\.(?:[0-9]+|[*xX]))*(?:-${PART})?(?:\\+${PART})?$`);
const OPERATORS = ['<=', '>=', '<', '>', '==', '=', '^', '~'] as const;

export function isMcdrVersion(v: string): boolean {
  return MCDR_VERSION.test(v);
}

/**
 * Parses an MCDR requirement string: space-separated criteria that must all hold, each an operator
 * (tried in MCDR's order `<= >= < > == = ^ ~`; none means `==`) and a base version that may use `*`,
 * `x` or `X`. `""` and `"*"` accept anything. Returns undefined when MCDR could not parse it.
 */
export function parseMcdrRequirement(requirement: string): Array<{ operator: (typeof OPERATORS)[number]; version: string }> | undefined {
  const criteria = requirement.split(' ').filter((c) => c !== '');
  const out: Array<{ operator: (typeof OPERATORS)[number]; version: string }> = [];
  for (const c of criteria) {
    const operator = OPERATORS.find((o) => c.startsWith(o)) ?? '==';
    const version = c.startsWith(operator) ? c.slice(operator.length) : c;
    if (!MCDR_BASE_VERSION.test(version)) return undefined;
    out.push({ operator, version });
  }
  return out;
}

export interface McdrValidationOptions {
  file?: string;
  /**
   * A solo plugin's PLUGIN_METADATA: a missing or invalid id is a warning and falls back to
   * `fallbackId` (the file stem, lower-cased, other characters → `_`), as MCDR does.
   */
  solo?: boolean;
  fallbackId?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** MCDR's fallback id for a solo plugin file: its stem, lower-cased, `[^a-z0-9]` → `_`. */
export function mcdrFallbackId(fileName: string): string {
  const base = fileName.split('/').pop()!.replace(/\.py$/i, '');
  return base.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

/**
 * Validates MCDR metadata (`mcdreforged.plugin.json` or a solo plugin's PLUGIN_METADATA) with MCDR's
 * own leniency, but reported: an invalid version becomes `0.0.0` (warning), an unparsable dependency
 * is dropped (warning), a wrong type or a bad entrypoint is an error. Unknown keys are ignored.
 */
export function validateMcdrMetadata(input: unknown, options: McdrValidationOptions = {}): ValidationResult<McdrMetadata> {
  const file = options.file ?? 'mcdreforged.plugin.json';
  if (!isObject(input)) {
    return { diagnostics: [diagnostic('json.not_object', 'error', '', `${file} must hold an object`, { file, hint: 'Write { "id": "my_plugin", "version": "1.0.0" }.' })] };
  }
  let diagnostics: Diagnostic[] = validateWithSchema('mcdr-plugin', input, file);
  let id = typeof input['id'] === 'string' && MCDR_ID.test(input['id']) ? input['id'] : undefined;
  if (options.solo) {
    diagnostics = diagnostics.map((d) =>
      d.path === '/id' ? { ...d, severity: 'warning', message: `${d.message}; MCDR falls back to the id "${options.fallbackId ?? 'from the file name'}"` } : d,
    );
    if (id === undefined) id = options.fallbackId;
  }
  const deps: Record<string, string> = {};
  if (isObject(input['dependencies'])) {
    for (const [dep, req] of Object.entries(input['dependencies'])) {
      if (typeof req !== 'string') continue;
      if (parseMcdrRequirement(req) === undefined) {
        diagnostics.push(
          diagnostic('mcdr.invalid_dependency', 'warning', pointer('dependencies', dep), `dependency "${dep}: ${req}" is not a valid requirement; MCDR ignores it`, {
            file,
            hint: 'Use criteria such as ">=1.2.0", "^2.0", "~1.3", "1.x" or "*", separated by spaces.',
          }),
        );
      } else deps[dep] = req;
    }
  }
  const entrypoint = typeof input['entrypoint'] === 'string' ? input['entrypoint'] : id;
  if (typeof input['entrypoint'] === 'string' && id !== undefined && !(entrypoint === id || entrypoint!.startsWith(id + '.'))) {
    diagnostics.push(
      diagnostic('mcdr.invalid_entrypoint', 'error', '/entrypoint', `entrypoint "${input['entrypoint']}" is neither the id "${id}" nor inside it`, {
        file,
        hint: `Use "${id}" or "${id}.<module>".`,
      }),
    );
  }
  if (hasErrors(diagnostics) || id === undefined) return { diagnostics };
  const version = typeof input['version'] === 'string' && MCDR_VERSION.test(input['version']) ? input['version'] : '0.0.0';
  const value: McdrMetadata = { id, version, name: typeof input['name'] === 'string' ? input['name'] : id, dependencies: deps, entrypoint: entrypoint ?? id };
  const description = input['description'];
  if (typeof description === 'string' || isObject(description)) value.description = description as McdrMetadata['description'] & {};
  const author = input['author'];
  const authors = typeof author === 'string' ? [author] : Array.isArray(author) ? (author as string[]) : [];
  if (authors.length > 0) value.author = authors;
  if (typeof input['link'] === 'string') value.link = input['link'];
  if (typeof input['archive_name'] === 'string') value.archive_name = input['archive_name'];
  if (Array.isArray(input['resources'])) value.resources = input['resources'] as string[];
  return { value, diagnostics };
}

/** Validates `mcdreforged.linked_directory_plugin.json`. */
export function validateLinkedDirectory(input: unknown, file = 'mcdreforged.linked_directory_plugin.json'): ValidationResult<McdrLinkedDirectory> {
  if (!isObject(input)) {
    return { diagnostics: [diagnostic('json.not_object', 'error', '', `${file} must hold an object`, { file, hint: 'Write { "target": "/path/to/plugin" }.' })] };
  }
  const diagnostics = validateWithSchema('mcdr-linked-directory-plugin', input, file);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { target: input['target'] as string, skip_package_legality_check: input['skip_package_legality_check'] === true }, diagnostics };
}
