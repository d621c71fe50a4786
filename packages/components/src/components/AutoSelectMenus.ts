import type {
  APIChannelSelectComponent,
  APIMentionableSelectComponent,
  APIRoleSelectComponent,
  APISelectMenuDefaultValue,
  APIUserSelectComponent,
  ChannelType,
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
abstract class AutoSelect<J, D extends SelectMenuDefaultValueType, Data extends AutoSelectData<D>> extends ComponentBuilder<J> {
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

function strip<T extends { type: number }>(json: T): Omit<T, 'type'> {
  const { type: _t, ...rest } = json;
  return rest;
}

/** A user select (type 5). */
export class UserSelect extends AutoSelect<APIUserSelectComponent, SelectMenuDefaultValueType.User, AutoSelectData<SelectMenuDefaultValueType.User>> {
  protected readonly type = 5;
  constructor(data: AutoSelectData<SelectMenuDefaultValueType.User> = {}) {
    super(data);
  }
  static fromJSON(json: APIUserSelectComponent): UserSelect {
    return new UserSelect(strip(json) as AutoSelectData<SelectMenuDefaultValueType.User>);
  }
}

/** A role select (type 6). */
export class RoleSelect extends AutoSelect<APIRoleSelectComponent, SelectMenuDefaultValueType.Role, AutoSelectData<SelectMenuDefaultValueType.Role>> {
  protected readonly type = 6;
  constructor(data: AutoSelectData<SelectMenuDefaultValueType.Role> = {}) {
    super(data);
  }
  static fromJSON(json: APIRoleSelectComponent): RoleSelect {
    return new RoleSelect(strip(json) as AutoSelectData<SelectMenuDefaultValueType.Role>);
  }
}

type Mentionable = SelectMenuDefaultValueType.Role | SelectMenuDefaultValueType.User;

/** A mentionable (users and roles) select (type 7). */
export class MentionableSelect extends AutoSelect<APIMentionableSelectComponent, Mentionable, AutoSelectData<Mentionable>> {
  protected readonly type = 7;
  constructor(data: AutoSelectData<Mentionable> = {}) {
    super(data);
  }
  static fromJSON(json: APIMentionableSelectComponent): MentionableSelect {
    return new MentionableSelect(strip(json) as AutoSelectData<Mentionable>);
  }
}

export interface ChannelSelectData extends AutoSelectData<SelectMenuDefaultValueType.Channel> {
  channel_types?: ChannelType[];
}

/** A channel select (type 8), optionally limited to some channel types. */
export class ChannelSelect extends AutoSelect<APIChannelSelectComponent, SelectMenuDefaultValueType.Channel, ChannelSelectData> {
  protected readonly type = 8;
  constructor(data: ChannelSelectData = {}) {
    super(data);
  }
  setChannelTypes(...types: ChannelType[]): this {
    this.data.channel_types = types;
    return this;
  }
  static fromJSON(json: APIChannelSelectComponent): ChannelSelect {
    return new ChannelSelect(strip(json) as ChannelSelectData);
  }
}
