import { ValidationError } from '../errors/ValidationError.js';
import { describe, isObject } from '../util/checks.js';
import { ActionRow } from './ActionRow.js';
import { ChannelSelect } from './ChannelSelect.js';
import { Button } from './Button.js';
import type { ComponentBuilder } from './ComponentBuilder.js';
import { Label } from './Label.js';
import { Checkbox } from './Checkbox.js';
import { CheckboxGroup } from './CheckboxGroup.js';
import { Container } from './Container.js';
import { File } from './File.js';
import { FileUpload } from './FileUpload.js';
import { MediaGallery } from './MediaGallery.js';
import { MentionableSelect } from './MentionableSelect.js';
import { RadioGroup } from './RadioGroup.js';
import { RoleSelect } from './RoleSelect.js';
import { Section } from './Section.js';
import { Separator } from './Separator.js';
import { TextDisplay } from './TextDisplay.js';
import { Thumbnail } from './Thumbnail.js';
import { UserSelect } from './UserSelect.js';
import { SelectMenu } from './SelectMenu.js';
import { TextInput } from './TextInput.js';
import { UnknownComponent } from './UnknownComponent.js';

/**
 * Discord API JSON → the matching builder, recursively. Structure is not validated here (call validate()
 * on the result); only a value that is not a component object at all is refused. Unknown types become
 * UnknownComponent and come back out unchanged.
 */
export function componentFromJSON(json: unknown): ComponentBuilder<unknown> {
  if (!isObject(json) || typeof json.type !== 'number') {
    throw new ValidationError([{ code: 'TYPE_MISMATCH', path: '', message: `expected a component object with a numeric type, got ${describe(json)}` }]);
  }
  try {
    // The casts are safe in the sense that fromJSON copies fields; validate() reports anything off-shape.
    const j = json as never;
    switch (json.type) {
      case 1: return ActionRow.fromJSON(j);
      case 2: return Button.fromJSON(j);
      case 3: return SelectMenu.fromJSON(j);
      case 4: return TextInput.fromJSON(j);
      case 5: return UserSelect.fromJSON(j);
      case 6: return RoleSelect.fromJSON(j);
      case 7: return MentionableSelect.fromJSON(j);
      case 8: return ChannelSelect.fromJSON(j);
      case 9: return Section.fromJSON(j);
      case 10: return TextDisplay.fromJSON(j);
      case 11: return Thumbnail.fromJSON(j);
      case 12: return MediaGallery.fromJSON(j);
      case 13: return File.fromJSON(j);
      case 14: return Separator.fromJSON(j);
      case 17: return Container.fromJSON(j);
      case 18: return Label.fromJSON(j);
      case 19: return FileUpload.fromJSON(j);
      case 21: return RadioGroup.fromJSON(j);
      case 22: return CheckboxGroup.fromJSON(j);
      case 23: return Checkbox.fromJSON(j);
      default: return UnknownComponent.fromJSON(j);
    }
  } catch (error) {
    // Absurdly deep input exhausts the stack while copying; report it like any other malformed input.
    if (error instanceof RangeError) {
      throw new ValidationError([{ code: 'INVALID_NESTING', path: '', message: 'components nest too deeply to parse' }], { cause: error });
    }
    throw error;
  }
}
