import { validateCommandDeclarations } from '@maidkit/components';
import { diagnostic, type Diagnostic } from './diagnostics.js';

/**
 * Checks `slash_commands` with Discord's rules from `@maidkit/components` (one place for them), and
 * reports each problem as `slash_commands.<its code in lower case>` at `/slash_commands<its path>`.
 */
export function validateSlashCommands(commands: unknown, file: string, base = '/slash_commands'): Diagnostic[] {
  return validateCommandDeclarations(commands).map((issue) =>
    diagnostic(`slash_commands.${issue.code.toLowerCase()}`, 'error', base + issue.path, issue.message, { file, hint: issue.hint }),
  );
}
