/**
 * Everything the host reports, as one union: what a plugin logged, did, was refused, and how its
 * worker is doing. `PluginHost.subscribe` delivers these; `maidkit run` prints each as a JSON line.
 * All fields are plain JSON.
 */
export type InstallStatus = 'stopped' | 'starting' | 'running' | 'restarting' | 'crashed' | 'failed' | 'stopping';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

interface Base {
  /** ISO 8601 time the host observed it. */
  time: string;
  pluginId: string;
  installId: string;
}

export interface LogEvent extends Base {
  type: 'log';
  level: LogLevel;
  /** `sdk`: the guest's `log` notification (ctx.log, print, handler tracebacks); `stderr`: raw stderr lines. */
  source: 'sdk' | 'stderr';
  message: string;
  error?: { type: string; message: string; traceback?: string };
}

export interface ActionEvent extends Base {
  type: 'action';
  /** The wire method, e.g. `discord.send_message`. */
  method: string;
  params: Record<string, unknown>;
  result: unknown;
}

export interface DeniedEvent extends Base {
  type: 'denied';
  method: string;
  capability: string;
}

export interface ErrorEvent extends Base {
  type: 'error';
  /** Stable code: a SandboxError code, a protocol error code, or `handler_error`, `invalid_params`, … */
  code: string;
  message: string;
  /** What the host was doing (`lifecycle:install`, `event:message_create`, a guest method). */
  during?: string;
  data?: unknown;
}

export interface StatusEvent extends Base {
  type: 'status';
  status: InstallStatus;
  reason?: string;
}

export interface WarningEvent extends Base {
  type: 'warning';
  code: string;
  message: string;
  data?: unknown;
}

export type HostEvent = LogEvent | ActionEvent | DeniedEvent | ErrorEvent | StatusEvent | WarningEvent;

/** Distributive Omit, so each member keeps its discriminant. */
export type HostEventInput = HostEvent extends infer E ? (E extends HostEvent ? Omit<E, 'time' | 'pluginId' | 'installId'> : never) : never;
