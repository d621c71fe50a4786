import type { APITextInputComponent, TextInputStyle } from 'discord-api-types/v10';
import { ComponentBuilder, putAll } from './ComponentBuilder.js';
import { type TextInputStyleName, lookupEnum } from './enums.js';

export interface TextInputData {
  custom_id?: string;
  /** `"short" | "paragraph"` or the number; defaults to `"short"`. */
  style?: TextInputStyleName | TextInputStyle;
  /** Required in a modal action row; moved to the wrapping Label when a Modal builds it. */
  label?: string;
  placeholder?: string;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  value?: string;
  id?: number;
}

const SKIP: ReadonlySet<string> = new Set(['style', 'type']);

/** A text input (type 4), the seed's `TextInput`. */
export class TextInput extends ComponentBuilder<APITextInputComponent> {
  readonly data: TextInputData;

  constructor(data: TextInputData = {}) {
    super();
    this.data = { ...data };
  }

  protected get placement() {
    // With its own label it is a legacy row input; without, it belongs inside a Label.
    return { surface: 'modal', place: this.data.label === undefined ? 'label' : 'modalRow', root: 'text_input' } as const;
  }

  setCustomId(customId: string): this {
    this.data.custom_id = customId;
    return this;
  }

  setStyle(style: TextInputStyleName | TextInputStyle): this {
    this.data.style = style;
    return this;
  }

  setLabel(label: string): this {
    this.data.label = label;
    return this;
  }

  setPlaceholder(placeholder: string): this {
    this.data.placeholder = placeholder;
    return this;
  }

  setRequired(required = true): this {
    this.data.required = required;
    return this;
  }

  setMinLength(n: number): this {
    this.data.min_length = n;
    return this;
  }

  setMaxLength(n: number): this {
    this.data.max_length = n;
    return this;
  }

  setValue(value: string): this {
    this.data.value = value;
    return this;
  }

  toJSONUnchecked(): APITextInputComponent {
    const style = this.data.style ?? 'short';
    const out: Record<string, unknown> = { type: 4, style: lookupEnum('textInputStyle', style) ?? style };
    putAll(out, this.data, SKIP);
    return out as unknown as APITextInputComponent;
  }

  static fromJSON(json: APITextInputComponent): TextInput {
    const { type: _t, ...rest } = json;
    return new TextInput(rest as TextInputData);
  }
}
