import type {
  APISelectMenuDefaultValue,
  SelectMenuDefaultValueType,
} from 'discord-api-types/v10';
import { ComponentBuilder, putAll } from './ComponentBuilder.js';

export interface AutoSelectData<D extends SelectMenuDefaultValueType> {
  custom_id?: string;
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  disabled?: boolean;
  required?: boolean;
  default_values?: APISelectMenuDefaultValue<D>[];
  id?: number;
}

const SKIP: ReadonlySet<string> = new Set(['type']);

/** Shared by the four selects Discord fills itself (users, roles, mentionables, channels). */
export abstract class AutoSelect<J, D extends SelectMenuDefaultValueType, Data extends AutoSelectData<D>> extends ComponentBuilder<J> {
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

  setCustomId(customId: string): this {
    this.data.custom_id = customId;
    return this;
  }

  setPlaceholder(placeholder: string): this {
    this.data.placeholder = placeholder;
    return this;
  }

  setMinValues(n: number): this {
    this.data.min_values = n;
    return this;
  }

  setMaxValues(n: number): this {
    this.data.max_values = n;
    return this;
  }

  setDisabled(disabled = true): this {
    this.data.disabled = disabled;
    return this;
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

