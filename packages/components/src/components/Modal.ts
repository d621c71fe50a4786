import type { APIComponentInActionRow, APIModalInteractionResponseCallbackData, APIModalInteractionResponseCallbackComponent } from 'discord-api-types/v10';
import { ValidationError, type ValidationIssue } from '../errors/ValidationError.js';
import { type ComponentLike, ComponentBuilder, resolve } from './ComponentBuilder.js';
import { componentFromJSON } from './fromJSON.js';
import type { ActionRow } from './ActionRow.js';
import { Label } from './Label.js';
import { TextInput, copyTextInputData } from './TextInput.js';
import { isValidationEnabled, validateModal } from './validation.js';

export interface ModalData {
  title?: string;
  custom_id?: string;
  /** Top-level components: Label, Text Display, or a legacy action row holding one text input. */
  components?: (ComponentLike<APIModalInteractionResponseCallbackComponent> | ActionRow<APIComponentInActionRow>)[];
  /**
   * The seed's `fields=[TextInput(...)]`: each text input is wrapped in a Label carrying its label (the
   * current form; action rows in modals are deprecated since 2025-08-25).
   */
  fields?: TextInput[];
}

/** A modal (interaction callback type 9's `data`). */
export class Modal {
  title: string | undefined;
  custom_id: string | undefined;
  readonly components: (ComponentLike<APIModalInteractionResponseCallbackComponent> | ActionRow<APIComponentInActionRow>)[];

  constructor(data: ModalData = {}) {
    this.title = data.title;
    this.custom_id = data.custom_id;
    this.components = [...(data.components ?? [])];
    for (const f of data.fields ?? []) this.addField(f);
  }

  setTitle(title: string): this {
    this.title = title;
    return this;
  }

  setCustomId(customId: string): this {
    this.custom_id = customId;
    return this;
  }

  addComponents(...components: (ComponentLike<APIModalInteractionResponseCallbackComponent> | ActionRow<APIComponentInActionRow>)[]): this {
    this.components.push(...components);
    return this;
  }

  /** Wraps a labelled text input in a Label; the input itself loses its (deprecated) label. */
  addField(input: TextInput): this {
    const label = input.data.label;
    const inner = new TextInput(copyTextInputData(input.data, false));
    const wrapped = new Label(label === undefined ? { component: inner } : { label, component: inner });
    this.components.push(wrapped);
    return this;
  }

  toJSONUnchecked(): APIModalInteractionResponseCallbackData {
    const out: Record<string, unknown> = {};
    if (this.title !== undefined) out.title = this.title;
    if (this.custom_id !== undefined) out.custom_id = this.custom_id;
    const list = this.components;
    const json: APIModalInteractionResponseCallbackComponent[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) json[i] = resolve(list[i] as ComponentLike<APIModalInteractionResponseCallbackComponent>);
    out.components = json;
    return out as unknown as APIModalInteractionResponseCallbackData;
  }

  validate(): ValidationIssue[] {
    return validateModal(this.toJSONUnchecked());
  }

  toJSON(validate: boolean = isValidationEnabled()): APIModalInteractionResponseCallbackData {
    const json = this.toJSONUnchecked();
    if (validate) {
      const issues = validateModal(json);
      if (issues.length > 0) throw new ValidationError(issues, { subject: 'invalid modal' });
    }
    return json;
  }

  static fromJSON(json: APIModalInteractionResponseCallbackData): Modal {
    return new Modal({
      title: json.title,
      custom_id: json.custom_id,
      components: (json.components ?? []).map((c) => componentFromJSON(c) as ComponentBuilder<APIModalInteractionResponseCallbackComponent>),
    });
  }
}
