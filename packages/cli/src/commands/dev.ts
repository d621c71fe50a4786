import { createInterface } from 'node:readline';
import { PluginHost, RecordingDiscordActions, parseScenario, type HostEvent } from '@maidkit/sandbox-runner';
import { ExitCode, type CliIO } from '../io.js';
import { HOST_OPTIONS, loadForHost, makeBackend, parseHostArgs } from './run.js';
import { dependencyOptions } from './runBackend.js';
import { devBrowser, splitDevArgs } from './devBrowser.js';

const DEV_USAGE = `usage: maidkit dev <plugin> [--port N] [--no-open] [--tty|--no-browser] [--grant CAP,...] [--server-id ID]
                   [--backend subprocess|docker|none] [--docker-image IMAGE] [--find-links DIR]
                   [--keys FILE] [--statement FILE] [--json]

Runs a plugin in the sandbox and opens a local web page that behaves like a Discord channel: type
messages, run its slash commands, click its buttons, menus and modals; see its logs, every RPC, its KV
and its dashboard. The plugin reloads when its files change. Prints the page's URL (127.0.0.1 only).

  --port N             the page's port (default: any free port)
  --no-open            print the URL without opening a browser
  --tty, --no-browser  the terminal REPL instead: every line you type becomes a message_create event
                       (content = the line) in channel 100000000000000001
${HOST_OPTIONS}
REPL commands:  /enable  /disable  /uninstall  /event {"event": "...", "payload": {...}}  /help  /quit
`;

const HELP = `type a message to send it as message_create; /event <json line> sends any event; /enable, /disable, /uninstall run lifecycle hooks; /quit ends\n`;

/** One host event as a short human line. */
function describe(event: HostEvent): string {
  switch (event.type) {
    case 'action':
      return `← ${event.method} ${JSON.stringify(event.params)}`;
    case 'log':
      return `[${event.level}]${event.source === 'stderr' ? ' (stderr)' : ''} ${event.message}${event.error?.traceback ? `\n${event.error.traceback.trimEnd()}` : ''}`;
    case 'status':
      return `· ${event.pluginId} ${event.status}${event.reason ? ` (${event.reason})` : ''}`;
    case 'denied':
      return `✖ denied ${event.method}: the plugin lacks "${event.capability}"`;
    case 'error':
      return `✖ ${event.code}${event.during ? ` during ${event.during}` : ''}: ${event.message}`;
    case 'warning':
      return `! ${event.code}: ${event.message}`;
  }
}

export async function dev(argv: string[], io: CliIO): Promise<number> {
  const split = splitDevArgs(argv);
  if ('error' in split) {
    io.stderr(`maidkit dev: ${split.error}\n\n${DEV_USAGE}`);
    return ExitCode.Usage;
  }
  const args = parseHostArgs(split.rest, DEV_USAGE, false, io.cwd);
  if ('usage' in args) {
    if (args.error) io.stderr(`maidkit dev: ${args.error}\n\n${args.usage}`);
    else io.stdout(args.usage);
    return args.error ? ExitCode.Usage : ExitCode.Ok;
  }
  const loaded = await loadForHost(args, io, 'dev');
  if (!loaded) return ExitCode.Invalid;
  const backend = await makeBackend(args, io, 'dev');
  if (!backend) {
    loaded.dispose();
    return ExitCode.Invalid;
  }
  if (split.mode.browser) {
    // Validated (and signature-checked) above; the playground loads the source itself so it can watch it.
    loaded.dispose();
    return devBrowser(args, split.mode, io, backend, { dependencies: dependencyOptions(args.findLinks, io) });
  }
  const host = new PluginHost({ backend, discord: new RecordingDiscordActions(), dependencies: dependencyOptions(args.findLinks, io) });
  host.subscribe((event) => io.stdout(args.json ? `${JSON.stringify(event)}\n` : `${describe(event)}\n`));
  const note = (text: string) => io.stdout(args.json ? `${JSON.stringify({ type: 'dev', time: new Date().toISOString(), message: text })}\n` : `${text}\n`);
  let installId: string;
  try {
    installId = (await host.install(loaded.plugin, { serverId: args.serverId, ...(args.grant ? { grant: args.grant } : {}) })).installId;
  } catch (error) {
    note(`✖ could not start ${loaded.plugin.id}: ${(error as Error).message}`);
    await host.close();
    await backend.close();
    loaded.dispose();
    return ExitCode.Invalid;
  }
  await host.settled({ timeoutMs: 5_000 });
  if (!args.json) note(`${loaded.plugin.id} ${loaded.plugin.version} is running. ${HELP.trimEnd()}`);
  const rl = createInterface({ input: io.stdin, terminal: false });
  const prompt = () => io.isTTY && io.stdout('> ');
  prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '') {
        prompt();
        continue;
      }
      if (line === '/quit' || line === '/exit') break;
      try {
        if (line === '/help') io.stdout(HELP);
        else if (line === '/enable') await host.enable(installId);
        else if (line === '/disable') await host.disable(installId);
        else if (line === '/uninstall') {
          await host.uninstall(installId);
          note('uninstalled; bye');
          break;
        } else if (line.startsWith('/event ')) {
          const { steps, problems } = parseScenario(line.slice('/event '.length));
          const step = steps[0];
          if (problems.length > 0 || !step || step.kind !== 'event') note(`✖ ${problems.map((p) => p.message).join('; ') || 'expected {"event": "...", "payload": {...}}'}`);
          else host.dispatch(step.name, step.payload, { serverId: args.serverId });
        } else if (line.startsWith('/')) {
          note(`unknown command ${line.split(' ')[0]}; ${HELP.trimEnd()}`);
        } else {
          const { steps } = parseScenario(JSON.stringify({ event: 'message_create', payload: { content: raw } }));
          host.dispatch('message_create', steps[0]!.kind === 'event' ? steps[0]!.payload : {}, { serverId: args.serverId });
        }
      } catch (error) {
        note(`✖ ${(error as Error).message}`);
      }
      await host.settled({ timeoutMs: 10_000 });
      prompt();
    }
  } finally {
    rl.close();
    await host.close();
    await backend.close();
    loaded.dispose();
  }
  return ExitCode.Ok;
}
