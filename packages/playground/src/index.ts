export { startPlayground, type Playground, type PlaygroundOptions } from './startPlayground.js';
export { PluginSession, type PluginInfo, type PluginSessionOptions } from './PluginSession.js';
export { EventHub, type HubEvent } from './EventHub.js';
export { ChannelFeed, interactionMessageId, type FeedItem } from './channelFeed.js';
export { parseMessage, parseSlashCommand, parseComponentClick, parseModalSubmit, componentsById, modalInputs, type Interaction, type CommandDeclaration, type OptionDeclaration } from './interactionInput.js';
export { PlaygroundError, PlaygroundErrorCodes, type PlaygroundErrorCode, type PlaygroundProblem } from './PlaygroundError.js';
export { sharedNamespaceKv, kvSnapshot } from './sharedKv.js';
export { watchPlugin } from './watchPlugin.js';
