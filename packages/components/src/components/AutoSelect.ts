import type {
  APISelectMenuDefaultValue,
  SelectMenuDefaultValueType,
} from 'discord-api-types/v10';
import { putAll } from './ComponentBuilder.js';
import { SelectBuilder, type SelectCommonData } from './SelectBuilder.js';

export interface AutoSelectData<D extends SelectMenuDefaultValueType> extends SelectCommonData {
  default_values?: APISelectMenuDefaultValue<D>[];
}

const SKIP: ReadonlySet<string> = new Set(['type']);

/** Shared by the four selects Discord fills itself (users, roles, mentionables, channels). */
export abstract class AutoSelect<J, D extends SelectMenuDefaultValueType, Data extends AutoSelectData<D>> extends SelectBuilder<J> {
  protected abstract readonly type: 5 | 6 | 7 | 8;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'messageRow', root: 'select' } as const;
  }
  readonly data: Data;

  constructor(data: Data) {
    super();
    this.data = { ...data };
  }






  /** Snowflakes stay strings: `Number()` would lose precision past 2^53. */
  addDefaultValues(...values: APISelectMenuDefaultValue<D>[]): this {
    this.data.default_values = [...(this.data.default_values ?? []), ...values];
    return this;
  }

  toJSONUnchecked(): J {
    const out: Record<string, unknown> = { type: this.type };
    putAll(out, this.data, SKIP);
    return out as J;
  }
}

