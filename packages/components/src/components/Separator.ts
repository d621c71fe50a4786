import type { APISeparatorComponent, SeparatorSpacingSize } from 'discord-api-types/v10';
import { ComponentBuilder, putAll } from './ComponentBuilder.js';
import { type SeparatorSpacingName, lookupEnum } from './enums.js';

const TYPE: ReadonlySet<string> = new Set(['type']);

export interface SeparatorData {
  divider?: boolean;
  /** `"small" | "large"` or 1 / 2. */
  spacing?: SeparatorSpacingName | SeparatorSpacingSize;
  id?: number;
}

/** Vertical space with an optional line (type 14). */
export class Separator extends ComponentBuilder<APISeparatorComponent> {
  readonly data: SeparatorData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'container', root: 'separator' } as const;
  }
  constructor(data: SeparatorData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APISeparatorComponent {
    const d = this.data;
    const out: Record<string, unknown> = { type: 14 };
    putAll(out, d, TYPE);
    if (d.spacing !== undefined) out.spacing = lookupEnum('separatorSpacing', d.spacing) ?? d.spacing;
    return out as unknown as APISeparatorComponent;
  }
  static fromJSON(json: APISeparatorComponent): Separator {
    const { type: _t, ...rest } = json;
    return new Separator(rest);
  }
}
