import type { APICheckboxComponent } from 'discord-api-types/v10';
import { ComponentBuilder, putAll, withoutType } from './ComponentBuilder.js';

const SKIP: ReadonlySet<string> = new Set(['type']);


export interface CheckboxData {
  custom_id?: string;
  default?: boolean;
  id?: number;
}

/** A single yes/no box (type 23); it has no `required`. */
export class Checkbox extends ComponentBuilder<APICheckboxComponent> {
  readonly data: CheckboxData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'modal', place: 'label', root: 'checkbox' } as const;
  }
  constructor(data: CheckboxData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APICheckboxComponent {
    const out: Record<string, unknown> = { type: 23 };
    putAll(out, this.data, SKIP);
    return out as unknown as APICheckboxComponent;
  }
  static fromJSON(json: APICheckboxComponent): Checkbox {
    return new Checkbox(withoutType(json));
  }
}
