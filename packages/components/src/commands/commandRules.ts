/**
 * Discord's slash-command limits (research/components.md §1, docs application-commands.mdx).
 * The name pattern is the documented one with the ASCII apostrophe replaced by U+02BC: the API rejects
 * U+0027 (discord-api-docs#7371). U+02BC is a modifier letter (Lm), so `\p{L}` already covers it; it is
 * spelled out so the intent survives edits.
 */
export const COMMAND_NAME_PATTERN = /^[-_\u02BC\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export const CommandLimits = {
  nameMax: 32,
  descriptionMax: 100,
  optionsMax: 25,
  choicesMax: 25,
  choiceNameMax: 100,
  choiceStringValueMax: 100,
  stringLengthMax: 6000,
  /** Integers are ±(2^53−1) (a safe JS integer). */
  integerMax: Number.MAX_SAFE_INTEGER,
  /** Numbers are ±2^53. */
  numberMax: 2 ** 53,
  totalCharsMax: 8000,
  chatInputCommandsMax: 100,
  userCommandsMax: 15,
  messageCommandsMax: 15,
} as const;

/** Application command types a manifest may declare. */
export const CommandTypes = { chatInput: 1, user: 2, message: 3 } as const;

/** Option type numbers and the names used in messages (one table; docs/discord-api-types v10). */
export const OptionTypes = {
  subcommand: 1,
  subcommandGroup: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  role: 8,
  mentionable: 9,
  number: 10,
  attachment: 11,
} as const;

export const OPTION_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(OptionTypes).map(([name, n]) => [n, name]),
);

/** Locales Discord accepts in `*_localizations` (discord-api-types `Locale`). */
export const LOCALES: ReadonlySet<string> = new Set([
  'id', 'en-US', 'en-GB', 'bg', 'zh-CN', 'zh-TW', 'hr', 'cs', 'da', 'nl', 'fi', 'fr', 'de', 'el', 'hi', 'hu',
  'it', 'ja', 'ko', 'lt', 'no', 'pl', 'pt-BR', 'ro', 'ru', 'es-ES', 'es-419', 'sv-SE', 'th', 'tr', 'uk', 'vi',
]);

/** Channel types a channel option may restrict to (text, DM, voice, group DM, category, news, threads, stage, directory, forum, media). */
export const CHANNEL_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);
