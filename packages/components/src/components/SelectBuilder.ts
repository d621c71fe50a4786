import { ComponentBuilder } from './ComponentBuilder.js';

/** The fields every select kind shares (string, user, role, mentionable, channel). */
export interface SelectCommonData {
  custom_id?: string;
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  disabled?: boolean;
  /** Modal only. */
  required?: boolean;
  id?: number;
}

/** The setters every select kind shares; each subclass owns `data` and how it becomes JSON. */
export abstract class SelectBuilder<J> extends ComponentBuilder<J> {
  abstract readonly data: SelectCommonData;

  setCustomId(customId: string): this {
    this.data.custom_id = customId;
    return this;
  }

  setPlaceholder(placeholder: string): this {
    this.data.placeholder = placeholder;
    return this;
  }

  setMinValues(n: number): this {
    this.data.min_values = n;
    return this;
  }

  setMaxValues(n: number): this {
    this.data.max_values = n;
    return this;
  }

  setDisabled(disabled = true): this {
    this.data.disabled = disabled;
    return this;
  }

  setRequired(required = true): this {
    this.data.required = required;
    return this;
  }

  setId(id: number): this {
    this.data.id = id;
    return this;
  }
}
