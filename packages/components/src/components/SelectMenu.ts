import type { APISelectMenuOption, APIStringSelectComponent } from 'discord-api-types/v10';
import { ComponentBuilder, type ComponentLike, clone, compact, resolve } from './ComponentBuilder.js';
import { SelectOption, type SelectOptionData } from './SelectOption.js';

export interface SelectMenuData {
  custom_id?: string;
  options?: (SelectOption | APISelectMenuOption)[];
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  disabled?: boolean;
  /** Modal only. */
  required?: boolean;
  id?: number;
}


/** A string select (type 3), the seed's `SelectMenu`. */
export class SelectMenu extends ComponentBuilder<APIStringSelectComponent> {
  readonly data: Omit<SelectMenuData, 'options'> & { options: (SelectOption | APISelectMenuOption)[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'messageRow', root: 'select' } as const;
  }

  constructor(data: SelectMenuData = {}) {
    super();
    this.data = compact(data) as SelectMenu['data'];
    this.data.options = data.options === undefined ? [] : [...data.options];
  }

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

  addOptions(...options: (SelectOption | SelectOptionData | APISelectMenuOption)[]): this {
    for (const o of options) this.data.options.push(o instanceof SelectOption ? o : new SelectOption(o as SelectOptionData));
    return this;
  }

  setId(id: number): this {
    this.data.id = id;
    return this;
  }

  toJSONUnchecked(): APIStringSelectComponent {
    const options = this.data.options;
    const json: APISelectMenuOption[] = new Array(options.length);
    for (let i = 0; i < options.length; i++) {
      const o = options[i]!;
      json[i] = o instanceof SelectOption ? o.toJSON() : resolve(o as ComponentLike<APISelectMenuOption>);
    }
    const out = { type: 3, ...this.data, options: json } as Record<string, unknown>;
    return out as unknown as APIStringSelectComponent;
  }

  static fromJSON(json: APIStringSelectComponent): SelectMenu {
    const { type: _t, options, ...rest } = json;
    return new SelectMenu({ ...(clone(rest) as SelectMenuData), options: (options ?? []).map((o) => SelectOption.fromJSON(o)) });
  }
}
