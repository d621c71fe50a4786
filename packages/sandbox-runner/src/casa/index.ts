export { CASA_CAPABILITIES, CASA_MESSAGE_EVENTS, CASA_CLONE_EVENTS, CASA_DISCORD_TOKEN, casaCapabilities, casaHostedPlugin, type CasaPermissionName } from './permissions.js';
export { CASA_MOUNT, isCasaPlugin, casaLaunch, casaRuntimeRoot } from './casaLaunch.js';
export { casaGuestRequests, type CasaHostOptions } from './casaHostCalls.js';
export { dispatchClone, notifyCasaError, type CloneJob, type CloneDispatchResult } from './casaDispatch.js';
export { gateCasaConnection, casaDeclaredPermissions } from './gateCasaConnection.js';
