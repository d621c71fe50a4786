import type { APIRadioGroupComponent, APIRadioGroupOption } from 'discord-api-types/v10';
import { ComponentBuilder, putAll, withoutType } from './ComponentBuilder.js';

const SKIP: ReadonlySet<string> = new Set(['type']);


export interface RadioGroupData {
  custom_id?: string;
  /** 2–10 options; at most one `default`. */
  options?: APIRadioGroupOption[];
  required?: boolean;
  id?: number;
}

/** Pick exactly one (type 21). */
export class RadioGroup extends ComponentBuilder<APIRadioGroupComponent> {
  readonly data: RadioGroupData & { options: APIRadioGroupOption[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'modal', place: 'label', root: 'radio_group' } as const;
  }
  constructor(data: RadioGroupData = {}) {
    super();
    this.data = { ...data, options: [...(data.options ?? [])] };
  }
  addOptions(...options: APIRadioGroupOption[]): this {
    this.data.options.push(...options);
    return this;
  }
  toJSONUnchecked(): APIRadioGroupComponent {
    const out: Record<string, unknown> = { type: 21 };
    putAll(out, this.data, SKIP);
    return out as unknown as APIRadioGroupComponent;
  }
  static fromJSON(json: APIRadioGroupComponent): RadioGroup {
    return new RadioGroup(withoutType(json));
  }
}
