import { ExitCode, type CliIO } from '../io.js';

// Placeholder until its issue lands: says so plainly instead of pretending to work.
export async function keygen(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('maidkit keygen: not available yet in this build\n');
  return ExitCode.Usage;
}
