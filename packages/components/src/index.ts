// errors
export { ValidationError, ValidationErrorCodes } from './errors/ValidationError.js';
export type { ValidationErrorCode, ValidationIssue } from './errors/ValidationError.js';

// commands
export { validateCommandDeclarations, commandSize } from './commands/validateCommandDeclarations.js';
export { toApplicationCommand, toApplicationCommands } from './commands/toApplicationCommand.js';
export type { ApplicationCommandJSON, ToApplicationCommandOptions } from './commands/toApplicationCommand.js';
export { COMMAND_NAME_PATTERN, CommandLimits, CommandTypes, OptionTypes } from './commands/commandRules.js';
export type { CommandDeclaration, CommandOptionDeclaration, CommandChoiceDeclaration } from './commands/types.js';

// components: tables and limits
export { ComponentEnums, enumNames, lookupEnum, toWire } from './components/enums.js';
export type {
  ButtonStyleName,
  CallbackTypeName,
  EnumName,
  EnumTable,
  EnumValue,
  MessageFlagName,
  SeparatorSpacingName,
  TextInputStyleName,
} from './components/enums.js';
export { ComponentLimits } from './components/limits.js';

// components: builders
export { ComponentBuilder } from './components/ComponentBuilder.js';
export type { ComponentLike } from './components/ComponentBuilder.js';
export { toEmoji } from './components/emoji.js';
export type { EmojiLike } from './components/emoji.js';
export { Button } from './components/Button.js';
export type { ButtonData } from './components/Button.js';
export { SelectMenu, SelectOption } from './components/SelectMenu.js';
export type { SelectMenuData, SelectOptionData } from './components/SelectMenu.js';
export { ChannelSelect, MentionableSelect, RoleSelect, UserSelect } from './components/AutoSelectMenus.js';
export type { AutoSelectData, ChannelSelectData } from './components/AutoSelectMenus.js';
export { ActionRow, buttonRows } from './components/ActionRow.js';
export { TextInput } from './components/TextInput.js';
export type { TextInputData } from './components/TextInput.js';
export { Label } from './components/Label.js';
export type { LabelData } from './components/Label.js';
export { Modal } from './components/Modal.js';
export type { ModalData } from './components/Modal.js';
export { Container, File, MediaGallery, Section, Separator, TextDisplay, Thumbnail } from './components/layout.js';
export type { ContainerData, FileData, MediaData, SectionData, SeparatorData, TextDisplayData } from './components/layout.js';
export { Checkbox, CheckboxGroup, FileUpload, RadioGroup } from './components/modalInputs.js';
export type { CheckboxData, CheckboxGroupData, FileUploadData, RadioGroupData } from './components/modalInputs.js';
export { UnknownComponent } from './components/UnknownComponent.js';
export { componentFromJSON } from './components/fromJSON.js';
export { buildMessage, toMessageFlags } from './components/buildMessage.js';
export type { MessageInput, MessagePayload } from './components/buildMessage.js';

// components: validation
export {
  isValidationEnabled,
  setValidationEnabled,
  usesComponentsV2,
  validateMessageComponents,
  validateMessagePayload,
  validateModal,
  withComponentsV2Flag,
} from './components/validation.js';

// interaction responses
export {
  InteractionTypes,
  autocompleteResult,
  callbackType,
  deferReply,
  deferUpdate,
  reply,
  showModal,
  updateMessage,
  validateInteractionResponse,
} from './responses/interactionResponses.js';
export type { InteractionResponse, ResponseContext } from './responses/interactionResponses.js';

// routing
export {
  CustomIdRouter,
  Route,
  expiredComponentReply,
  namespaceOf,
  scopeCustomId,
  unscopeCustomId,
} from './routing/CustomIdRouter.js';
export type {
  CustomIdRouterOptions,
  ParamSpec,
  ParamType,
  ParamValue,
  ParamValues,
  RouteHandler,
  RouteMatch,
  RouteMiss,
  RouteMissReason,
} from './routing/CustomIdRouter.js';
