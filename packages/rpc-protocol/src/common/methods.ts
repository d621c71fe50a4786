import type { MethodDescriptor } from './descriptor.js';
import * as dispatch from './methods.dispatch.js';
import * as discord from './methods.discord.js';
import * as http from './methods.http.js';
import * as interaction from './methods.interaction.js';
import * as metrics from './methods.metrics.js';
import * as session from './methods.session.js';
import * as storage from './methods.storage.js';

/** Every method of PROTOCOL.md, one descriptor each. `peer.request(Methods.kvGet, {…})` is type-checked. */
export const Methods = {
  // session (PROTOCOL.md §2)
  initialize: session.initialize,
  initialized: session.initialized,
  healthPing: session.healthPing,
  shutdown: session.shutdown,
  cancelRequest: session.cancelRequest,
  log: session.log,
  flowAck: session.flowAck,
  // host → guest dispatch (§4)
  lifecycle: dispatch.lifecycle,
  event: dispatch.event,
  slashCommand: dispatch.slashCommand,
  component: dispatch.component,
  modalSubmit: dispatch.modalSubmit,
  dashboard: dispatch.dashboard,
  taskTick: dispatch.taskTick,
  // guest → host (§5)
  discordSendMessage: discord.discordSendMessage,
  discordEditMessage: discord.discordEditMessage,
  discordDeleteMessage: discord.discordDeleteMessage,
  discordAddReaction: discord.discordAddReaction,
  discordRemoveReaction: discord.discordRemoveReaction,
  discordAddRole: discord.discordAddRole,
  discordRemoveRole: discord.discordRemoveRole,
  discordSendDm: discord.discordSendDm,
  discordTimeoutMember: discord.discordTimeoutMember,
  discordKickMember: discord.discordKickMember,
  discordBanMember: discord.discordBanMember,
  discordGetMember: discord.discordGetMember,
  discordGetChannel: discord.discordGetChannel,
  interactionRespond: interaction.interactionRespond,
  interactionDefer: interaction.interactionDefer,
  interactionSendModal: interaction.interactionSendModal,
  interactionFollowup: interaction.interactionFollowup,
  interactionEditOriginal: interaction.interactionEditOriginal,
  kvGet: storage.kvGet,
  kvSet: storage.kvSet,
  kvDelete: storage.kvDelete,
  kvList: storage.kvList,
  kvCount: storage.kvCount,
  kvGetMany: storage.kvGetMany,
  kvSetMany: storage.kvSetMany,
  ephemeralGet: storage.ephemeralGet,
  ephemeralSet: storage.ephemeralSet,
  ephemeralDelete: storage.ephemeralDelete,
  ephemeralCounter: storage.ephemeralCounter,
  metricsRecord: metrics.metricsRecord,
  metricsQuery: metrics.metricsQuery,
  metricsTotal: metrics.metricsTotal,
  sqlQuery: storage.sqlQuery,
  sqlExecute: storage.sqlExecute,
  httpRequest: http.httpRequest,
} as const;

export type MethodKey = keyof typeof Methods;

/** Every descriptor, in the order above. */
export const METHOD_LIST: readonly MethodDescriptor[] = Object.freeze(Object.values(Methods) as MethodDescriptor[]);

const BY_NAME: ReadonlyMap<string, MethodDescriptor> = new Map(METHOD_LIST.map((d) => [d.method, d]));

/** The descriptor for a wire method name, or `undefined`. */
export function getMethod(method: string): MethodDescriptor | undefined {
  return BY_NAME.get(method);
}

/** Capabilities every install holds without declaring them (PROTOCOL.md §5); the host still checks them. */
export const BASELINE_CAPABILITIES: readonly string[] = Object.freeze(['storage:kv', 'metrics']);
