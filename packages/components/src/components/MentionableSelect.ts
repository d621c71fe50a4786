import type { APIMentionableSelectComponent, SelectMenuDefaultValueType } from 'discord-api-types/v10';
import { AutoSelect, type AutoSelectData } from './AutoSelect.js';
import { withoutType } from './ComponentBuilder.js';

type Mentionable = SelectMenuDefaultValueType.Role | SelectMenuDefaultValueType.User;

/** A mentionable (users and roles) select (type 7). */
export class MentionableSelect extends AutoSelect<APIMentionableSelectComponent, Mentionable, AutoSelectData<Mentionable>> {
  protected readonly type = 7;
  constructor(data: AutoSelectData<Mentionable> = {}) {
    super(data);
  }
  static fromJSON(json: APIMentionableSelectComponent): MentionableSelect {
    return new MentionableSelect(withoutType(json) as AutoSelectData<Mentionable>);
  }
}
