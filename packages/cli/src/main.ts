import { ExitCode, type CliIO, type CommandRunner } from './io.js';

/** Every command, loaded on demand so `maidkit validate` never pays for the runner's imports. */
const commands: Record<string, { summary: string; load: () => Promise<CommandRunner> }> = {
  validate: { summary: 'check a plugin bundle (zip, directory or .py) and print every problem', load: async () => (await import('./commands/validate.js')).validate },
  run: { summary: 'run a plugin in the sandbox, feed it events, print what it did as JSON lines', load: async () => (await import('./commands/run.js')).run },
  dev: { summary: 'run a plugin interactively: type messages, see its actions and logs', load: async () => (await import('./commands/dev.js')).dev },
  keygen: { summary: 'generate an Ed25519 signing key pair', load: async () => (await import('./commands/keygen.js')).keygen },
  sign: { summary: 'sign a bundle: write a release statement', load: async () => (await import('./commands/sign.js')).sign },
  verify: { summary: 'verify a bundle against a release statement and trusted keys', load: async () => (await import('./commands/verify.js')).verify },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: maidkit <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`maidkit <command> --help\` for a command's options.\n`;
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`maidkit: unknown command '${name}'\n\n${usage()}`);
    return ExitCode.Usage;
  }
  return (await command.load())(rest, io);
}
