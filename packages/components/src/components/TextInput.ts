import type { APITextInputComponent, TextInputStyle } from 'discord-api-types/v10';
import { ComponentBuilder, copyUnknown, moreKeysThan } from './ComponentBuilder.js';
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

const KNOWN: ReadonlySet<string> = new Set(['type', 'custom_id', 'style', 'label', 'placeholder', 'required', 'min_length', 'max_length', 'value', 'id']);

/**
 * A copy of the defined fields, field by field (see moreKeysThan), with or without `label` (a Modal moves it
 * to the wrapping Label). Unknown fields are kept.
 */
export function copyTextInputData(data: TextInputData, withLabel: boolean): TextInputData {
  const d: TextInputData = {};
  let n = 0;
  if (data.custom_id !== undefined) (d.custom_id = data.custom_id), n++;
  if (data.style !== undefined) (d.style = data.style), n++;
  if (data.label !== undefined) (withLabel ? (d.label = data.label) : undefined), n++;
  if (data.placeholder !== undefined) (d.placeholder = data.placeholder), n++;
  if (data.required !== undefined) (d.required = data.required), n++;
  if (data.min_length !== undefined) (d.min_length = data.min_length), n++;
  if (data.max_length !== undefined) (d.max_length = data.max_length), n++;
  if (data.value !== undefined) (d.value = data.value), n++;
  if (data.id !== undefined) (d.id = data.id), n++;
  if (moreKeysThan(data, n)) copyUnknown(d as Record<string, unknown>, data, KNOWN);
  return d;
}

/** A text input (type 4), the seed's `TextInput`. */
export class TextInput extends ComponentBuilder<APITextInputComponent> {
  declare readonly data: TextInputData;

  constructor(data: TextInputData = {}) {
    super();
    this.data = copyTextInputData(data, true);
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
    const out: Record<string, unknown> = { type: 4, style: typeof style === 'number' ? style : (lookupEnum('textInputStyle', style) ?? style) };
    // Field by field (see moreKeysThan); every known field is a primitive.
    const d = this.data;
    let n = d.style === undefined ? 0 : 1;
    if (d.custom_id !== undefined) (out.custom_id = d.custom_id), n++;
    if (d.label !== undefined) (out.label = d.label), n++;
    if (d.placeholder !== undefined) (out.placeholder = d.placeholder), n++;
    if (d.required !== undefined) (out.required = d.required), n++;
    if (d.min_length !== undefined) (out.min_length = d.min_length), n++;
    if (d.max_length !== undefined) (out.max_length = d.max_length), n++;
    if (d.value !== undefined) (out.value = d.value), n++;
    if (d.id !== undefined) (out.id = d.id), n++;
    if (moreKeysThan(d, n)) copyUnknown(out, d, KNOWN, true);
    return out as unknown as APITextInputComponent;
  }

  static fromJSON(json: APITextInputComponent): TextInput {
    const { type: _t, ...rest } = json;
    return new TextInput(rest as TextInputData);
  }
}
