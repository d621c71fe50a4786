// errors
export { ValidationError, ValidationErrorCodes } from './errors/ValidationError.js';
export type { ValidationErrorCode, ValidationIssue } from './errors/ValidationError.js';

// commands
export { validateCommandDeclarations, commandSize } from './commands/validateCommandDeclarations.js';
export { toApplicationCommand, toApplicationCommands } from './commands/toApplicationCommand.js';
export type { ApplicationCommandJSON, ToApplicationCommandOptions } from './commands/toApplicationCommand.js';
export { COMMAND_NAME_PATTERN, CommandLimits, CommandTypes, OptionTypes } from './commands/commandRules.js';
export type { CommandDeclaration, CommandOptionDeclaration, CommandChoiceDeclaration } from './commands/types.js';
