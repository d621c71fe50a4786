import type { APICheckboxGroupComponent, APICheckboxGroupOption } from 'discord-api-types/v10';
import { ComponentBuilder, putAll, withoutType } from './ComponentBuilder.js';

const SKIP: ReadonlySet<string> = new Set(['type']);


export interface CheckboxGroupData {
  custom_id?: string;
  /** 1–10 options. */
  options?: APICheckboxGroupOption[];
  min_values?: number;
  max_values?: number;
  required?: boolean;
  id?: number;
}

/** Pick several (type 22). */
export class CheckboxGroup extends ComponentBuilder<APICheckboxGroupComponent> {
  readonly data: CheckboxGroupData & { options: APICheckboxGroupOption[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'modal', place: 'label', root: 'checkbox_group' } as const;
  }
  constructor(data: CheckboxGroupData = {}) {
    super();
    this.data = { ...data, options: [...(data.options ?? [])] };
  }
  addOptions(...options: APICheckboxGroupOption[]): this {
    this.data.options.push(...options);
    return this;
  }
  toJSONUnchecked(): APICheckboxGroupComponent {
    const out: Record<string, unknown> = { type: 22 };
    putAll(out, this.data, SKIP);
    return out as unknown as APICheckboxGroupComponent;
  }
  static fromJSON(json: APICheckboxGroupComponent): CheckboxGroup {
    return new CheckboxGroup(withoutType(json));
  }
}
