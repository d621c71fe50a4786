import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { SandboxBackend } from '@maidkit/sandbox-runner';
import { ExitCode, type CliIO } from '../io.js';
import type { HostArgs } from './run.js';

/** The options only the browser playground takes; everything else is `run`'s (parseHostArgs). */
export interface DevMode {
  browser: boolean;
  port: number;
  open: boolean;
}

/**
 * Takes `--port N`, `--no-open`, `--open`, `--tty` and `--no-browser` out of argv (the REPL is `--tty` or
 * `--no-browser`; the default is the browser playground) and leaves the rest for parseHostArgs.
 */
export function splitDevArgs(argv: readonly string[]): { mode: DevMode; rest: string[] } | { error: string } {
  const mode: DevMode = { browser: true, port: 0, open: true };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--tty' || arg === '--no-browser') mode.browser = false;
    else if (arg === '--no-open') mode.open = false;
    else if (arg === '--open') mode.open = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (value === undefined || !/^\d{1,5}$/.test(value) || port > 65535) return { error: `--port must be a port number (0–65535), got ${JSON.stringify(value ?? '')}` };
      mode.port = port;
    } else rest.push(arg);
  }
  return { mode, rest };
}

/** What this command uses of @maidkit/playground, stated here so the CLI does not type-check the page's DOM code. */
interface PlaygroundModule {
  startPlayground(options: {
    plugin: string;
    port?: number;
    grant?: readonly string[];
    serverId?: string;
    backend?: SandboxBackend;
    hostOptions?: Record<string, unknown>;
  }): Promise<{ url: string; plugin: { id: string; version: string }; hub: { publish(type: string, data: unknown): unknown }; close(): Promise<void> }>;
}

// A variable specifier: bundlers and tsc leave it alone; Node (and vitest's aliases) resolve it at run time.
const PLAYGROUND = '@maidkit/playground';

/** Opens `url` in the desktop's browser, if there is one; failures are silent (the URL is printed anyway). */
function openBrowser(url: string, env: CliIO['env']): void {
  if (env['CI'] === 'true' || (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'])) return;
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the printed URL is enough.
  }
}

/**
 * `maidkit dev <plugin>`: the browser playground. Prints its URL, opens it (unless --no-open), and runs
 * until Ctrl+C, SIGTERM, or `/quit` on stdin. Reloads the plugin when its files change.
 */
export async function devBrowser(args: HostArgs, mode: DevMode, io: CliIO, backend: SandboxBackend, hostOptions: Record<string, unknown>): Promise<number> {
  const { startPlayground } = (await import(PLAYGROUND)) as PlaygroundModule;
  let playground: Awaited<ReturnType<PlaygroundModule['startPlayground']>>;
  try {
    playground = await startPlayground({ plugin: resolve(io.cwd, args.plugin), port: mode.port, serverId: args.serverId, backend, hostOptions, ...(args.grant ? { grant: args.grant } : {}) });
  } catch (error) {
    io.stderr(`maidkit dev: ${(error as Error).message}\n`);
    await backend.close();
    return ExitCode.Invalid;
  }
  const line = (text: string) => io.stdout(args.json ? `${JSON.stringify({ type: 'dev', time: new Date().toISOString(), message: text, url: playground.url })}\n` : `${text}\n`);
  line(`${playground.plugin.id} ${playground.plugin.version} is running — open ${playground.url}`);
  if (!args.json) line('Edit the plugin\'s files and the page reloads it. Ctrl+C (or /quit) stops.');
  if (mode.open) openBrowser(playground.url, io.env);

  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: false });
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      rl.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // stdin's end does not stop the server (`maidkit dev x < /dev/null` keeps serving); /quit does.
    rl.on('line', (text) => {
      if (text.trim() === '/quit' || text.trim() === '/exit') stop();
    });
  });
  line('stopping');
  await playground.close();
  await backend.close();
  return ExitCode.Ok;
}
