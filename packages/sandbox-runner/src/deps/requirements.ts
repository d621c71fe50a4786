import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A plugin's `requirements.txt` (seed 000) is installed on the host, into an environment of its own per
 * plugin version, **before** the sandbox starts; the sandbox then mounts it read-only and never has
 * network. Environments are cached by a hash of the requirements, so a second install (or a restart) is
 * free. By default only wheels are accepted: building an sdist runs its setup code on the host, outside
 * any sandbox, so a package that needs a compiler is a diagnostic, not a build.
 */
export interface RequirementsOptions {
  /** The text of requirements.txt. */
  requirements: string;
  pluginId: string;
  version: string;
  /** Root of the environment cache; environments live at `<cacheDir>/<pluginId>/<version>-<hash>`. */
  cacheDir: string;
  /** Interpreter whose pip installs (and whose version the environment targets). Default `/usr/bin/python3`. */
  python?: string;
  /** Local directories of wheels (`pip --find-links`); with no `indexUrl`, the only source (`--no-index`). */
  findLinks?: readonly string[];
  /** A package index to use in addition, for hosts that have one. Default: none (offline). */
  indexUrl?: string;
  /** Kill pip after this long. Default 120 s. */
  timeoutMs?: number;
  /** Allow building from source distributions (runs their build code on the host). Default false. */
  allowSourceBuilds?: boolean;
}

export interface DependencyEnvironment {
  /** Directory to mount read-only and put on the plugin's `sys.path`. */
  dir: string;
  /** True when it came from the cache and nothing was installed. */
  cached: boolean;
  /** `name==version` of what the environment holds (from its `.dist-info` folders). */
  packages: string[];
}

export const DependencyErrorCode = {
  InvalidRequirement: 'deps.invalid_requirement',
  NoMatchingDistribution: 'deps.no_matching_distribution',
  NeedsCompiler: 'deps.needs_compiler',
  Timeout: 'deps.timeout',
  PipMissing: 'deps.pip_missing',
  PipFailed: 'deps.pip_failed',
} as const;
export type DependencyErrorCode = (typeof DependencyErrorCode)[keyof typeof DependencyErrorCode];

export class DependencyError extends Error {
  override readonly name = 'DependencyError';
  constructor(
    readonly code: DependencyErrorCode,
    message: string,
    /** 1-based line in requirements.txt, when the problem is one line's. */
    readonly line?: number,
    /** pip's own output (tail), for the plugin author. */
    readonly details = '',
  ) {
    super(message);
  }
}

const COMPLETE_MARKER = '.maidkit-complete';
// PEP 508 name, optional extras, optional version specifiers and an optional environment marker.
const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[A-Za-z0-9._,\s-]*\])?\s*((?:(?:===|==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*,?\s*)*)(;.*)?$/;

/** The requirement lines, validated: pip options, URLs, paths and editable installs are refused. */
export function parseRequirements(text: string): Array<{ line: number; name: string; spec: string }> {
  const out: Array<{ line: number; name: string; spec: string }> = [];
  const problems: DependencyError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    if (line.startsWith('-')) {
      problems.push(new DependencyError(DependencyErrorCode.InvalidRequirement, `line ${i + 1}: pip options are not allowed in requirements.txt (${line.split(/\s/)[0]}): the host chooses where packages come from`, i + 1));
      return;
    }
    if (/:\/\/|^\.|^\/|\s@\s/.test(line)) {
      problems.push(new DependencyError(DependencyErrorCode.InvalidRequirement, `line ${i + 1}: URLs, paths and direct references are not allowed ("${line}"); name a package and a version`, i + 1));
      return;
    }
    const m = REQUIREMENT.exec(line);
    if (!m) {
      problems.push(new DependencyError(DependencyErrorCode.InvalidRequirement, `line ${i + 1}: not a PEP 508 requirement: "${line}"`, i + 1));
      return;
    }
    out.push({ line: i + 1, name: m[1]!.toLowerCase().replace(/[._-]+/g, '-'), spec: line });
  });
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new DependencyError(first.code, problems.map((p) => p.message).join('\n'), first.line);
  }
  return out;
}

/** Installs (or finds in the cache) the environment for a plugin version's requirements. */
export async function installRequirements(options: RequirementsOptions): Promise<DependencyEnvironment> {
  const requirements = parseRequirements(options.requirements);
  const python = options.python ?? '/usr/bin/python3';
  const key = createHash('sha256')
    .update(JSON.stringify({ r: requirements.map((r) => r.spec).sort(), python, src: Boolean(options.allowSourceBuilds), idx: options.indexUrl ?? null }))
    .digest('hex')
    .slice(0, 16);
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const dir = join(options.cacheDir, safe(options.pluginId), `${safe(options.version)}-${key}`);
  if (existsSync(join(dir, COMPLETE_MARKER))) return { dir, cached: true, packages: listPackages(dir) };

  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    if (requirements.length > 0) {
      const reqFile = join(tmp, '..', `${safe(options.version)}-${key}.requirements.txt`);
      await writeFile(reqFile, requirements.map((r) => r.spec).join('\n') + '\n');
      try {
        await runPip(python, pipArgs(options, tmp, reqFile), options.timeoutMs ?? 120_000, requirements, options.findLinks ?? []);
      } finally {
        await rm(reqFile, { force: true });
      }
    }
    await writeFile(join(tmp, COMPLETE_MARKER), JSON.stringify({ requirements: requirements.map((r) => r.spec), python }) + '\n');
    try {
      await rename(tmp, dir);
    } catch (err) {
      // Another install of the same requirements won the race: theirs is complete, use it.
      if (!existsSync(join(dir, COMPLETE_MARKER))) throw err;
      await rm(tmp, { recursive: true, force: true });
      return { dir, cached: true, packages: listPackages(dir) };
    }
    return { dir, cached: false, packages: listPackages(dir) };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }); // never leave a half-installed environment
    throw err;
  }
}

function pipArgs(options: RequirementsOptions, target: string, reqFile: string): string[] {
  const args = ['-m', 'pip', 'install', '--target', target, '--requirement', reqFile, '--no-input', '--disable-pip-version-check', '--no-compile', '--no-cache-dir'];
  if (!options.allowSourceBuilds) args.push('--only-binary=:all:');
  if (options.indexUrl) args.push('--index-url', options.indexUrl);
  else args.push('--no-index');
  for (const dir of options.findLinks ?? []) args.push('--find-links', dir);
  return args;
}

async function runPip(python: string, args: string[], timeoutMs: number, requirements: Array<{ line: number; name: string }>, findLinks: readonly string[]): Promise<void> {
  const { code, output, timedOut, spawnError } = await new Promise<{ code: number | null; output: string; timedOut: boolean; spawnError?: Error }>((resolve) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PIP_NO_WARN_SCRIPT_LOCATION: '1', PIP_ROOT_USER_ACTION: 'ignore' } });
    let output = '';
    const keep = (c: Buffer) => {
      output = (output + c.toString()).slice(-16_384);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (spawnError) => {
      clearTimeout(timer);
      resolve({ code: null, output, timedOut, spawnError });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
  if (spawnError) throw new DependencyError(DependencyErrorCode.PipMissing, `cannot run ${python}: ${spawnError.message}`);
  if (timedOut) throw new DependencyError(DependencyErrorCode.Timeout, `installing requirements took longer than ${timeoutMs} ms and was stopped`, undefined, output);
  if (code === 0) return;
  if (/No module named pip/.test(output)) throw new DependencyError(DependencyErrorCode.PipMissing, `${python} has no pip (Debian: apt-get install python3-pip)`, undefined, output);
  const missing = /No matching distribution found for ([^\s]+)/.exec(output) ?? /Could not find a version that satisfies the requirement ([^\s]+)/.exec(output);
  if (missing) {
    const name = missing[1]!.toLowerCase().replace(/[._-]+/g, '-').replace(/[<>=!~;[].*$/, '');
    const req = requirements.find((r) => r.name === name);
    if (hasSourceDistribution(findLinks, name)) {
      throw new DependencyError(DependencyErrorCode.NeedsCompiler, `"${missing[1]}" is only available as a source distribution, which would have to be built on the host; ship a wheel (py3-none-any or for this platform)`, req?.line, output);
    }
    throw new DependencyError(DependencyErrorCode.NoMatchingDistribution, `no installable distribution of "${missing[1]}" was found${findLinks.length ? ` in ${findLinks.join(', ')}` : ''}`, req?.line, output);
  }
  if (/error: command '.*(gcc|cc|g\+\+)' failed|Failed building wheel|Microsoft Visual C\+\+|unable to execute 'gcc'/.test(output)) {
    throw new DependencyError(DependencyErrorCode.NeedsCompiler, 'a requirement needs a C compiler to build; ship a prebuilt wheel instead', undefined, output);
  }
  throw new DependencyError(DependencyErrorCode.PipFailed, `pip failed (exit ${code}): ${lastLine(output)}`, undefined, output);
}

function hasSourceDistribution(dirs: readonly string[], name: string): boolean {
  for (const dir of dirs) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    if (entries.some((f) => /\.(tar\.gz|zip|tar\.bz2)$/.test(f) && f.toLowerCase().replace(/[._-]+/g, '-').startsWith(`${name}-`))) return true;
  }
  return false;
}

function listPackages(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.dist-info'))
      .map((f) => f.replace(/\.dist-info$/, '').replace(/-([^-]+)$/, '==$1'))
      .sort();
  } catch {
    return [];
  }
}

function lastLine(output: string): string {
  return output.trim().split('\n').filter((l) => !/WARNING/.test(l)).pop() ?? '';
}

/** Reads a plugin directory's requirements.txt, or undefined when it has none. */
export async function readRequirementsFile(pluginDir: string): Promise<string | undefined> {
  const file = join(pluginDir, 'requirements.txt');
  return existsSync(file) ? readFile(file, 'utf8') : undefined;
}
