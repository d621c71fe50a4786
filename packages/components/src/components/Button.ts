import type { APIButtonComponent, ButtonStyle } from 'discord-api-types/v10';
import { ComponentBuilder, clone, copyUnknown, moreKeysThan } from './ComponentBuilder.js';
import { type EmojiLike, toEmoji } from './emoji.js';
import { BUTTON_STYLE_BY_NAME, type ButtonStyleName } from './enums.js';

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

// `type` counts as known so an input's stray `type` never overrides 2.
const KNOWN: ReadonlySet<string> = new Set(['type', 'style', 'label', 'custom_id', 'url', 'sku_id', 'emoji', 'disabled', 'id']);

/** A button (type 2). `new Button({ label: "Yes", custom_id: "yes", style: "success" })`. */
export class Button extends ComponentBuilder<APIButtonComponent> {
  /** Discord-shaped fields; `style` may still be a name until toJSON. */
  // Declared, assigned in the constructor (here and in the other hot builders): a class field would run an
  // initializer per builder.
  declare readonly data: ButtonData;
  /**
   * Whether the constructor found fields outside the known ones (a newer Discord's, or fromJSON's): only then
   * does toJSON look past the known fields, which saves a key scan per builder. Fields set later go through
   * setters or `data`, whose type admits only known ones.
   */
  declare private readonly unknownFields: boolean;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'messageRow', root: 'button' } as const;
  }

  constructor(data: ButtonData = {}) {
    super();
    // Field by field (see moreKeysThan): the data object gets one hidden class per set of fields.
    const d: ButtonData = {};
    let n = 0;
    if (data.style !== undefined) (d.style = data.style), n++;
    if (data.label !== undefined) (d.label = data.label), n++;
    if (data.custom_id !== undefined) (d.custom_id = data.custom_id), n++;
    if (data.url !== undefined) (d.url = data.url), n++;
    if (data.sku_id !== undefined) (d.sku_id = data.sku_id), n++;
    if (data.emoji !== undefined) (d.emoji = toEmoji(data.emoji)), n++;
    if (data.disabled !== undefined) (d.disabled = data.disabled), n++;
    if (data.id !== undefined) (d.id = data.id), n++;
    this.unknownFields = moreKeysThan(data, n);
    if (this.unknownFields) copyUnknown(d as Record<string, unknown>, data, KNOWN);
    this.data = d;
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
    // Field by field, not `{ type: 2, ...d }` (V8's slow spread path); only the emoji is a nested object.
    const out: Record<string, unknown> = { type: 2, style: typeof style === 'number' ? style : (BUTTON_STYLE_BY_NAME.get(style) ?? style) };
    if (d.label !== undefined) out.label = d.label;
    if (d.custom_id !== undefined) out.custom_id = d.custom_id;
    if (d.url !== undefined) out.url = d.url;
    if (d.sku_id !== undefined) out.sku_id = d.sku_id;
    if (d.emoji !== undefined) out.emoji = { ...(d.emoji as object) };
    if (d.disabled !== undefined) out.disabled = d.disabled;
    if (d.id !== undefined) out.id = d.id;
    if (this.unknownFields) copyUnknown(out, d, KNOWN);
    return out as unknown as APIButtonComponent;
  }

  static fromJSON(json: APIButtonComponent): Button {
    const { type: _t, ...rest } = json as APIButtonComponent & Record<string, unknown>;
    return new Button(clone(rest) as ButtonData);
  }
}
