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
export { SelectMenu } from './components/SelectMenu.js';
export type { SelectMenuData } from './components/SelectMenu.js';
export { SelectOption } from './components/SelectOption.js';
export type { SelectOptionData } from './components/SelectOption.js';
export type { AutoSelectData } from './components/AutoSelect.js';
export { UserSelect } from './components/UserSelect.js';
export { RoleSelect } from './components/RoleSelect.js';
export { MentionableSelect } from './components/MentionableSelect.js';
export { ChannelSelect } from './components/ChannelSelect.js';
export type { ChannelSelectData } from './components/ChannelSelect.js';
export { ActionRow, buttonRows } from './components/ActionRow.js';
export { TextInput } from './components/TextInput.js';
export type { TextInputData } from './components/TextInput.js';
export { Label } from './components/Label.js';
export type { LabelData } from './components/Label.js';
export { Modal } from './components/Modal.js';
export type { ModalData } from './components/Modal.js';
export { TextDisplay } from './components/TextDisplay.js';
export type { TextDisplayData } from './components/TextDisplay.js';
export type { MediaData } from './components/media.js';
export { Thumbnail } from './components/Thumbnail.js';
export { Section } from './components/Section.js';
export type { SectionData } from './components/Section.js';
export { MediaGallery } from './components/MediaGallery.js';
export { File } from './components/File.js';
export type { FileData } from './components/File.js';
export { Separator } from './components/Separator.js';
export type { SeparatorData } from './components/Separator.js';
export { Container } from './components/Container.js';
export type { ContainerData } from './components/Container.js';
export { FileUpload } from './components/FileUpload.js';
export type { FileUploadData } from './components/FileUpload.js';
export { RadioGroup } from './components/RadioGroup.js';
export type { RadioGroupData } from './components/RadioGroup.js';
export { CheckboxGroup } from './components/CheckboxGroup.js';
export type { CheckboxGroupData } from './components/CheckboxGroup.js';
export { Checkbox } from './components/Checkbox.js';
export type { CheckboxData } from './components/Checkbox.js';
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
export { CustomIdRouter, expiredComponentReply } from './routing/CustomIdRouter.js';
export type { CustomIdRouterOptions, RouteHandler } from './routing/CustomIdRouter.js';
export { Route } from './routing/Route.js';
export { namespaceOf, scopeCustomId, unscopeCustomId } from './routing/customIdCodec.js';
export type { ParamSpec, ParamType, ParamValue, ParamValues, RouteMatch, RouteMiss, RouteMissReason } from './routing/customIdCodec.js';
