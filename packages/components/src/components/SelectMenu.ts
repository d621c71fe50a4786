import type { APISelectMenuOption, APIStringSelectComponent } from 'discord-api-types/v10';
import { type ComponentLike, clone, copyUnknown, moreKeysThan, resolve } from './ComponentBuilder.js';
import { SelectBuilder, type SelectCommonData } from './SelectBuilder.js';
import { SelectOption, type SelectOptionData } from './SelectOption.js';

export interface SelectMenuData extends SelectCommonData {
  options?: (SelectOption | APISelectMenuOption)[];
}

const KNOWN: ReadonlySet<string> = new Set(['type', 'custom_id', 'options', 'placeholder', 'min_values', 'max_values', 'disabled', 'required', 'id']);

/** A string select (type 3), the seed's `SelectMenu`. */
export class SelectMenu extends SelectBuilder<APIStringSelectComponent> {
  declare readonly data: Omit<SelectMenuData, 'options'> & { options: (SelectOption | APISelectMenuOption)[] };
  /**
   * Whether the constructor found fields outside the known ones (a newer Discord's, or fromJSON's): only then
   * does toJSON look past the known fields, which saves a key scan per builder. Fields set later go through
   * setters or `data`, whose type admits only known ones.
   */
  declare private readonly unknownFields: boolean;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'messageRow', root: 'select' } as const;
  }

  constructor(data: SelectMenuData = {}) {
    super();
    // Field by field: see moreKeysThan.
    const d = { options: data.options === undefined ? [] : [...data.options] } as SelectMenu['data'];
    let n = data.options === undefined ? 0 : 1;
    if (data.custom_id !== undefined) (d.custom_id = data.custom_id), n++;
    if (data.placeholder !== undefined) (d.placeholder = data.placeholder), n++;
    if (data.min_values !== undefined) (d.min_values = data.min_values), n++;
    if (data.max_values !== undefined) (d.max_values = data.max_values), n++;
    if (data.disabled !== undefined) (d.disabled = data.disabled), n++;
    if (data.required !== undefined) (d.required = data.required), n++;
    if (data.id !== undefined) (d.id = data.id), n++;
    this.unknownFields = moreKeysThan(data, n);
    if (this.unknownFields) copyUnknown(d as unknown as Record<string, unknown>, data, KNOWN);
    this.data = d;
  }







  addOptions(...options: (SelectOption | SelectOptionData | APISelectMenuOption)[]): this {
    const list = this.data.options;
    for (let i = 0; i < options.length; i++) {
      const o = options[i]!;
      list.push(o instanceof SelectOption ? o : new SelectOption(o as SelectOptionData));
    }
    return this;
  }


  toJSONUnchecked(): APIStringSelectComponent {
    const options = this.data.options;
    const json: APISelectMenuOption[] = new Array(options.length);
    for (let i = 0; i < options.length; i++) {
      const o = options[i]!;
      json[i] = o instanceof SelectOption ? o.toJSON() : resolve(o as ComponentLike<APISelectMenuOption>);
    }
    // Field by field, not `{ type: 3, ...data }` (V8's slow spread path).
    const d = this.data;
    const out: Record<string, unknown> = { type: 3 };
    if (d.custom_id !== undefined) out.custom_id = d.custom_id;
    out.options = json;
    if (d.placeholder !== undefined) out.placeholder = d.placeholder;
    if (d.min_values !== undefined) out.min_values = d.min_values;
    if (d.max_values !== undefined) out.max_values = d.max_values;
    if (d.disabled !== undefined) out.disabled = d.disabled;
    if (d.required !== undefined) out.required = d.required;
    if (d.id !== undefined) out.id = d.id;
    if (this.unknownFields) copyUnknown(out, d, KNOWN);
    return out as unknown as APIStringSelectComponent;
  }

  static fromJSON(json: APIStringSelectComponent): SelectMenu {
    const { type: _t, options, ...rest } = json;
    return new SelectMenu({ ...(clone(rest) as SelectMenuData), options: (options ?? []).map((o) => SelectOption.fromJSON(o)) });
  }
}
