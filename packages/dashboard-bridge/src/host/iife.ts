/**
 * Entry of the script-tag bundle `dist/dashboard-host.js` (global `MaidkitDashboard`), for host pages
 * without a bundler: `<script src="/static/dashboard-host.js">` then
 * `MaidkitDashboard.createDashboardHost(iframe, {...})` or `MaidkitDashboard.renderDashboard(...)`.
 */
export { createDashboardHost } from './createDashboardHost.js';
export { createHttpTransport, bridgeEndpoint } from './httpTransport.js';
export { themeVars, applyThemeVars, DEFAULT_THEME_VARS } from '../protocol/theme.js';
export { BridgeError } from '../protocol/BridgeError.js';
export { BridgeErrorCode } from '../protocol/errorCodes.js';
export * from '../renderer/index.js';
