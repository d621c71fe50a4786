// Browser-only entry (`@maidkit/dashboard-bridge/browser`): no Node built-ins, safe for any bundler.

// Protocol
export * from './protocol/errorCodes.js';
export { BridgeError, serializeError, deserializeError, type SerializedBridgeError, type JsonObject, type JsonValue } from './protocol/BridgeError.js';
export * from './protocol/types.js';
export * from './protocol/guards.js';
export { negotiateVersion, TOKEN_PARAM, HOST_ORIGIN_PARAM } from './protocol/handshake.js';
export { checkJson, utf8Length, type JsonCheck } from './protocol/jsonSafe.js';
export { DEFAULT_LIMITS, resolveLimits, type BridgeLimits } from './protocol/limits.js';
export { resolveCall, knownMethods, isBridgeNamespace, BASELINE_CAPABILITIES, NAMESPACE_CAPABILITY, HANDLER_NAME, type ResolveOptions } from './protocol/methods.js';
export { DEFAULT_THEME_VARS, themeVars, applyThemeVars } from './protocol/theme.js';

// Iframe client
export { getMaidSDK } from './client/getMaidSDK.js';
export { createMaidSDK, type MaidSDK, type MaidSDKOptions, type MaidSDKEvents, type KvListResult, type MetricsSeries, type SqlQueryResult, type SqlExecuteResult } from './client/createMaidSDK.js';

// Host side
export { createDashboardHost, type DashboardHost, type DashboardHostOptions, type DashboardHostContext, type RefusedEvent } from './host/createDashboardHost.js';
export { createHttpTransport, bridgeEndpoint, type HttpTransportOptions } from './host/httpTransport.js';
export { TokenBucket } from './host/TokenBucket.js';

// Manifest mode
export * from './renderer/index.js';
