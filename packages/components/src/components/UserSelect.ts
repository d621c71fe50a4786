import type { APIUserSelectComponent, SelectMenuDefaultValueType } from 'discord-api-types/v10';
import { AutoSelect, type AutoSelectData } from './AutoSelect.js';
import { withoutType } from './ComponentBuilder.js';

/** A user select (type 5). */
export class UserSelect extends AutoSelect<APIUserSelectComponent, SelectMenuDefaultValueType.User, AutoSelectData<SelectMenuDefaultValueType.User>> {
  protected readonly type = 5;
  constructor(data: AutoSelectData<SelectMenuDefaultValueType.User> = {}) {
    super(data);
  }
  static fromJSON(json: APIUserSelectComponent): UserSelect {
    return new UserSelect(withoutType(json) as AutoSelectData<SelectMenuDefaultValueType.User>);
  }
}
