import type { APIComponentInLabel, APILabelComponent } from 'discord-api-types/v10';
import { ComponentBuilder, type ComponentLike, putAll, resolve } from './ComponentBuilder.js';
import { componentFromJSON } from './fromJSON.js';

const SKIP: ReadonlySet<string> = new Set(['type', 'component']);

export interface LabelData {
  label?: string;
  description?: string;
  component?: ComponentLike<APIComponentInLabel>;
  id?: number;
}

/** A modal label (type 18) wrapping one input: text input, select, file upload, radio or checkbox. */
export class Label extends ComponentBuilder<APILabelComponent> {
  readonly data: LabelData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'modal', place: 'modal', root: 'label' } as const;
  }

  constructor(data: LabelData = {}) {
    super();
    this.data = { ...data };
  }

  setLabel(label: string): this {
    this.data.label = label;
    return this;
  }

  setDescription(description: string): this {
    this.data.description = description;
    return this;
  }

  setComponent(component: ComponentLike<APIComponentInLabel>): this {
    this.data.component = component;
    return this;
  }

  toJSONUnchecked(): APILabelComponent {
    const d = this.data;
    const out: Record<string, unknown> = { type: 18 };
    putAll(out, d, SKIP);
    if (d.component !== undefined) out.component = resolve(d.component);
    return out as unknown as APILabelComponent;
  }

  static fromJSON(json: APILabelComponent): Label {
    const { type: _t, component, ...rest } = json;
    const data: LabelData = { ...rest };
    if (component !== undefined) data.component = componentFromJSON(component) as ComponentBuilder<APIComponentInLabel>;
    return new Label(data);
  }
}
