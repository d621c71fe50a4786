import type { APISelectMenuOption } from 'discord-api-types/v10';
import { clone, compact } from './ComponentBuilder.js';
import { type EmojiLike, toEmoji } from './emoji.js';

export interface SelectOptionData {
  label: string;
  value: string;
  description?: string;
  emoji?: EmojiLike;
  default?: boolean;
}

/** One choice of a string select. Not a component on its own, so it has no validate(); its select checks it. */
export class SelectOption {
  readonly data: SelectOptionData;

  constructor(data: SelectOptionData) {
    this.data = compact(data);
    if (data.emoji !== undefined) this.data.emoji = toEmoji(data.emoji);
  }

  setDefault(isDefault = true): this {
    this.data.default = isDefault;
    return this;
  }

  toJSON(): APISelectMenuOption {
    const out = { ...this.data } as Record<string, unknown>;
    if (this.data.emoji !== undefined) out.emoji = { ...(this.data.emoji as object) };
    return out as unknown as APISelectMenuOption;
  }

  static fromJSON(json: APISelectMenuOption): SelectOption {
    return new SelectOption(clone(json) as SelectOptionData);
  }
}
