import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SubprocessBackend,
  loadHostedPlugin,
  parseScenario,
  runPlugin,
  type LoadedPlugin,
  type SandboxBackend,
} from '@maidkit/sandbox-runner';
import { ExitCode, type CliIO } from '../io.js';

const RUN_USAGE = `usage: maidkit run <plugin> [--events FILE|-] [--grant CAP,...] [--server-id ID] [--backend subprocess|none] [--json]

Runs a plugin (zip, directory or .py) in the sandbox: installs, enables and readies it, feeds it the
events file (JSON lines; see packages/sandbox-runner/README.md), waits for it to settle, and prints every
action, log line and error as one JSON object a line on stdout. Exit code 1 when the plugin is invalid,
is denied a capability, raises, crashes or does not settle.

  --events FILE|-      JSON-lines steps to play ('-' reads stdin); none: just boot it
  --grant CAP,...      capabilities to grant (default: the manifest's capabilities_required)
  --server-id ID       the server the plugin is installed on (default 100000000000000000)
  --backend NAME       subprocess (bubblewrap sandbox, default) or none (NO sandbox, warns)
  --json               also print manifest diagnostics as JSON lines on stdout (default: text on stderr)
`;

/** Options shared by `run` and `dev`. */
export interface HostArgs {
  plugin: string;
  grant: string[] | undefined;
  serverId: string;
  backend: 'subprocess' | 'none';
  json: boolean;
  events: string | undefined;
}

/** Parses the shared options; returns a usage message instead when they are wrong. */
export function parseHostArgs(argv: string[], usage: string, allowEvents: boolean): HostArgs | { usage: string; error?: string } {
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
  if (backend !== 'subprocess' && backend !== 'none') return { usage, error: `--backend must be subprocess or none, got ${JSON.stringify(backend)}` };
  const serverId = values['server-id'] ?? '100000000000000000';
  if (!/^\d{1,20}$/.test(serverId)) return { usage, error: `--server-id must be a snowflake (digits), got ${JSON.stringify(serverId)}` };
  const grant = values.grant === undefined ? undefined : values.grant.split(',').map((c) => c.trim()).filter(Boolean);
  return { plugin: positionals[0]!, grant, serverId, backend, json: values.json ?? false, events: values.events };
}

export function makeBackend(name: 'subprocess' | 'none', io: CliIO): SandboxBackend {
  return name === 'none'
    ? new SubprocessBackend({ isolation: 'none', onWarning: (message) => io.stderr(`WARNING: ${message}\n`) })
    : new SubprocessBackend();
}

/** Loads and validates the plugin, printing its diagnostics; undefined when it is invalid. */
export async function loadForHost(args: HostArgs, io: CliIO): Promise<Extract<LoadedPlugin, { ok: true }> | undefined> {
  const source = isAbsolute(args.plugin) ? args.plugin : resolve(io.cwd, args.plugin);
  const loaded = await loadHostedPlugin(source);
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
  const args = parseHostArgs(argv, RUN_USAGE, true);
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
  const loaded = await loadForHost(args, io);
  if (!loaded) return ExitCode.Invalid;
  const backend = makeBackend(args.backend, io);
  try {
    const summary = await runPlugin({
      plugin: loaded.plugin,
      steps,
      backend,
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
