// Codes, versions, limits
export { ErrorCodes, errorCodeName, PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, DEFAULT_LIMITS } from './common/codes.js';
export type { ErrorCode, ErrorCodeName } from './common/codes.js';

// Errors
export { RpcError } from './common/RpcError.js';
export type { RpcErrorObject } from './common/RpcError.js';
export { ProtocolError, ProtocolErrorCodes } from './common/ProtocolError.js';
export type { ProtocolErrorCode, ProtocolErrorOptions } from './common/ProtocolError.js';

// Method descriptors and schemas
export { Methods, METHOD_LIST, getMethod, BASELINE_CAPABILITIES } from './common/methods.js';
export type { MethodKey } from './common/methods.js';
export { request, notification } from './common/descriptor.js';
export type {
  Direction, RequestDescriptor, NotificationDescriptor, MethodDescriptor, AnyRequestDescriptor,
  AnyNotificationDescriptor, ParamsOf, ResultOf,
} from './common/descriptor.js';
export { Schema, s } from './common/schema.js';
export type { Infer, JsonSchema } from './common/schema.js';
export { EVENT_NAMES, EventPayloadSchemas, isEventName } from './common/events.js';
export type { EventName, EventPayloads, EventPayload } from './common/events.js';
export { CtxSchema, InteractionSchema, LIFECYCLE_HOOKS, INTERACTION_TYPES } from './common/methods.dispatch.js';
export type { Ctx, Interaction, EventParams, LifecycleHook } from './common/methods.dispatch.js';
export { HANDLER_KINDS, LOG_LEVELS } from './common/methods.session.js';
export type { InitializeParams, InitializeResult, RegisteredHandlers, HandlerKind, Limits, LogLevel, ErrorInfo } from './common/methods.session.js';
export { HTTP_METHODS } from './common/methods.http.js';
export type { JsonValue, JsonObject } from './common/json.js';

// Wire messages
export { classifyMessage, recoverRequestId } from './common/messages.js';
export type { IncomingMessage } from './common/messages.js';

// Validation
export { validateParams, validateResult, formatIssues } from './common/validate.js';
export type { Issue } from './common/validate.js';

// Transport
export { Peer, createPeer } from './node/Peer.js';
export type {
  PeerOptions, PeerStats, RequestContext, NotificationContext, RequestHandler, NotificationHandler,
  RequestOptions, NotifyResult, RequestId,
} from './node/Peer.js';
export { FrameDecoder } from './node/FrameDecoder.js';
export type { FrameSink } from './node/FrameDecoder.js';

// Handshake (works on any Endpoint; Peer is one)
export type { Endpoint, EndpointRequestOptions } from './common/endpoint.js';
export { negotiateVersion, unsupportedVersionError, initializeGuest, acceptInitialize, compareHandlers } from './common/handshake.js';
export type { InitializeGuestOptions, AcceptInitializeOptions, DeclaredHandlers, HandlerMismatch } from './common/handshake.js';

// JSON Schema files (schemas/ is generated from these)
export { buildSchemaFiles, schemaFileName } from './common/schemaFiles.js';
