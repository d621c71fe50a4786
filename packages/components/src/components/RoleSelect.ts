import type { APIRoleSelectComponent, SelectMenuDefaultValueType } from 'discord-api-types/v10';
import { AutoSelect, type AutoSelectData } from './AutoSelect.js';
import { withoutType } from './ComponentBuilder.js';

/** A role select (type 6). */
export class RoleSelect extends AutoSelect<APIRoleSelectComponent, SelectMenuDefaultValueType.Role, AutoSelectData<SelectMenuDefaultValueType.Role>> {
  protected readonly type = 6;
  constructor(data: AutoSelectData<SelectMenuDefaultValueType.Role> = {}) {
    super(data);
  }
  static fromJSON(json: APIRoleSelectComponent): RoleSelect {
    return new RoleSelect(withoutType(json) as AutoSelectData<SelectMenuDefaultValueType.Role>);
  }
}
