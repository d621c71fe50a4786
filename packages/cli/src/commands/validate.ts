import { ExitCode, type CliIO } from '../io.js';

// Placeholder until its issue lands: says so plainly instead of pretending to work.
export async function validate(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('maidkit validate: not available yet in this build\n');
  return ExitCode.Usage;
}
