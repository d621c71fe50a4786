import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCapability, readPlugin, sortDiagnostics, type Diagnostic, type PluginBundle, type PluginFormat, type ReadPluginOptions } from '@maidkit/manifest';
import { ExitCode, type CliIO } from '../io.js';

const FORMATS: readonly PluginFormat[] = ['mmo-maid', 'casa-cloner', 'mcdr-solo', 'mcdr-packed', 'mcdr-directory', 'mcdr-linked'];

export const validateUsage = `usage: maidkit validate <path>... [options]

Checks plugin bundles — a zip (.zip, .mcdr, .pyz), a directory, or a single .py file — and prints every
problem at once. Formats are detected: MMO Maid, Casa Cloner, MCDR (solo, packed, directory, linked).

options:
  --json                  print one JSON document for machines instead of text
  --allow-extra-modules   MMO Maid: accept extra Python modules beside __main__.py
  --strict                unknown manifest fields are errors (publish mode), not warnings
  --format <format>       skip detection: ${FORMATS.join(', ')}
  --structure             zips: check layout, limits and manifests without inflating the code (fast)
  --max-files <n>         most files accepted (default 200)
  --max-bytes <n>         most bytes uncompressed (default 40000000)
  --max-zip-bytes <n>     largest zip accepted (default 10000000)
  --no-color              plain text even on a terminal (also: NO_COLOR=1)
  -h, --help              show this help

exit status: 0 every bundle valid (warnings allowed), 1 a bundle has errors, 2 usage error
`;

function positiveInt(name: string, value: string | undefined): number | undefined | Error {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return new Error(`--${name} needs a whole number, got "${value}"`);
  return Number(value);
}

export async function validate(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        'allow-extra-modules': { type: 'boolean' },
        strict: { type: 'boolean' },
        format: { type: 'string' },
        structure: { type: 'boolean' },
        'max-files': { type: 'string' },
        'max-bytes': { type: 'string' },
        'max-zip-bytes': { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`maidkit validate: ${(err as Error).message}\n\n${validateUsage}`);
    return ExitCode.Usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(validateUsage);
    return ExitCode.Ok;
  }
  if (positionals.length === 0) {
    io.stderr(`maidkit validate: missing <path>\n\n${validateUsage}`);
    return ExitCode.Usage;
  }
  const options: ReadPluginOptions = { cwd: io.cwd };
  if (values['allow-extra-modules']) options.allowExtraModules = true;
  if (values.strict) options.strict = true;
  if (values.structure) options.depth = 'structure';
  if (values.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(values.format)) {
      io.stderr(`maidkit validate: unknown --format "${values.format}" (one of ${FORMATS.join(', ')})\n`);
      return ExitCode.Usage;
    }
    options.format = values.format as PluginFormat;
  }
  const limits: NonNullable<ReadPluginOptions['limits']> = {};
  for (const [flag, key] of [
    ['max-files', 'maxEntries'],
    ['max-bytes', 'maxUncompressedBytes'],
    ['max-zip-bytes', 'maxZipBytes'],
  ] as const) {
    const v = positiveInt(flag, values[flag]);
    if (v instanceof Error) {
      io.stderr(`maidkit validate: ${v.message}\n`);
      return ExitCode.Usage;
    }
    if (v !== undefined) limits[key] = v;
  }
  if (Object.keys(limits).length > 0) options.limits = limits;

  const results: Array<{ path: string; bundle: PluginBundle }> = [];
  for (const p of positionals) results.push({ path: p, bundle: await readPlugin(resolve(io.cwd, p), options) });
  const ok = results.every((r) => r.bundle.ok);

  if (values.json) {
    io.stdout(JSON.stringify({ ok, bundles: results.map((r) => toJson(r.path, r.bundle)) }, null, 2) + '\n');
  } else {
    const colour = io.isTTY && !values['no-color'] && !io.env['NO_COLOR'];
    io.stdout(results.map((r) => report(r.path, r.bundle, colour)).join('\n'));
  }
  return ok ? ExitCode.Ok : ExitCode.Invalid;
}

function toJson(path: string, b: PluginBundle) {
  return {
    path,
    ok: b.ok,
    format: b.format,
    source: b.source,
    partial: b.partial,
    manifest: b.manifest ?? null,
    entry: b.entry ?? null,
    files: b.files,
    dashboard: { manifest: b.dashboard.manifest ?? null, assets: b.dashboard.assets, handlers: b.dashboard.handlers },
    requirements: b.requirements,
    detected_urls: b.detectedUrls,
    ...(b.format.startsWith('mcdr') && 'mcdr' in b ? { mcdr: b.mcdr } : {}),
    diagnostics: sortDiagnostics(b.diagnostics),
  };
}

const paint = (on: boolean) => ({
  red: (s: string) => (on ? `\x1b[31m${s}\x1b[39m` : s),
  yellow: (s: string) => (on ? `\x1b[33m${s}\x1b[39m` : s),
  green: (s: string) => (on ? `\x1b[32m${s}\x1b[39m` : s),
  dim: (s: string) => (on ? `\x1b[2m${s}\x1b[22m` : s),
  bold: (s: string) => (on ? `\x1b[1m${s}\x1b[22m` : s),
});

/** Bundle text never reaches the terminal raw: escapes and control characters are shown as \uXXXX. */
function safe(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => (c === '\n' ? '\n' : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`));
}

function report(path: string, b: PluginBundle, colour: boolean): string {
  const c = paint(colour);
  const errors = b.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = b.diagnostics.length - errors;
  const who = b.manifest ? ` ${safe(b.manifest.id)} ${safe(b.manifest.version)}` : '';
  const head = `${b.ok ? c.green('✔ valid') : c.red('✖ invalid')}  ${c.bold(safe(path))}  ${b.format}${who}  ${c.dim(`(${b.files.length} file${b.files.length === 1 ? '' : 's'})`)}`;
  const lines = [head];
  if (b.source.strippedRoot !== undefined) lines.push(c.dim(`  read from the zip's top-level folder ${safe(b.source.strippedRoot)}/`));
  const ignored = (b.source.ignored ?? []).filter((p) => p !== '.maidkitignore');
  if (ignored.length > 0) lines.push(c.dim(`  left out by .maidkitignore: ${ignored.map(safe).join(', ')}`));
  if (b.partial) lines.push(c.dim('  structure only: code files were not inflated or checked'));
  if (b.format === 'mmo-maid' && b.manifest) {
    // What an admin is asked to grant at install time, in the catalogue's words.
    for (const cap of b.manifest.capabilities_required) {
      const added = b.manifest.capabilities_added.find((x) => x.name === cap);
      lines.push(`  needs ${cap} — ${describeCapability(cap) ?? ''}${added ? c.dim(` (added: declares ${added.reason})`) : ''}`);
    }
  }
  for (const d of sortDiagnostics(b.diagnostics)) lines.push(...formatDiagnostic(d, c));
  const tally = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`].join(', ');
  lines.push(c.dim(`  ${tally}`), '');
  return lines.join('\n');
}

function formatDiagnostic(d: Diagnostic, c: ReturnType<typeof paint>): string[] {
  const level = d.severity === 'error' ? c.red('error  ') : c.yellow('warning');
  // `path` is a JSON Pointer into `file`, or a place that already names the file (`__main__.py:2`).
  const where = d.file && d.path.startsWith(d.file) ? d.path : [d.file, d.path].filter(Boolean).join(' ');
  const out = [`  ${level} ${c.dim(d.code)}  ${safe(where)}`, `          ${safe(d.message)}`];
  if (d.hint) out.push(`          ${c.dim('hint: ' + safe(d.hint))}`);
  return out;
}
