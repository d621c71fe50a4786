// The example bot as a library, for tests and for embedding it in your own process.
export { Bot, BOT_INTENTS, formatHostEvent, type BotOptions } from './Bot.js';
export { loadConfig, type BotConfig } from './config.js';
export { BotError, BotErrorCodes, type BotErrorCode } from './BotError.js';
export { ADMIN_COMMAND, ADMIN_COMMAND_NAME, handleAdminCommand, describeError, type PluginAdmin } from './adminCommands.js';
export { prepareBundle, loadTrust, type BundleSource, type InstallPolicy } from './installBundle.js';
export { PluginStore, type StoredPlugin } from './PluginStore.js';
export { Dashboards } from './dashboards.js';
