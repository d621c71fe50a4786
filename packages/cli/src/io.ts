/** What a command may touch, injected so tests run commands in-process and read what they printed. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour and layout), false when piped or under test. */
  isTTY: boolean;
  /** Standard input, for commands that read `-`. */
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Exit codes shared by every command: 0 ok, 1 the input was refused/invalid, 2 usage error. */
export const ExitCode = { Ok: 0, Invalid: 1, Usage: 2 } as const;

export type CommandRunner = (argv: string[], io: CliIO) => Promise<number>;

export function nodeIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  };
}
