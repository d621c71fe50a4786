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

  constructor(data: SelectOptionData) {
    // Field by field: see moreKeysThan.
    const d = {} as SelectOptionData;
    let n = 0;
    if (data.label !== undefined) (d.label = data.label), n++;
    if (data.value !== undefined) (d.value = data.value), n++;
    if (data.description !== undefined) (d.description = data.description), n++;
    if (data.emoji !== undefined) (d.emoji = toEmoji(data.emoji)), n++;
    if (data.default !== undefined) (d.default = data.default), n++;
    if (moreKeysThan(data, n)) copyUnknown(d as unknown as Record<string, unknown>, data, KNOWN);
    this.data = d;
  }

  setDefault(isDefault = true): this {
    this.data.default = isDefault;
    return this;
  }

  toJSON(): APISelectMenuOption {
    const d = this.data;
    const out: Record<string, unknown> = {};
    let n = 0;
    if (d.label !== undefined) (out.label = d.label), n++;
    if (d.value !== undefined) (out.value = d.value), n++;
    if (d.description !== undefined) (out.description = d.description), n++;
    if (d.emoji !== undefined) (out.emoji = { ...(d.emoji as object) }), n++;
    if (d.default !== undefined) (out.default = d.default), n++;
    if (moreKeysThan(d, n)) copyUnknown(out, d, KNOWN);
    return out as unknown as APISelectMenuOption;
  }

  static fromJSON(json: APISelectMenuOption): SelectOption {
    return new SelectOption(clone(json) as SelectOptionData);
  }
}
