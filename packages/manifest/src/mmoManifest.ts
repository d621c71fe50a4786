import semver from 'semver';
import { isCapabilityName, type CapabilityName } from './capabilities.js';
import { diagnostic, hasErrors, pointer, type Diagnostic } from './diagnostics.js';
import { validateProxyDomain } from './proxyDomains.js';
import { validateWithSchema } from './schemas.js';
import { cronSpecIssues } from './cronSpec.js';
import { validateSlashCommands } from './slashCommands.js';
import type { MmoManifest, MmoManifestInput, ServerCronDeclaration, SlashCommandDeclaration } from './types.js';

export interface ValidationResult<T> {
  /** The normalized value, present only when there is no error. */
  value?: T;
  diagnostics: Diagnostic[];
}

export interface ManifestValidationOptions {
  /** The file name diagnostics name (default `manifest.json`). */
  file?: string;
  /** Unknown fields are errors instead of warnings (publish mode). */
  strict?: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Unknown-field warnings become errors in strict mode. */
export function applyStrict(diagnostics: Diagnostic[], strict: boolean | undefined): Diagnostic[] {
  if (!strict) return diagnostics;
  return diagnostics.map((d) => (d.code.endsWith('.unknown_field') ? { ...d, severity: 'error' as const } : d));
}

/**
 * Validates an MMO Maid `manifest.json` (already parsed) and normalizes it: lists default to [],
 * proxy domains are lower-cased, and capabilities_required gains `interaction:respond` when slash
 * commands are declared and `proxy:http` when proxy domains are. Returns every problem at once.
 */
export function validateMmoManifest(input: unknown, options: ManifestValidationOptions = {}): ValidationResult<MmoManifest> {
  const file = options.file ?? 'manifest.json';
  if (!isObject(input)) {
    return { diagnostics: [diagnostic('json.not_object', 'error', '', `${file} must hold a JSON object`, { file, hint: 'Wrap the fields in { }.' })] };
  }
  const diagnostics = validateWithSchema('mmo-maid-manifest', input, file);
  const m = input as Partial<MmoManifestInput> & Record<string, unknown>;

  // The pattern accepts any digit run; semver also refuses numbers beyond Number.MAX_SAFE_INTEGER.
  if (typeof m.version === 'string' && !diagnostics.some((d) => d.path === '/version') && semver.parse(m.version) === null) {
    diagnostics.push(diagnostic('manifest.invalid_version', 'error', '/version', `/version: "${m.version}" is not a usable semantic version`, { file, hint: 'Keep each number below 2^53.' }));
  }
  if (m.description === undefined) {
    diagnostics.push(diagnostic('manifest.missing_description', 'warning', '/description', 'no description: the marketplace and install prompt show it', { file, hint: 'Add "description": "What the plugin does, in one sentence."' }));
  } else if (typeof m.description === 'string' && m.description.trim() === '') {
    diagnostics.push(diagnostic('manifest.missing_description', 'warning', '/description', 'the description is blank', { file, hint: 'Say what the plugin does in one sentence.' }));
  }

  const domains: string[] = [];
  if (Array.isArray(m.proxy_domains_requested)) {
    const seen = new Map<string, number>();
    m.proxy_domains_requested.forEach((raw, i) => {
      if (typeof raw !== 'string') return;
      const check = validateProxyDomain(raw, pointer('proxy_domains_requested', i), file);
      diagnostics.push(...check.diagnostics);
      if (check.domain === undefined) return;
      const first = seen.get(check.domain);
      if (first !== undefined) {
        diagnostics.push(diagnostic('manifest.duplicate_item', 'warning', pointer('proxy_domains_requested', i), `"${raw}" repeats item ${first}`, { file, hint: 'Remove the repeated domain.' }));
        return;
      }
      seen.set(check.domain, i);
      domains.push(check.domain);
    });
  }

  if (Array.isArray(m.slash_commands)) diagnostics.push(...validateSlashCommands(m.slash_commands, file));

  const crons: ServerCronDeclaration[] = [];
  if (Array.isArray(m.server_crons)) {
    const names = new Map<string, number>();
    m.server_crons.forEach((c, i) => {
      if (!isObject(c) || typeof c.name !== 'string' || typeof c.spec !== 'string') return; // the schema reports it
      for (const issue of cronSpecIssues(c.spec)) {
        diagnostics.push(diagnostic('manifest.invalid_cron', 'error', pointer('server_crons', i, 'spec'), `server cron "${c.name}": ${issue}`, { file, hint: 'Write 5 fields in UTC, e.g. "30 0 1 * *" (00:30 on the 1st); day-of-week is 0 (Sunday) to 6.' }));
      }
      const first = names.get(c.name);
      if (first !== undefined) {
        diagnostics.push(diagnostic('manifest.duplicate_item', 'warning', pointer('server_crons', i, 'name'), `server cron "${c.name}" repeats item ${first}; only the first is scheduled`, { file, hint: 'Give each server cron its own @plugin.cron function.' }));
        return;
      }
      names.set(c.name, i);
      crons.push({ name: c.name, spec: c.spec.trim() });
    });
  }

  const all = applyStrict(diagnostics, options.strict);
  if (hasErrors(all)) return { diagnostics: all };

  const declared = (m.capabilities_required ?? []).filter(isCapabilityName);
  const capabilities: CapabilityName[] = [...declared];
  const added: MmoManifest['capabilities_added'] = [];
  const slash = (m.slash_commands ?? []) as SlashCommandDeclaration[];
  if (slash.length > 0 && !capabilities.includes('interaction:respond')) {
    capabilities.push('interaction:respond');
    added.push({ name: 'interaction:respond', reason: 'slash_commands' });
  }
  if (domains.length > 0 && !capabilities.includes('proxy:http')) {
    capabilities.push('proxy:http');
    added.push({ name: 'proxy:http', reason: 'proxy_domains_requested' });
  }
  const value: MmoManifest = {
    id: m.id!,
    name: m.name!,
    version: m.version!,
    tags: m.tags ?? [],
    capabilities_required: capabilities,
    capabilities_added: added,
    slash_commands: slash,
    proxy_domains_requested: domains,
    server_crons: crons,
  };
  if (m.description !== undefined) value.description = m.description;
  if (m.author !== undefined) value.author = m.author;
  if (m.icon_url !== undefined) value.icon_url = m.icon_url;
  return { value, diagnostics: all };
}
