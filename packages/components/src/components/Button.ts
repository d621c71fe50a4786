import type { APIButtonComponent, ButtonStyle } from 'discord-api-types/v10';
import { ComponentBuilder, clone, compact } from './ComponentBuilder.js';
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


/** A button (type 2). `new Button({ label: "Yes", custom_id: "yes", style: "success" })`. */
export class Button extends ComponentBuilder<APIButtonComponent> {
  /** Discord-shaped fields; `style` may still be a name until toJSON. */
  readonly data: ButtonData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'messageRow', root: 'button' } as const;
  }

  constructor(data: ButtonData = {}) {
    super();
    this.data = compact(data);
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
    // Spread copies the flat fields in one step; only the emoji is a nested object.
    const out = { type: 2, ...d } as Record<string, unknown>;
    out.style = lookupEnum('buttonStyle', style) ?? style;
    if (d.emoji !== undefined) out.emoji = { ...(d.emoji as object) };
    return out as unknown as APIButtonComponent;
  }

  static fromJSON(json: APIButtonComponent): Button {
    const { type: _t, ...rest } = json as APIButtonComponent & Record<string, unknown>;
    return new Button(clone(rest) as ButtonData);
  }
}
