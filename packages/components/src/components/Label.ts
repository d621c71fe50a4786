import type { APIComponentInLabel, APILabelComponent } from 'discord-api-types/v10';
import { ComponentBuilder, type ComponentLike, clone, copyUnknown, moreKeysThan } from './ComponentBuilder.js';
import { componentFromJSON } from './fromJSON.js';

const KNOWN: ReadonlySet<string> = new Set(['type', 'label', 'description', 'component', 'id']);

export interface LabelData {
  label?: string;
  description?: string;
  component?: ComponentLike<APIComponentInLabel>;
  id?: number;
}

/** A modal label (type 18) wrapping one input: text input, select, file upload, radio or checkbox. */
export class Label extends ComponentBuilder<APILabelComponent> {
  declare readonly data: LabelData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'modal', place: 'modal', root: 'label' } as const;
  }

  constructor(data: LabelData = {}) {
    super();
    // Field by field: see moreKeysThan.
    const d: LabelData = {};
    let n = 0;
    if (data.label !== undefined) (d.label = data.label), n++;
    if (data.description !== undefined) (d.description = data.description), n++;
    if (data.component !== undefined) (d.component = data.component), n++;
    if (data.id !== undefined) (d.id = data.id), n++;
    if (moreKeysThan(data, n)) copyUnknown(d as Record<string, unknown>, data, KNOWN);
    this.data = d;
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
    let n = 0;
    if (d.id !== undefined) (out.id = d.id), n++;
    if (d.label !== undefined) (out.label = d.label), n++;
    if (d.description !== undefined) (out.description = d.description), n++;
    const c = d.component;
    // resolve() inlined: this call site then sees only what labels hold, not every builder type.
    if (c !== undefined) (out.component = c instanceof ComponentBuilder ? c.toJSONUnchecked() : clone(c)), n++;
    if (moreKeysThan(d, n)) copyUnknown(out, d, KNOWN, true);
    return out as unknown as APILabelComponent;
  }

  static fromJSON(json: APILabelComponent): Label {
    const { type: _t, component, ...rest } = json;
    const data: LabelData = { ...rest };
    if (component !== undefined) data.component = componentFromJSON(component) as ComponentBuilder<APIComponentInLabel>;
    return new Label(data);
  }
}
