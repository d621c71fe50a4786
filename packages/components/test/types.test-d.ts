/**
 * Compile-time checks (run by `tsc -p packages/components/tsconfig.json`): builders return discord-api-types
 * shapes, route parameters are typed, string styles are checked by the compiler.
 */
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIChannelSelectComponent,
  APICheckboxComponent,
  APICheckboxGroupComponent,
  APIContainerComponent,
  APIFileComponent,
  APIFileUploadComponent,
  APILabelComponent,
  APIMediaGalleryComponent,
  APIMentionableSelectComponent,
  APIModalInteractionResponseCallbackData,
  APIRadioGroupComponent,
  APIRoleSelectComponent,
  APISectionComponent,
  APISelectMenuOption,
  APISeparatorComponent,
  APIStringSelectComponent,
  APITextDisplayComponent,
  APITextInputComponent,
  APIThumbnailComponent,
  APIUserSelectComponent,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { expectTypeOf } from 'vitest';
import {
  ActionRow,
  Button,
  ChannelSelect,
  Checkbox,
  CheckboxGroup,
  Container,
  CustomIdRouter,
  File,
  FileUpload,
  Label,
  MediaGallery,
  MentionableSelect,
  Modal,
  RadioGroup,
  RoleSelect,
  Section,
  SelectMenu,
  SelectOption,
  Separator,
  TextDisplay,
  TextInput,
  Thumbnail,
  UserSelect,
  buildMessage,
  toApplicationCommand,
  type ParamValues,
  type ValidationIssue,
} from '../src/index.js';

expectTypeOf(new Button().toJSON()).toEqualTypeOf<APIButtonComponent>();
expectTypeOf(new SelectMenu().toJSON()).toEqualTypeOf<APIStringSelectComponent>();
expectTypeOf(new SelectOption({ label: 'a', value: 'a' }).toJSON()).toEqualTypeOf<APISelectMenuOption>();
expectTypeOf(new UserSelect().toJSON()).toEqualTypeOf<APIUserSelectComponent>();
expectTypeOf(new RoleSelect().toJSON()).toEqualTypeOf<APIRoleSelectComponent>();
expectTypeOf(new MentionableSelect().toJSON()).toEqualTypeOf<APIMentionableSelectComponent>();
expectTypeOf(new ChannelSelect().toJSON()).toEqualTypeOf<APIChannelSelectComponent>();
expectTypeOf(new ActionRow(new Button()).toJSON()).toEqualTypeOf<APIActionRowComponent<APIButtonComponent>>();
expectTypeOf(new TextInput().toJSON()).toEqualTypeOf<APITextInputComponent>();
expectTypeOf(new Label().toJSON()).toEqualTypeOf<APILabelComponent>();
expectTypeOf(new Modal().toJSON()).toEqualTypeOf<APIModalInteractionResponseCallbackData>();
expectTypeOf(new TextDisplay('x').toJSON()).toEqualTypeOf<APITextDisplayComponent>();
expectTypeOf(new Section().toJSON()).toEqualTypeOf<APISectionComponent>();
expectTypeOf(new Thumbnail().toJSON()).toEqualTypeOf<APIThumbnailComponent>();
expectTypeOf(new MediaGallery().toJSON()).toEqualTypeOf<APIMediaGalleryComponent>();
expectTypeOf(new File().toJSON()).toEqualTypeOf<APIFileComponent>();
expectTypeOf(new Separator().toJSON()).toEqualTypeOf<APISeparatorComponent>();
expectTypeOf(new Container().toJSON()).toEqualTypeOf<APIContainerComponent>();
expectTypeOf(new FileUpload().toJSON()).toEqualTypeOf<APIFileUploadComponent>();
expectTypeOf(new RadioGroup().toJSON()).toEqualTypeOf<APIRadioGroupComponent>();
expectTypeOf(new CheckboxGroup().toJSON()).toEqualTypeOf<APICheckboxGroupComponent>();
expectTypeOf(new Checkbox().toJSON()).toEqualTypeOf<APICheckboxComponent>();
expectTypeOf(new Button().validate()).toEqualTypeOf<ValidationIssue[]>();

// A built message can be sent with discord-api-types' REST body as-is.
const message = buildMessage({ content: 'Pick one:', components: [new ActionRow(new Button({ label: 'Yes', custom_id: 'yes' }))] });
expectTypeOf(message.components!).toExtend<NonNullable<RESTPostAPIChannelMessageJSONBody['components']>>();
expectTypeOf(message.components).not.toBeAny();

// String styles are checked by the compiler too.
new Button({ style: 'danger' });
// @ts-expect-error "blurple" is not a button style
new Button({ style: 'blurple' });
// @ts-expect-error text inputs are "short" or "paragraph"
new TextInput({ style: 'long' });

// Route parameters are typed from their declaration; snowflakes are strings.
expectTypeOf<ParamValues<{ id: 'snowflake'; n: 'int'; b: 'bool'; k: readonly ['a', 'b']; s: 'string' }>>().toEqualTypeOf<{
  id: string;
  n: number;
  b: boolean;
  k: 'a' | 'b';
  s: string;
}>();
const router = new CustomIdRouter<void, string>('p');
const close = router.route('close:{id}', { id: 'snowflake' }, (params) => {
  expectTypeOf(params).toEqualTypeOf<{ id: string }>();
  return params.id;
});
close.encode({ id: '1' });
// @ts-expect-error snowflakes are strings, never numbers
close.encode({ id: 1 });
router.exactRoute('yes', () => 'x').encode();

// Command conversion knows chat-input from context-menu commands.
expectTypeOf(toApplicationCommand({ name: 'greet', description: 'Say hello' })).toEqualTypeOf<RESTPostAPIChatInputApplicationCommandsJSONBody>();
expectTypeOf(toApplicationCommand({ type: 2 as const, name: 'Profile' })).toEqualTypeOf<RESTPostAPIContextMenuApplicationCommandsJSONBody>();
