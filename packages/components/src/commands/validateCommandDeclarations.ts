import type { ValidationIssue } from '../errors/ValidationError.js';
import { IssueCollector } from '../util/IssueCollector.js';
import { describe, isObject, quote, textLength } from '../util/checks.js';
import {
  CHANNEL_TYPES,
  COMMAND_NAME_PATTERN,
  CommandLimits as L,
  LOCALES,
  OPTION_TYPE_NAMES,
  OptionTypes as T,
} from './commandRules.js';

const COMMAND_FIELDS = new Set([
  'type', 'name', 'name_localizations', 'description', 'description_localizations', 'options',
  'default_member_permissions', 'dm_permission', 'default_permission', 'nsfw', 'contexts', 'integration_types',
]);
const OPTION_FIELDS = new Set([
  'type', 'name', 'name_localizations', 'description', 'description_localizations', 'required', 'choices',
  'options', 'channel_types', 'min_value', 'max_value', 'min_length', 'max_length', 'autocomplete',
]);
const CHOICE_FIELDS = new Set(['name', 'name_localizations', 'value']);
const OPTION_TYPE_LIST = Object.entries(OPTION_TYPE_NAMES).map(([n, name]) => `${n} ${name}`).join(', ');

type Level = 'command' | 'group' | 'subcommand';

/**
 * Checks slash-command declarations (a manifest's `slash_commands`, or what a bot registers) against every
 * rule Discord enforces at registration, and returns every issue found. Paths are JSON Pointers relative to
 * the array passed in (`/0/options/1/name`). An empty array means the declarations can be registered as-is.
 */
export function validateCommandDeclarations(commands: unknown): ValidationIssue[] {
  const c = new IssueCollector();
  if (!Array.isArray(commands)) {
    c.add('TYPE_MISMATCH', `expected an array of commands, got ${describe(commands)}`);
    return c.issues;
  }
  const counts = new Map<number, number>();
  const seen = new Map<string, number>();
  commands.forEach((cmd, i) => {
    c.push(i);
    const type = checkCommand(c, cmd);
    if (type !== undefined && isObject(cmd) && typeof cmd.name === 'string') {
      counts.set(type, (counts.get(type) ?? 0) + 1);
      const key = `${type}:${cmd.name}`;
      const first = seen.get(key);
      if (first !== undefined) {
        c.add('DUPLICATE_NAME', `command name ${quote(cmd.name)} is already used by [${first}]`, { field: 'name' });
      } else seen.set(key, i);
    }
    c.pop();
  });
  const caps: [number, number, string][] = [
    [1, L.chatInputCommandsMax, 'chat-input (slash)'],
    [2, L.userCommandsMax, 'user'],
    [3, L.messageCommandsMax, 'message'],
  ];
  for (const [type, max, label] of caps) {
    const n = counts.get(type) ?? 0;
    if (n > max) c.add('TOO_MANY_COMMANDS', `an application can register at most ${max} ${label} commands (got ${n})`);
  }
  return c.issues;
}

/** Returns the command type when it is usable (for counting), undefined otherwise. */
function checkCommand(c: IssueCollector, cmd: unknown): number | undefined {
  if (!isObject(cmd)) {
    c.add('TYPE_MISMATCH', `expected a command object, got ${describe(cmd)}`);
    return undefined;
  }
  unknownFields(c, cmd, COMMAND_FIELDS, 'a command');
  let type = 1;
  if (cmd.type !== undefined) {
    if (cmd.type === 1 || cmd.type === 2 || cmd.type === 3) type = cmd.type;
    else {
      c.add('INVALID_ENUM', `command type ${JSON.stringify(cmd.type)} is not one of 1 (chat input), 2 (user), 3 (message)`, { field: 'type' });
      type = -1;
    }
  }
  const chatInput = type === 1;
  const name = typeof cmd.name === 'string' ? cmd.name : undefined;
  checkName(c, cmd.name, 'name', chatInput);
  checkLocalizations(c, cmd.name_localizations, 'name_localizations', (v) => checkName(c, v, undefined, chatInput));

  if (chatInput) {
    checkDescription(c, cmd.description, 'description', name);
    checkLocalizations(c, cmd.description_localizations, 'description_localizations', (v) => checkDescription(c, v, undefined, name));
    if (cmd.options !== undefined) checkOptions(c, cmd.options, 'command');
    const size = commandSize(cmd);
    if (size > L.totalCharsMax) {
      c.add('COMMAND_TOO_LARGE', `names, descriptions and choices total ${size} characters; Discord allows at most ${L.totalCharsMax} per command`, {
        subject: name === undefined ? undefined : `/${name}`,
        hint: 'the longest localization of each field counts; shorten descriptions or split the command',
      });
    }
  } else if (type !== -1) {
    if (cmd.description !== undefined && cmd.description !== '') {
      c.add('FIELD_NOT_ALLOWED', 'user and message commands take an empty description', { field: 'description' });
    }
    if (cmd.options !== undefined) c.add('FIELD_NOT_ALLOWED', 'user and message commands have no options', { field: 'options' });
  }

  if (cmd.default_member_permissions !== undefined && cmd.default_member_permissions !== null) {
    if (typeof cmd.default_member_permissions !== 'string' || !/^\d{1,20}$/.test(cmd.default_member_permissions)) {
      c.add('TYPE_MISMATCH', 'default_member_permissions must be a permission bit set as a decimal string, or null', {
        field: 'default_member_permissions',
        hint: 'e.g. "8" for ADMINISTRATOR, "0" to hide the command from everyone but admins',
      });
    }
  }
  for (const key of ['dm_permission', 'default_permission', 'nsfw'] as const) {
    if (cmd[key] !== undefined && typeof cmd[key] !== 'boolean') c.add('TYPE_MISMATCH', `${key} must be a boolean`, { field: key });
  }
  checkIntSet(c, cmd.contexts, 'contexts', [0, 1, 2], '0 (guild), 1 (bot DM), 2 (private channel)');
  checkIntSet(c, cmd.integration_types, 'integration_types', [0, 1], '0 (guild install), 1 (user install)');
  return type === -1 ? undefined : type;
}

function checkOptions(c: IssueCollector, options: unknown, level: Level): void {
  c.push('options');
  if (!Array.isArray(options)) {
    c.add('TYPE_MISMATCH', `options must be an array, got ${describe(options)}`);
    c.pop();
    return;
  }
  if (options.length > L.optionsMax) {
    c.add('TOO_MANY', `at most ${L.optionsMax} options are allowed (got ${options.length})`, { field: L.optionsMax });
  }
  if (level === 'group' && options.length === 0) {
    c.add('TOO_FEW', 'a subcommand group needs at least one subcommand');
  }
  const hasSub = options.some((o) => isObject(o) && (o.type === T.subcommand || o.type === T.subcommandGroup));
  const hasValue = options.some((o) => isObject(o) && typeof o.type === 'number' && o.type !== T.subcommand && o.type !== T.subcommandGroup);
  const names = new Map<string, number>();
  let optionalSeen = false;

  options.forEach((opt, i) => {
    c.push(i);
    if (!isObject(opt)) {
      c.add('TYPE_MISMATCH', `expected an option object, got ${describe(opt)}`);
      c.pop();
      return;
    }
    unknownFields(c, opt, OPTION_FIELDS, 'an option');
    const name = typeof opt.name === 'string' ? opt.name : undefined;
    const subject = name === undefined ? undefined : `option ${quote(name)}`;
    const type = opt.type;
    const typeOk = typeof type === 'number' && Number.isInteger(type) && type >= 1 && type <= 11;
    if (!typeOk) {
      c.add(type === undefined ? 'REQUIRED' : 'INVALID_ENUM', `option type ${JSON.stringify(type)} is not one of ${OPTION_TYPE_LIST}`, { field: 'type', subject });
    }
    checkName(c, opt.name, 'name', true);
    checkLocalizations(c, opt.name_localizations, 'name_localizations', (v) => checkName(c, v, undefined, true));
    checkDescription(c, opt.description, 'description', name);
    checkLocalizations(c, opt.description_localizations, 'description_localizations', (v) => checkDescription(c, v, undefined, name));
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) c.add('DUPLICATE_NAME', `option name ${quote(name)} is already used by options[${first}]`, { field: 'name' });
      else names.set(name, i);
    }

    if (typeOk) {
      const isSub = type === T.subcommand || type === T.subcommandGroup;
      // Nesting: command → group → subcommand only; a level holds subcommands or values, not both.
      if (level === 'group' && type !== T.subcommand) {
        c.add('INVALID_NESTING', `a subcommand group may only contain subcommands (type 1), got type ${type} (${OPTION_TYPE_NAMES[type]})`, { field: 'type', subject });
      } else if (level === 'subcommand' && isSub) {
        c.add('INVALID_NESTING', `a subcommand cannot contain ${type === 1 ? 'subcommands' : 'subcommand groups'}`, { field: 'type', subject });
      } else if (level === 'command' && hasSub && hasValue && !isSub) {
        c.add('INVALID_NESTING', 'a command with subcommands or groups cannot also take plain options', {
          field: 'type',
          subject,
          hint: 'move this option into each subcommand that needs it',
        });
      }
      // Only descend where nesting is legal, so a hostile, deeply nested declaration cannot exhaust the stack.
      const nestingOk = !(level === 'subcommand' && isSub) && !(level === 'group' && type !== T.subcommand);
      if (isSub) {
        if (nestingOk) checkSubcommand(c, opt, type, subject);
      }
      else checkValueOption(c, opt, type, subject);
      if (!isSub && level !== 'group') {
        // Required options first: Discord rejects a required option after an optional one.
        const required = opt.required === true;
        if (required && optionalSeen) {
          c.add('REQUIRED_AFTER_OPTIONAL', 'a required option cannot follow an optional one', {
            field: 'required',
            subject,
            hint: 'move required options to the front of the list',
          });
        }
        if (!required) optionalSeen = true;
      }
    }
    c.pop();
  });
  c.pop();
}

function checkSubcommand(c: IssueCollector, opt: Record<string, unknown>, type: number, subject: string | undefined): void {
  for (const key of ['required', 'choices', 'channel_types', 'min_value', 'max_value', 'min_length', 'max_length', 'autocomplete'] as const) {
    if (opt[key] !== undefined) c.add('FIELD_NOT_ALLOWED', `${key} is not allowed on a ${type === 1 ? 'subcommand' : 'subcommand group'}`, { field: key, subject });
  }
  if (opt.options !== undefined) checkOptions(c, opt.options, type === T.subcommand ? 'subcommand' : 'group');
  else if (type === T.subcommandGroup) c.add('REQUIRED', 'a subcommand group needs options (its subcommands)', { field: 'options', subject });
}

function checkValueOption(c: IssueCollector, opt: Record<string, unknown>, type: number, subject: string | undefined): void {
  const typeName = OPTION_TYPE_NAMES[type] ?? String(type);
  if (opt.options !== undefined) c.add('FIELD_NOT_ALLOWED', `a ${typeName} option has no nested options`, { field: 'options', subject });
  if (opt.required !== undefined && typeof opt.required !== 'boolean') c.add('TYPE_MISMATCH', 'required must be a boolean', { field: 'required', subject });

  const choosable = type === T.string || type === T.integer || type === T.number;
  if (opt.autocomplete !== undefined) {
    if (typeof opt.autocomplete !== 'boolean') c.add('TYPE_MISMATCH', 'autocomplete must be a boolean', { field: 'autocomplete', subject });
    else if (opt.autocomplete && !choosable) c.add('FIELD_NOT_ALLOWED', `autocomplete is only for string, integer and number options, not ${typeName}`, { field: 'autocomplete', subject });
  }
  if (opt.choices !== undefined) {
    if (!choosable) c.add('FIELD_NOT_ALLOWED', `choices are only for string, integer and number options, not ${typeName}`, { field: 'choices', subject });
    else {
      if (opt.autocomplete === true) c.add('FIELD_NOT_ALLOWED', 'choices cannot be combined with autocomplete', { field: 'choices', subject, hint: 'drop one of them' });
      checkChoices(c, opt.choices, type);
    }
  }

  const numeric = type === T.integer || type === T.number;
  const minV = checkBound(c, opt, 'min_value', numeric, type, subject);
  const maxV = checkBound(c, opt, 'max_value', numeric, type, subject);
  if (minV !== undefined && maxV !== undefined && minV > maxV) {
    c.add('MIN_GREATER_THAN_MAX', `min_value ${minV} is greater than max_value ${maxV}`, { field: 'min_value', subject });
  }
  const minL = checkLength(c, opt, 'min_length', 0, type, subject);
  const maxL = checkLength(c, opt, 'max_length', 1, type, subject);
  if (minL !== undefined && maxL !== undefined && minL > maxL) {
    c.add('MIN_GREATER_THAN_MAX', `min_length ${minL} is greater than max_length ${maxL}`, { field: 'min_length', subject });
  }

  if (opt.channel_types !== undefined) {
    if (type !== T.channel) c.add('FIELD_NOT_ALLOWED', `channel_types is only for channel options, not ${typeName}`, { field: 'channel_types', subject });
    else if (!Array.isArray(opt.channel_types)) c.add('TYPE_MISMATCH', 'channel_types must be an array of channel type numbers', { field: 'channel_types', subject });
    else {
      c.push('channel_types');
      opt.channel_types.forEach((t, i) => {
        if (typeof t !== 'number' || !CHANNEL_TYPES.has(t)) {
          c.add('INVALID_ENUM', `${JSON.stringify(t)} is not a channel type (expected one of ${[...CHANNEL_TYPES].join(', ')})`, { field: i });
        }
      });
      c.pop();
    }
  }
}

function checkBound(c: IssueCollector, opt: Record<string, unknown>, key: 'min_value' | 'max_value', allowed: boolean, type: number, subject: string | undefined): number | undefined {
  const v = opt[key];
  if (v === undefined) return undefined;
  if (!allowed) {
    c.add('FIELD_NOT_ALLOWED', `${key} is only for integer and number options, not ${OPTION_TYPE_NAMES[type]}`, { field: key, subject });
    return undefined;
  }
  return checkTypedNumber(c, v, type, key, subject) ? (v as number) : undefined;
}

/** An integer within ±(2^53−1) for integer options, a finite number within ±2^53 for number options. */
function checkTypedNumber(c: IssueCollector, v: unknown, type: number, field: string | number, subject: string | undefined): boolean {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    c.add('TYPE_MISMATCH', `expected a ${type === T.integer ? 'integer' : 'number'}, got ${describe(v)}`, { field, subject });
    return false;
  }
  if (type === T.integer) {
    if (!Number.isInteger(v) || Math.abs(v) > L.integerMax) {
      c.add('OUT_OF_RANGE', `${v} is not an integer within ±(2^53−1)`, { field, subject });
      return false;
    }
  } else if (Math.abs(v) > L.numberMax) {
    c.add('OUT_OF_RANGE', `${v} is outside ±2^53`, { field, subject });
    return false;
  }
  return true;
}

function checkLength(c: IssueCollector, opt: Record<string, unknown>, key: 'min_length' | 'max_length', floor: number, type: number, subject: string | undefined): number | undefined {
  const v = opt[key];
  if (v === undefined) return undefined;
  if (type !== T.string) {
    c.add('FIELD_NOT_ALLOWED', `${key} is only for string options, not ${OPTION_TYPE_NAMES[type]}`, { field: key, subject });
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < floor || v > L.stringLengthMax) {
    c.add(typeof v === 'number' ? 'OUT_OF_RANGE' : 'TYPE_MISMATCH', `${key} must be an integer from ${floor} to ${L.stringLengthMax} (got ${JSON.stringify(v)})`, { field: key, subject });
    return undefined;
  }
  return v;
}

function checkChoices(c: IssueCollector, choices: unknown, type: number): void {
  c.push('choices');
  if (!Array.isArray(choices)) {
    c.add('TYPE_MISMATCH', `choices must be an array, got ${describe(choices)}`);
    c.pop();
    return;
  }
  if (choices.length > L.choicesMax) c.add('TOO_MANY', `at most ${L.choicesMax} choices are allowed (got ${choices.length})`, { field: L.choicesMax });
  choices.forEach((ch, i) => {
    c.push(i);
    if (!isObject(ch)) c.add('TYPE_MISMATCH', `expected a choice object, got ${describe(ch)}`);
    else {
      unknownFields(c, ch, CHOICE_FIELDS, 'a choice');
      const subject = typeof ch.name === 'string' ? `choice ${quote(ch.name)}` : undefined;
      checkText(c, ch.name, 'name', 1, L.choiceNameMax, 'choice name');
      checkLocalizations(c, ch.name_localizations, 'name_localizations', (v) => checkText(c, v, undefined, 1, L.choiceNameMax, 'choice name'));
      if (ch.value === undefined) c.add('REQUIRED', 'a choice needs a value', { field: 'value', subject });
      else if (type === T.string) {
        if (typeof ch.value !== 'string') c.add('TYPE_MISMATCH', `a string option's choice value must be a string, got ${describe(ch.value)}`, { field: 'value', subject });
        else checkText(c, ch.value, 'value', 0, L.choiceStringValueMax, 'choice value');
      } else checkTypedNumber(c, ch.value, type, 'value', subject);
    }
    c.pop();
  });
  c.pop();
}

function checkName(c: IssueCollector, name: unknown, field: string | undefined, chatInput: boolean): void {
  const at = field === undefined ? {} : { field };
  if (name === undefined) return void c.add('REQUIRED', 'a name is required', at);
  if (typeof name !== 'string') return void c.add('TYPE_MISMATCH', `a name must be a string, got ${describe(name)}`, at);
  if (!chatInput) {
    const n = textLength(name, L.nameMax);
    if (n < 1) c.add('TOO_SHORT', 'a name needs 1 to 32 characters', at);
    else if (n > L.nameMax) c.add('TOO_LONG', `a name has at most ${L.nameMax} characters (got ${n})`, at);
    return;
  }
  if (!COMMAND_NAME_PATTERN.test(name)) {
    const n = textLength(name, L.nameMax);
    if (n === 0) c.add('TOO_SHORT', 'a name needs 1 to 32 characters', at);
    else if (n > L.nameMax) c.add('TOO_LONG', `name ${quote(name)} has ${n} characters; at most ${L.nameMax}`, at);
    else {
      const hint = name.includes("'")
        ? "Discord rejects the ASCII apostrophe (U+0027); use the modifier letter apostrophe ʼ (U+02BC)"
        : 'letters, digits, "-", "_" and ʼ (U+02BC) only; no spaces';
      c.add('INVALID_NAME', `name ${quote(name)} does not match Discord's command-name pattern`, { ...at, hint });
    }
    return;
  }
  // "Lowercase where possible": any character that has a lowercase form must be in it.
  for (const ch of name) {
    if (ch.toLowerCase() !== ch) {
      c.add('NOT_LOWERCASE', `name ${quote(name)} must be lowercase (${quote(ch)} has a lowercase form)`, { ...at, hint: `use ${quote(name.toLowerCase())}` });
      return;
    }
  }
}

function checkDescription(c: IssueCollector, value: unknown, field: string | undefined, name: string | undefined): void {
  checkText(c, value, field, 1, L.descriptionMax, 'description', name === undefined ? undefined : quote(name));
}

function checkText(c: IssueCollector, value: unknown, field: string | number | undefined, min: number, max: number, label: string, subject?: string): void {
  const at = { ...(field === undefined ? {} : { field }), subject };
  if (value === undefined) return void c.add('REQUIRED', `a ${label} is required (${min}–${max} characters)`, at);
  if (typeof value !== 'string') return void c.add('TYPE_MISMATCH', `a ${label} must be a string, got ${describe(value)}`, at);
  const n = textLength(value, max);
  if (n < min) c.add('TOO_SHORT', `a ${label} needs at least ${min} character${min === 1 ? '' : 's'}`, at);
  else if (n > max) c.add('TOO_LONG', `a ${label} has at most ${max} characters (got ${n})`, at);
}

function checkLocalizations(c: IssueCollector, value: unknown, field: string, check: (v: unknown) => void): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) return void c.add('TYPE_MISMATCH', `${field} must be an object keyed by locale`, { field });
  c.push(field);
  for (const [locale, v] of Object.entries(value)) {
    c.push(locale);
    if (!LOCALES.has(locale)) c.add('INVALID_ENUM', `${quote(locale)} is not a Discord locale`, { hint: `one of ${[...LOCALES].join(', ')}` });
    if (v !== null) check(v);
    c.pop();
  }
  c.pop();
}

function checkIntSet(c: IssueCollector, value: unknown, field: string, allowed: number[], label: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) return void c.add('TYPE_MISMATCH', `${field} must be an array`, { field });
  c.push(field);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !allowed.includes(v)) c.add('INVALID_ENUM', `${JSON.stringify(v)} is not one of ${label}`, { field: i });
  });
  c.pop();
}

function unknownFields(c: IssueCollector, obj: Record<string, unknown>, known: ReadonlySet<string>, what: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) c.add('UNKNOWN_FIELD', `${quote(key)} is not a field of ${what}`, { field: key, hint: `known fields: ${[...known].join(', ')}` });
  }
}

/** Longest of a field and its localizations, in code points. */
function longest(value: unknown, localizations: unknown): number {
  let n = typeof value === 'string' ? textLength(value) : 0;
  if (isObject(localizations)) {
    for (const v of Object.values(localizations)) if (typeof v === 'string') n = Math.max(n, textLength(v));
  }
  return n;
}

/**
 * The size Discord caps at 8,000: name + description + choice names and values of the command and every
 * option below it, each counted at its longest localization.
 */
export function commandSize(cmd: unknown, depth = 0): number {
  if (!isObject(cmd)) return 0;
  let n = longest(cmd.name, cmd.name_localizations) + longest(cmd.description, cmd.description_localizations);
  // command → group → subcommand → option is the deepest legal shape; deeper levels are already errors.
  if (Array.isArray(cmd.options) && depth < 4) for (const o of cmd.options) n += commandSize(o, depth + 1);
  if (Array.isArray(cmd.choices)) {
    for (const ch of cmd.choices) {
      if (!isObject(ch)) continue;
      n += longest(ch.name, ch.name_localizations);
      if (typeof ch.value === 'string') n += textLength(ch.value);
      else if (typeof ch.value === 'number') n += String(ch.value).length;
    }
  }
  return n;
}
