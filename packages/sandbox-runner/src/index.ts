// Backend contract and the subprocess (bubblewrap) backend
export type { SandboxBackend, SandboxSpec, SandboxHandle, SandboxLimits, SandboxExit, SandboxLimitName } from './backend.js';
export { DEFAULT_LIMITS } from './backend.js';
export { SubprocessBackend, type SubprocessBackendOptions } from './backends/subprocess/SubprocessBackend.js';
export { SECCOMP_DENIED } from './backends/subprocess/seccompFilter.js';
export { DockerBackend, DockerBackendError, type DockerBackendOptions } from './backends/docker/DockerBackend.js';
export { installRequirements, parseRequirements as parseRequirementsForInstall, DependencyError, DependencyErrorCode, type RequirementsOptions, type DependencyEnvironment } from './deps/requirements.js';
export { DEPS_MOUNT, type HostDependencyOptions } from './deps/pluginDependencies.js';
export { resolvePython } from './resolvePython.js';
export { SandboxError, SandboxErrorCodes, type SandboxErrorCode } from './errors.js';

// The host
export { PluginHost, DEFAULT_TIMEOUTS, DEFAULT_QUEUES, type PluginHostOptions, type HostedPlugin, type InstallInfo, type InstallOptions, type DispatchResult } from './host/PluginHost.js';
export type { GuestHandlers, WorkerTimeouts, WorkerQueues, ProtocolLimits } from './host/Worker.js';
export { DEFAULT_RESTART_POLICY, type RestartPolicy } from './host/CrashWindow.js';
export type { HostEvent, LogEvent, ActionEvent, DeniedEvent, ErrorEvent, StatusEvent, WarningEvent, InstallStatus, LogLevel } from './host/hostEvents.js';
export {
  DISCORD_ACTION_METHODS,
  INTERACTION_ACTION_METHODS,
  type DiscordActions,
  type ActionContext,
  type MessageBody,
  type DiscordActionMethod,
  type InteractionActionMethod,
  type InteractionCallbackType,
  type InteractionCallbackParams,
  type InteractionWebhookParams,
} from './host/DiscordActions.js';
export { prepareSdk, defaultSdkRoot, SDK_MOUNT } from './host/prepareSdk.js';
export { RecordingDiscordActions, type RecordedAction } from './host/RecordingDiscordActions.js';
export type { RpcTrace, RpcTraceEntry } from './host/tapConnection.js';

// Storage
export { KV_LIMITS, type KvProvider, type KvValue } from './host/storage/KvProvider.js';
export { SqliteKvProvider } from './host/storage/SqliteKvProvider.js';
export { MemoryKvProvider } from './host/storage/MemoryKvProvider.js';

// The `maidkit run` / `maidkit dev` harness
export { parseScenario, withDefaults, type ScenarioStep, type ScenarioProblem } from './harness/scenario.js';
export { runPlugin, type RunPluginOptions, type RunOutput } from './harness/runPlugin.js';
export { loadHostedPlugin, type LoadedPlugin } from './harness/loadHostedPlugin.js';

// Interactions, dashboards and the storage/outside-access services
export { InteractionBroker, DEFAULT_INTERACTION_OPTIONS, type IncomingInteraction, type InteractionKind, type InteractionOptions } from './interactions/InteractionBroker.js';
export { routeInteraction, interactionIssues, type InteractionOutcome, type InteractionTarget } from './interactions/interact.js';
export { scopeComponents, scopeModal } from './interactions/scopeComponents.js';
export { buildCommandSet, diffCommands, GUILD_COMMAND_LIMIT, type CommandSet, type PluginCommands, type OwnedCommand, type CommandCollision, type CommandDiff, type RegisteredCommand } from './interactions/commandSet.js';
export { DASHBOARD_TIMEOUT_MS, callDashboard, widgetsByHandler, handlerName, type DashboardCallOptions, type DashboardTarget } from './dashboard/callDashboard.js';
export { createDashboardBackend, type DashboardBackendOptions } from './dashboard/createDashboardBackend.js';
export { SqlService, SqlError, SqlErrorCodes, type SqlServiceOptions, type SqlErrorCode, type SqlParams, type SqlQueryResult, type SqlExecuteResult } from './sql/SqlService.js';
export { HttpProxy, HttpProxyError, HttpProxyErrorCodes, type HttpProxyOptions, type HttpProxyErrorCode, type ProxyRequest, type ProxyResponse } from './proxy/HttpProxy.js';
export { InstallServices, type InstallManifestFacts } from './services/InstallServices.js';
export { toRpcError as serviceErrorToRpc } from './services/serviceErrors.js';

// Casa Cloner plugins (seed 003) on the same runner
export { CASA_CAPABILITIES, CASA_MESSAGE_EVENTS, CASA_CLONE_EVENTS, CASA_DISCORD_TOKEN, CASA_MOUNT, casaCapabilities, casaHostedPlugin, isCasaPlugin, dispatchClone, notifyCasaError, type CasaHostOptions, type CasaPermissionName, type CloneJob, type CloneDispatchResult } from './casa/index.js';

// Pool mode, the host-side server cron, MCDR packaging and hot reload
export { DEFAULT_POOL, type PoolOptions, type WorkerIsolation } from './pool/PoolOptions.js';
export { ServerCronScheduler, type ServerCron, type ServerCronSchedulerOptions, type TickOutcome } from './cron/ServerCronScheduler.js';
export { systemClock, type Clock } from './cron/Clock.js';
export { HotReloader, type HotReloadOptions, type ReloadReport } from './reload/HotReloader.js';
export { MCDR_LAUNCHER } from './reload/stageMcdr.js';
