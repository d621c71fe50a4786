// Node entry (`@maidkit/dashboard-bridge/server`): asset serving under CSP and bridge routing.
export { createDashboardServer, type DashboardServer, type DashboardServerOptions } from './server/createDashboardServer.js';
export type { DashboardBackend, DashboardBackendRequest, DashboardSession, DashboardPlugin } from './server/DashboardBackend.js';
export { MemoryDashboardBackend, seedDashboardHandlers, type MemoryBackendOptions, type MemoryHandler, type MemoryHandlerContext } from './server/MemoryDashboardBackend.js';
export { pluginContentSecurityPolicy, pluginContentHeaders, type PluginCspOptions } from './server/csp.js';
export { resolveInside, splitSafeSegments, contentTypeFor, type SafePathResult } from './server/safePath.js';
export { defaultBundleDir, defaultStaticDir, packageRoot } from './server/packagePaths.js';
