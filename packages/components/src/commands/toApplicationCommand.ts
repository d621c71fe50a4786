import type {
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ValidationError } from '../errors/ValidationError.js';
import type { CommandDeclaration } from './types.js';
import { validateCommandDeclarations } from './validateCommandDeclarations.js';

/** Context-menu JSON for `type: 2 | 3`, chat-input JSON otherwise. */
export type ApplicationCommandJSON<D> = D extends { type: 2 | 3 }
  ? RESTPostAPIContextMenuApplicationCommandsJSONBody
  : RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface ToApplicationCommandOptions {
  /** Validate first and throw a ValidationError listing every issue (default true). */
  validate?: boolean;
}

/**
 * The JSON a host sends to `PUT /applications/{id}/commands` for one declaration: a deep copy with
 * `type` made explicit (1, chat input, unless the declaration says 2 or 3).
 */
export function toApplicationCommand<D extends CommandDeclaration | Record<string, unknown>>(
  decl: D,
  options: ToApplicationCommandOptions = {},
): ApplicationCommandJSON<D> {
  if (options.validate !== false) {
    const issues = validateCommandDeclarations([decl]);
    if (issues.length > 0) {
      // Paths are relative to the single declaration, not to the one-element array made here.
      const local = issues.map((i) => {
        const rest = i.message.replace(/^\[0\]\.?/, '');
        return { ...i, path: i.path.replace(/^\/0/, ''), message: /^[ :]/.test(rest) ? `(root)${rest}` : rest };
      });
      throw new ValidationError(local, { subject: 'invalid slash command' });
    }
  }
  const copy = structuredClone(decl) as Record<string, unknown>;
  return { ...copy, type: (copy.type as number | undefined) ?? 1 } as unknown as ApplicationCommandJSON<D>;
}

/** Converts a whole list (a manifest's `slash_commands`), checking the per-application counts too. */
export function toApplicationCommands(decls: unknown, options: ToApplicationCommandOptions = {}): RESTPostAPIApplicationCommandsJSONBody[] {
  if (options.validate !== false) {
    const issues = validateCommandDeclarations(decls);
    if (issues.length > 0) throw new ValidationError(issues, { subject: 'invalid slash commands' });
  }
  return (decls as unknown[]).map((d) => toApplicationCommand(d as Record<string, unknown>, { validate: false }) as RESTPostAPIApplicationCommandsJSONBody);
}
