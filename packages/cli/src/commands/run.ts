import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  loadHostedPlugin,
  parseScenario,
  runPlugin,
  type LoadedPlugin,
  type SandboxBackend,
} from '@maidkit/sandbox-runner';
import { ExitCode, type CliIO } from '../io.js';
import { BACKEND_NAMES, createBackend, dependencyOptions, DEPS_CACHE_ENV, type BackendName } from './runBackend.js';
import { checkTrust, TRUSTED_KEYS_ENV } from './runTrust.js';

/** Help for the options `run` and `dev` share (sandbox, dependencies, signatures). */
export const HOST_OPTIONS = `  --backend NAME       subprocess (bubblewrap sandbox, default), docker (a hardened container on the
                       engine in DOCKER_HOST, else the local socket), or none (NO sandbox, warns)
  --docker-image IMAGE image with /usr/bin/python3 for --backend docker
                       (default maidkit/python-base:bookworm, built offline by scripts/docker-engine.sh)
  --find-links DIR     a local wheel directory for the plugin's requirements.txt (repeatable); without
                       one, only cached environments install (no index is used). Environments are cached
                       in $${DEPS_CACHE_ENV} (default $TMPDIR/maidkit-deps) and mounted read-only
  --keys FILE          trusted keys (a .pub from \`maidkit keygen\` or a trust file; default
                       $${TRUSTED_KEYS_ENV}): when set, the plugin must be a zip whose signed release
                       statement verifies, else it is refused (exit 1) before anything runs
  --statement FILE     the release statement (default <plugin>.statement.json)
`;

const RUN_USAGE = `usage: maidkit run <plugin> [--events FILE|-] [--grant CAP,...] [--server-id ID]
                   [--backend subprocess|docker|none] [--docker-image IMAGE] [--find-links DIR]
                   [--keys FILE] [--statement FILE] [--json]

Runs a plugin (zip, directory or .py) in the sandbox: installs, enables and readies it, feeds it the
events file (JSON lines; see packages/sandbox-runner/README.md), waits for it to settle, and prints every
action, log line and error as one JSON object a line on stdout. Exit code 1 when the plugin is invalid,
is denied a capability, raises, crashes or does not settle.

  --events FILE|-      JSON-lines steps to play ('-' reads stdin); none: just boot it
  --grant CAP,...      capabilities to grant (default: the manifest's capabilities_required)
  --server-id ID       the server the plugin is installed on (default 100000000000000000)
${HOST_OPTIONS}  --json               also print manifest diagnostics as JSON lines on stdout (default: text on stderr)
`;

/** Options shared by `run` and `dev`. */
export interface HostArgs {
  plugin: string;
  grant: string[] | undefined;
  serverId: string;
  backend: BackendName;
  json: boolean;
  events: string | undefined;
  dockerImage: string | undefined;
  findLinks: string[];
  keys: string | undefined;
  statement: string | undefined;
}

/** Parses the shared options; returns a usage message instead when they are wrong. */
export function parseHostArgs(argv: string[], usage: string, allowEvents: boolean, cwd = process.cwd()): HostArgs | { usage: string; error?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        events: { type: 'string' },
        grant: { type: 'string' },
        'server-id': { type: 'string' },
        backend: { type: 'string' },
        'docker-image': { type: 'string' },
        'find-links': { type: 'string', multiple: true },
        keys: { type: 'string' },
        statement: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { usage, error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { usage };
  if (positionals.length !== 1) return { usage, error: positionals.length === 0 ? 'missing <plugin>' : `expected one plugin, got ${positionals.length}` };
  if (!allowEvents && values.events !== undefined) return { usage, error: '--events is not an option of this command' };
  const backend = values.backend ?? 'subprocess';
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) return { usage, error: `--backend must be subprocess or none, or docker for a container; got ${JSON.stringify(backend)}` };
  if (values['docker-image'] !== undefined && backend !== 'docker') return { usage, error: '--docker-image needs --backend docker' };
  const serverId = values['server-id'] ?? '100000000000000000';
  if (!/^\d{1,20}$/.test(serverId)) return { usage, error: `--server-id must be a snowflake (digits), got ${JSON.stringify(serverId)}` };
  const grant = values.grant === undefined ? undefined : values.grant.split(',').map((c) => c.trim()).filter(Boolean);
  return {
    plugin: positionals[0]!,
    grant,
    serverId,
    backend: backend as BackendName,
    json: values.json ?? false,
    events: values.events,
    dockerImage: values['docker-image'],
    findLinks: (values['find-links'] ?? []).map((d) => resolve(cwd, d)),
    keys: values.keys === undefined ? undefined : resolve(cwd, values.keys),
    statement: values.statement === undefined ? undefined : resolve(cwd, values.statement),
  };
}

/** The backend the args ask for; undefined (after one clear error line) when it cannot be used. */
export async function makeBackend(args: HostArgs, io: CliIO, command: string): Promise<SandboxBackend | undefined> {
  try {
    return await createBackend(args.backend, io, { dockerImage: args.dockerImage });
  } catch (error) {
    const message = (error as Error).message;
    if (args.json || command === 'run') io.stdout(`${JSON.stringify({ type: 'error', time: new Date().toISOString(), code: 'backend_unavailable', message, during: 'backend' })}\n`);
    io.stderr(`maidkit ${command}: the ${args.backend} backend is unavailable: ${message}\n`);
    return undefined;
  }
}

/** Loads and validates the plugin, printing its diagnostics; undefined when it is invalid. */
export async function loadForHost(args: HostArgs, io: CliIO, command = 'run'): Promise<Extract<LoadedPlugin, { ok: true }> | undefined> {
  const given = isAbsolute(args.plugin) ? args.plugin : resolve(io.cwd, args.plugin);
  const trust = await checkTrust(given, args.keys, args.statement, io);
  if (trust.kind === 'refused') {
    if (args.json || command === 'run') io.stdout(`${JSON.stringify({ type: 'error', time: new Date().toISOString(), during: 'verify', ...trust.error })}\n`);
    io.stderr(`maidkit ${command}: REFUSED ${args.plugin}: ${trust.error.code}: ${trust.error.message}${trust.error.hint ? `\n  hint: ${trust.error.hint}` : ''}\n`);
    return undefined;
  }
  if (trust.kind === 'verified' && (args.json || command === 'run')) {
    io.stdout(`${JSON.stringify({ type: 'verified', time: new Date().toISOString(), pluginId: trust.pluginId, version: trust.version, signers: trust.signers })}\n`);
  }
  const source = trust.kind === 'verified' ? trust.path : given;
  let loaded: LoadedPlugin;
  try {
    loaded = await loadHostedPlugin(source);
  } finally {
    // The verified copy is only read here: loadHostedPlugin writes the checked files to a folder of its own.
    if (trust.kind === 'verified') trust.dispose();
  }
  const shown = loaded.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  for (const d of shown) {
    if (args.json) io.stdout(`${JSON.stringify({ type: 'diagnostic', time: new Date().toISOString(), ...d })}\n`);
    else io.stderr(`${d.severity}: ${d.file ? `${d.file}` : ''}${d.path ? `${d.file ? ' ' : ''}${d.path}` : ''}${d.file || d.path ? ': ' : ''}${d.message} [${d.code}]${d.hint ? `\n  hint: ${d.hint}` : ''}\n`);
  }
  if (!loaded.ok) {
    io.stderr(`maidkit: ${args.plugin} is not a runnable plugin (${loaded.diagnostics.filter((d) => d.severity === 'error').length} error(s))\n`);
    return undefined;
  }
  return loaded;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseHostArgs(argv, RUN_USAGE, true, io.cwd);
  if ('usage' in args) {
    if (args.error) io.stderr(`maidkit run: ${args.error}\n\n${args.usage}`);
    else io.stdout(args.usage);
    return args.error ? ExitCode.Usage : ExitCode.Ok;
  }
  let text = '';
  if (args.events !== undefined) {
    try {
      text = args.events === '-' ? await readAll(io.stdin) : readFileSync(resolve(io.cwd, args.events), 'utf8');
    } catch (error) {
      io.stderr(`maidkit run: cannot read the events file ${args.events}: ${(error as Error).message}\n`);
      return ExitCode.Usage;
    }
  }
  const { steps, problems } = parseScenario(text);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`${args.events}:${p.line}${p.path ? ` ${p.path}` : ''}: ${p.message} [${p.code}]\n`);
    io.stderr(`maidkit run: the events file has ${problems.length} problem(s); nothing was run\n`);
    return ExitCode.Invalid;
  }
  const loaded = await loadForHost(args, io, 'run');
  if (!loaded) return ExitCode.Invalid;
  const backend = await makeBackend(args, io, 'run');
  if (!backend) {
    loaded.dispose();
    return ExitCode.Invalid;
  }
  try {
    const summary = await runPlugin({
      plugin: loaded.plugin,
      steps,
      backend,
      host: { dependencies: dependencyOptions(args.findLinks, io) },
      serverId: args.serverId,
      ...(args.grant ? { grant: args.grant } : {}),
      onOutput: (line) => io.stdout(`${JSON.stringify(line)}\n`),
    });
    return summary.ok ? ExitCode.Ok : ExitCode.Invalid;
  } finally {
    await backend.close();
    loaded.dispose();
  }
}
