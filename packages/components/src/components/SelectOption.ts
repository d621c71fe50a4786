import type { APISelectMenuOption } from 'discord-api-types/v10';
import { clone, copyUnknown, moreKeysThan } from './ComponentBuilder.js';
import { type EmojiLike, toEmoji } from './emoji.js';

export interface SelectOptionData {
  label: string;
  value: string;
  description?: string;
  emoji?: EmojiLike;
  default?: boolean;
}

const KNOWN: ReadonlySet<string> = new Set(['label', 'value', 'description', 'emoji', 'default']);

/** One choice of a string select. Not a component on its own, so it has no validate(); its select checks it. */
export class SelectOption {
  declare readonly data: SelectOptionData;
  /**
   * Whether the constructor found fields outside the known ones (a newer Discord's, or fromJSON's): only then
   * does toJSON look past the known fields, which saves a key scan per builder. Fields set later go through
   * setters or `data`, whose type admits only known ones.
   */
  declare private readonly unknownFields: boolean;

  constructor(data: SelectOptionData) {
    // Field by field: see moreKeysThan.
    const d = {} as SelectOptionData;
    let n = 0;
    if (data.label !== undefined) (d.label = data.label), n++;
    if (data.value !== undefined) (d.value = data.value), n++;
    if (data.description !== undefined) (d.description = data.description), n++;
    if (data.emoji !== undefined) (d.emoji = toEmoji(data.emoji)), n++;
    if (data.default !== undefined) (d.default = data.default), n++;
    this.unknownFields = moreKeysThan(data, n);
    if (this.unknownFields) copyUnknown(d as unknown as Record<string, unknown>, data, KNOWN);
    this.data = d;
  }

  setDefault(isDefault = true): this {
    this.data.default = isDefault;
    return this;
  }

  toJSON(): APISelectMenuOption {
    const d = this.data;
    const out: Record<string, unknown> = {};
    if (d.label !== undefined) out.label = d.label;
    if (d.value !== undefined) out.value = d.value;
    if (d.description !== undefined) out.description = d.description;
    if (d.emoji !== undefined) out.emoji = { ...(d.emoji as object) };
    if (d.default !== undefined) out.default = d.default;
    if (this.unknownFields) copyUnknown(out, d, KNOWN);
    return out as unknown as APISelectMenuOption;
  }

  static fromJSON(json: APISelectMenuOption): SelectOption {
    return new SelectOption(clone(json) as SelectOptionData);
  }
}
