// A local stand-in for Discord's gateway and REST API, for testing a host with the real discord.js client.
export { DiscordStandIn, type DiscordStandInOptions, type RecordedRestCall, type InjectedFailure } from './DiscordStandIn.js';
export { rawUser, rawMember, rawRole, rawChannel, rawMessage, guildCreatePayload, type StandInGuild, type StandInUser } from './fixtures.js';
export { rawInteraction, type RawInteractionInput, type RawOption } from './interactions.js';
export type { RestState } from './restRoutes.js';
