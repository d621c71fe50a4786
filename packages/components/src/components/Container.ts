import type { APIComponentInActionRow, APIComponentInContainer, APIContainerComponent } from 'discord-api-types/v10';
import type { ActionRow } from './ActionRow.js';
import { ComponentBuilder, type ComponentLike, putAll, resolve } from './ComponentBuilder.js';
import { componentFromJSON } from './fromJSON.js';

export interface ContainerData {
  components?: (ComponentLike<APIComponentInContainer> | ActionRow<APIComponentInActionRow>)[];
  /** 0x000000–0xFFFFFF. */
  accent_color?: number | null;
  spoiler?: boolean;
  id?: number;
}

const CONTAINER_SKIP: ReadonlySet<string> = new Set(['type', 'components']);

/** A box around other components (type 17), with an optional accent colour. */
export class Container extends ComponentBuilder<APIContainerComponent> {
  readonly data: ContainerData & { components: (ComponentLike<APIComponentInContainer> | ActionRow<APIComponentInActionRow>)[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'message', root: 'container' } as const;
  }
  constructor(data: ContainerData = {}) {
    super();
    this.data = { ...data, components: [...(data.components ?? [])] };
  }
  addComponents(...components: (ComponentLike<APIComponentInContainer> | ActionRow<APIComponentInActionRow>)[]): this {
    this.data.components.push(...components);
    return this;
  }
  setAccentColor(color: number | null): this {
    this.data.accent_color = color;
    return this;
  }
  toJSONUnchecked(): APIContainerComponent {
    const d = this.data;
    const out: Record<string, unknown> = { type: 17 };
    putAll(out, d, CONTAINER_SKIP);
    out.components = d.components.map((c) => resolve(c as ComponentLike<APIComponentInContainer>));
    return out as unknown as APIContainerComponent;
  }
  static fromJSON(json: APIContainerComponent): Container {
    const { type: _t, components, ...rest } = json;
    return new Container({ ...rest, components: (components ?? []).map((c) => componentFromJSON(c) as ComponentBuilder<APIComponentInContainer>) });
  }
}
