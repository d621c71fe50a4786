import type { APIButtonComponent, ButtonStyle } from 'discord-api-types/v10';
import { ComponentBuilder, putAll } from './ComponentBuilder.js';
import { type EmojiLike, toEmoji } from './emoji.js';
import { type ButtonStyleName, lookupEnum } from './enums.js';

export interface ButtonData {
  /** `"primary" | "secondary" | "success" | "danger" | "link" | "premium"` or the number. Defaults to `"link"` with a url, `"primary"` otherwise. */
  style?: ButtonStyleName | ButtonStyle;
  label?: string;
  custom_id?: string;
  url?: string;
  sku_id?: string;
  emoji?: EmojiLike;
  disabled?: boolean;
  id?: number;
}

const SKIP: ReadonlySet<string> = new Set(['style', 'type']);

/** A button (type 2). `new Button({ label: "Yes", custom_id: "yes", style: "success" })`. */
export class Button extends ComponentBuilder<APIButtonComponent> {
  readonly data: ButtonData;
  protected readonly placement = { surface: 'message', place: 'messageRow', root: 'button' } as const;

  constructor(data: ButtonData = {}) {
    super();
    this.data = { ...data };
    if (data.emoji !== undefined) this.data.emoji = toEmoji(data.emoji);
  }

  setStyle(style: ButtonStyleName | ButtonStyle): this {
    this.data.style = style;
    return this;
  }

  setLabel(label: string): this {
    this.data.label = label;
    return this;
  }

  setCustomId(customId: string): this {
    this.data.custom_id = customId;
    return this;
  }

  setURL(url: string): this {
    this.data.url = url;
    return this;
  }

  setSkuId(skuId: string): this {
    this.data.sku_id = skuId;
    return this;
  }

  setEmoji(emoji: EmojiLike): this {
    this.data.emoji = toEmoji(emoji);
    return this;
  }

  setDisabled(disabled = true): this {
    this.data.disabled = disabled;
    return this;
  }

  setId(id: number): this {
    this.data.id = id;
    return this;
  }

  toJSONUnchecked(): APIButtonComponent {
    const d = this.data;
    const style = d.style ?? (d.url !== undefined ? 'link' : 'primary');
    const out: Record<string, unknown> = { type: 2, style: lookupEnum('buttonStyle', style) ?? style };
    putAll(out, d, SKIP);
    return out as unknown as APIButtonComponent;
  }

  static fromJSON(json: APIButtonComponent): Button {
    const { type: _t, ...rest } = json as APIButtonComponent & Record<string, unknown>;
    return new Button(rest as ButtonData);
  }
}
