// Gateway events → the sixteen plugin events
export { mapGatewayEvent, emojiString, GATEWAY_EVENTS, type GatewayEventName, type MappedEvent } from './mapGatewayEvent.js';
export { toPluginInteraction, interactionKind, modalValues, type InteractionKind } from './mapInteraction.js';

// Wiring a client to a PluginHost
export { attachPluginHost, toHostInteraction, type AttachPluginHostOptions, type AttachedPluginHost, type HostInteraction, type InteractionOutcome } from './attachPluginHost.js';

// Plugin actions carried out through discord.js
export { DiscordJsActions, type DiscordJsActionsOptions, type AllowedMentions } from './DiscordJsActions.js';

// Per-server slash-command sync
export { syncGuildCommands, type CommandSyncReport, type SyncGuildCommandsOptions } from './syncGuildCommands.js';

// Errors
export { DiscordJsError, DiscordJsErrorCodes, type DiscordJsErrorCode } from './DiscordJsError.js';
