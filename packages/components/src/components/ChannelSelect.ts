import type { APIChannelSelectComponent, ChannelType, SelectMenuDefaultValueType } from 'discord-api-types/v10';
import { AutoSelect, type AutoSelectData } from './AutoSelect.js';
import { withoutType } from './ComponentBuilder.js';

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
    return new ChannelSelect(withoutType(json) as ChannelSelectData);
  }
}
