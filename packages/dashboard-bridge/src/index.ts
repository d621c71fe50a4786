// Everything: the browser pieces (client, host, renderer, protocol) and the Node server.
// Browser bundlers should import `@maidkit/dashboard-bridge/browser`; Node-only code `/server`.
export * from './browser.js';
export * from './server.js';
