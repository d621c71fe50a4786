import { ValidationError } from '../errors/ValidationError.js';

/**
 * The one table from the strings plugin authors write to Discord's numbers (research/components.md §3,
 * discord-api-types v10). Builders accept either form; JSON always carries the number.
 */
export const ComponentEnums = {
  buttonStyle: { primary: 1, secondary: 2, success: 3, danger: 4, link: 5, premium: 6 },
  textInputStyle: { short: 1, paragraph: 2 },
  separatorSpacing: { small: 1, large: 2 },
  componentType: {
    actionRow: 1, button: 2, stringSelect: 3, textInput: 4, userSelect: 5, roleSelect: 6, mentionableSelect: 7,
    channelSelect: 8, section: 9, textDisplay: 10, thumbnail: 11, mediaGallery: 12, file: 13, separator: 14,
    container: 17, label: 18, fileUpload: 19, radioGroup: 21, checkboxGroup: 22, checkbox: 23,
  },
  callbackType: { pong: 1, message: 4, deferred: 5, deferredUpdate: 6, update: 7, autocomplete: 8, modal: 9 },
  messageFlag: { suppressEmbeds: 4, ephemeral: 64, suppressNotifications: 4096, componentsV2: 32768 },
} as const;

export type EnumTable = keyof typeof ComponentEnums;
export type EnumName<T extends EnumTable> = keyof (typeof ComponentEnums)[T] & string;
export type EnumValue<T extends EnumTable> = (typeof ComponentEnums)[T][EnumName<T>];

export type ButtonStyleName = EnumName<'buttonStyle'>;
export type TextInputStyleName = EnumName<'textInputStyle'>;
export type SeparatorSpacingName = EnumName<'separatorSpacing'>;
export type CallbackTypeName = EnumName<'callbackType'>;
export type MessageFlagName = EnumName<'messageFlag'>;

const LABELS: Record<EnumTable, string> = {
  buttonStyle: 'button style',
  textInputStyle: 'text input style',
  separatorSpacing: 'separator spacing',
  componentType: 'component type',
  callbackType: 'interaction callback type',
  messageFlag: 'message flag',
};

/** The set of valid names, as shown in error messages: `primary|secondary|…`. */
export function enumNames(table: EnumTable): string {
  return Object.keys(ComponentEnums[table]).join('|');
}

/**
 * Name or number → number. Numbers pass only if they are in the table; anything else is `undefined`,
 * so the caller can report it at the right path.
 */
export function lookupEnum<T extends EnumTable>(table: T, value: unknown): EnumValue<T> | undefined {
  if (typeof value === 'number') return VALUES[table].has(value) ? (value as EnumValue<T>) : undefined;
  if (typeof value === 'string') return NAMES[table].get(value) as EnumValue<T> | undefined;
  return undefined;
}

// Lookups run for every component of every message, so the table is indexed once.
const NAMES = Object.fromEntries(
  Object.entries(ComponentEnums).map(([t, entries]) => [t, new Map(Object.entries(entries))]),
) as unknown as Record<EnumTable, ReadonlyMap<string, number>>;
const VALUES = Object.fromEntries(
  Object.entries(ComponentEnums).map(([t, entries]) => [t, new Set(Object.values(entries))]),
) as unknown as Record<EnumTable, ReadonlySet<number>>;

/** `"primary"` → 1 …: the button-style part of the table, for the builder's hot path (no keyed table lookup). */
export const BUTTON_STYLE_BY_NAME: ReadonlyMap<string, number> = NAMES.buttonStyle;

/** Like lookupEnum, but throws a ValidationError naming the valid set (`style "blurple" invalid; expected …`). */
export function toWire<T extends EnumTable>(table: T, value: unknown): EnumValue<T> {
  const n = lookupEnum(table, value);
  if (n === undefined) {
    throw new ValidationError([
      { code: 'INVALID_ENUM', path: '', message: enumMessage(table, value) },
    ]);
  }
  return n;
}

export function enumMessage(table: EnumTable, value: unknown): string {
  return `${LABELS[table]} ${JSON.stringify(value)} is invalid; expected ${enumNames(table)}`;
}
