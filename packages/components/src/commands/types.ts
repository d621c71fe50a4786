/** A choice as written in a manifest or passed by a bot author. */
export interface CommandChoiceDeclaration {
  name: string;
  name_localizations?: Record<string, string | null> | null;
  value: string | number;
}

/** An option (or subcommand / group) as declared. Mirrors Discord's JSON; `type` is the option type number. */
export interface CommandOptionDeclaration {
  type: number;
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description: string;
  description_localizations?: Record<string, string | null> | null;
  required?: boolean;
  choices?: CommandChoiceDeclaration[];
  options?: CommandOptionDeclaration[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
}

/** One entry of a manifest's `slash_commands` (seed 001). `type` defaults to 1 (chat input). */
export interface CommandDeclaration {
  type?: 1 | 2 | 3;
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description?: string;
  description_localizations?: Record<string, string | null> | null;
  options?: CommandOptionDeclaration[];
  default_member_permissions?: string | null;
  dm_permission?: boolean;
  nsfw?: boolean;
  contexts?: number[];
  integration_types?: number[];
}
