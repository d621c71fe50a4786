import type { APISectionAccessoryComponent, APISectionComponent, APITextDisplayComponent } from 'discord-api-types/v10';
import { ComponentBuilder, type ComponentLike, clone, putAll, resolve } from './ComponentBuilder.js';
import { componentFromJSON } from './fromJSON.js';

export interface SectionData {
  /** 1–3 Text Displays; plain strings become Text Displays. */
  components?: (ComponentLike<APITextDisplayComponent> | string)[];
  accessory?: ComponentLike<APISectionAccessoryComponent>;
  id?: number;
}

const SECTION_SKIP: ReadonlySet<string> = new Set(['type', 'components', 'accessory']);

/** A section (type 9): 1–3 Text Displays beside a button or thumbnail. */
export class Section extends ComponentBuilder<APISectionComponent> {
  readonly data: SectionData & { components: (ComponentLike<APITextDisplayComponent> | string)[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'container', root: 'section' } as const;
  }
  constructor(data: SectionData = {}) {
    super();
    this.data = { ...data, components: [...(data.components ?? [])] };
  }
  setAccessory(accessory: ComponentLike<APISectionAccessoryComponent>): this {
    this.data.accessory = accessory;
    return this;
  }
  addTextDisplays(...texts: (ComponentLike<APITextDisplayComponent> | string)[]): this {
    this.data.components.push(...texts);
    return this;
  }
  toJSONUnchecked(): APISectionComponent {
    const out: Record<string, unknown> = { type: 9 };
    putAll(out, this.data, SECTION_SKIP);
    out.components = this.data.components.map((t) => (typeof t === 'string' ? { type: 10, content: t } : resolve(t)));
    if (this.data.accessory !== undefined) out.accessory = resolve(this.data.accessory);
    return out as unknown as APISectionComponent;
  }
  static fromJSON(json: APISectionComponent): Section {
    const { type: _t, components: _c, accessory: _a, ...rest } = json;
    const data: SectionData = {
      ...clone(rest),
      components: (json.components ?? []).map((c) => componentFromJSON(c) as ComponentBuilder<APITextDisplayComponent>),
    };
    if (json.accessory !== undefined) data.accessory = componentFromJSON(json.accessory) as ComponentBuilder<APISectionAccessoryComponent>;
    return new Section(data);
  }
}
