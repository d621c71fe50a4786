// Codes, versions, limits
export { ErrorCodes, errorCodeName, PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, DEFAULT_LIMITS } from './codes.js';
export type { ErrorCode, ErrorCodeName } from './codes.js';

// Errors
export { RpcError } from './RpcError.js';
export type { RpcErrorObject } from './RpcError.js';
export { ProtocolError, ProtocolErrorCodes } from './ProtocolError.js';
export type { ProtocolErrorCode, ProtocolErrorOptions } from './ProtocolError.js';

// Method descriptors and schemas
export { Methods, METHOD_LIST, getMethod, BASELINE_CAPABILITIES } from './methods.js';
export type { MethodKey } from './methods.js';
export { request, notification } from './descriptor.js';
export type {
  Direction, RequestDescriptor, NotificationDescriptor, MethodDescriptor, AnyRequestDescriptor,
  AnyNotificationDescriptor, ParamsOf, ResultOf,
} from './descriptor.js';
export { Schema, s } from './schema.js';
export type { Infer, JsonSchema } from './schema.js';
export { EVENT_NAMES, EventPayloadSchemas, isEventName } from './events.js';
export type { EventName, EventPayloads, EventPayload } from './events.js';
export { CtxSchema, InteractionSchema, LIFECYCLE_HOOKS, INTERACTION_TYPES } from './methods.dispatch.js';
export type { Ctx, Interaction, EventParams, LifecycleHook } from './methods.dispatch.js';
export { HANDLER_KINDS, LOG_LEVELS } from './methods.session.js';
export type { InitializeParams, InitializeResult, RegisteredHandlers, HandlerKind, Limits, LogLevel, ErrorInfo } from './methods.session.js';
export { HTTP_METHODS } from './methods.http.js';
export type { JsonValue, JsonObject } from './json.js';

// Validation
export { validateParams, validateResult, formatIssues } from './validate.js';
export type { Issue } from './validate.js';

// Transport
export { Peer, createPeer } from './Peer.js';
export type {
  PeerOptions, PeerStats, RequestContext, NotificationContext, RequestHandler, NotificationHandler,
  RequestOptions, NotifyResult, RequestId,
} from './Peer.js';
export { FrameDecoder } from './FrameDecoder.js';
export type { FrameSink } from './FrameDecoder.js';

// Handshake
export { negotiateVersion, unsupportedVersionError, initializeGuest, acceptInitialize, compareHandlers } from './handshake.js';
export type { InitializeGuestOptions, AcceptInitializeOptions, DeclaredHandlers, HandlerMismatch } from './handshake.js';

// JSON Schema files (schemas/ is generated from these)
export { buildSchemaFiles, schemaFileName } from './schemaFiles.js';
