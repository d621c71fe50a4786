import type { SandboxBackend } from '../backend.js';
import { SandboxError } from '../errors.js';
import { PluginHost, type HostedPlugin, type PluginHostOptions } from '../host/PluginHost.js';
import type { HostEvent } from '../host/hostEvents.js';
import { RecordingDiscordActions } from '../host/RecordingDiscordActions.js';
import type { ScenarioStep } from './scenario.js';
import type { IncomingInteraction } from '../interactions/InteractionBroker.js';

/** One line of `maidkit run` output: a host event, a harness error, or the final summary. */
export type RunOutput =
  | HostEvent
  | { type: 'error'; time: string; code: string; message: string; line?: number; during?: string; pluginId?: string; installId?: string }
  | { type: 'interaction'; time: string; line: number; kind: string; name: string; interaction_id: string; routed: boolean; reason?: string; initial?: { type: number; by: string; afterMs: number } | null; error?: { code: string; message: string } }
  | { type: 'dashboard'; time: string; line: number; method: string; ok: boolean; result?: unknown; error?: { code: number | string; message: string; data?: unknown } }
  | { type: 'summary'; time: string; ok: boolean; actions: number; logs: number; errors: number; denied: number; warnings: number; settled: boolean };

export interface RunPluginOptions {
  plugin: HostedPlugin;
  steps: readonly ScenarioStep[];
  backend: SandboxBackend;
  /** Server the plugin is installed on (default `100000000000000000`). */
  serverId?: string;
  /** Granted capabilities (default: the plugin's required ones). */
  grant?: readonly string[];
  /** Receives every output line, in order. */
  onOutput: (line: RunOutput) => void;
  /** How long to wait for the plugin to go quiet after the last step (default 30 s). */
  settleTimeoutMs?: number;
  /** Anything else for the host (limits, timeouts, a database path). */
  host?: Partial<Omit<PluginHostOptions, 'backend' | 'discord'>>;
}

/**
 * The engine of `maidkit run`: install, enable and ready the plugin in a fresh host, play the steps,
 * wait for it to settle, stop it gracefully, and report everything. `ok` is false when the plugin was
 * denied anything, crashed, failed, raised in a handler, or did not settle.
 */
export async function runPlugin(options: RunPluginOptions): Promise<Extract<RunOutput, { type: 'summary' }>> {
  const discord = new RecordingDiscordActions();
  const host = new PluginHost({ ...options.host, backend: options.backend, discord });
  const counts = { actions: 0, logs: 0, errors: 0, denied: 0, warnings: 0 };
  let failedStatus = false;
  const out = (line: RunOutput) => options.onOutput(line);
  const now = () => new Date().toISOString();
  host.subscribe((event) => {
    if (event.type === 'action') counts.actions++;
    else if (event.type === 'log') {
      counts.logs++;
      if (event.level === 'error') counts.errors++;
    } else if (event.type === 'error') counts.errors++;
    else if (event.type === 'denied') counts.denied++;
    else if (event.type === 'warning') counts.warnings++;
    else if (event.type === 'status' && (event.status === 'failed' || event.status === 'crashed')) failedStatus = true;
    out(event);
  });
  const fail = (error: unknown, extra: { line?: number; during?: string } = {}) => {
    counts.errors++;
    const e = SandboxError.fromUnknown(error);
    out({ type: 'error', time: now(), code: e.code, message: e.message, ...extra });
  };
  const serverId = options.serverId ?? '100000000000000000';
  let settled = true;
  try {
    let installId: string | undefined;
    try {
      installId = (await host.install(options.plugin, { serverId, ...(options.grant ? { grant: options.grant } : {}) })).installId;
    } catch (error) {
      fail(error, { during: 'install' });
    }
    for (const step of installId ? options.steps : []) {
      try {
        if (step.kind === 'event') {
          host.dispatch(step.name, step.payload, { serverId: step.serverId ?? serverId });
        } else if (step.kind === 'interaction' || step.kind === 'dashboard') {
          if (!installId || !host.get(installId)) throw new SandboxError('invalid_state', `line ${step.line}: "${step.kind}" needs the plugin installed`);
          const line = await playInteractionStep(host, step, installId, serverId, options.host?.interactions?.scopeCustomIds === false ? undefined : options.plugin.id);
          if ((line.type === 'dashboard' && !line.ok) || (line.type === 'interaction' && (!line.routed || line.error))) counts.errors++;
          out(line);
        } else if (step.kind === 'wait') {
          await new Promise((r) => setTimeout(r, step.ms));
        } else {
          // Lifecycle transitions wait for the events before them, as an admin's click would come after.
          await host.settled({ timeoutMs: options.settleTimeoutMs ?? 30_000 });
          if (step.hook === 'install') {
            if (installId && host.get(installId)) throw new SandboxError('already_installed', `line ${step.line}: the plugin is already installed`);
            installId = (await host.install(options.plugin, { serverId, ...(options.grant ? { grant: options.grant } : {}) })).installId;
          } else if (!installId || !host.get(installId)) {
            throw new SandboxError('invalid_state', `line ${step.line}: "${step.hook}" needs the plugin installed (add {"lifecycle": "install"} first)`);
          } else if (step.hook === 'enable') await host.enable(installId);
          else if (step.hook === 'disable') await host.disable(installId);
          else await host.uninstall(installId);
        }
      } catch (error) {
        fail(error, { line: step.line, during: step.kind === 'lifecycle' ? `lifecycle:${step.hook}` : step.kind });
      }
    }
    settled = await host.settled({ timeoutMs: options.settleTimeoutMs ?? 30_000 });
    if (!settled) fail(new SandboxError('guest_error', `the plugin did not settle within ${options.settleTimeoutMs ?? 30_000} ms (events still queued or handlers still running)`), { during: 'settle' });
  } finally {
    await host.close();
  }
  const summary = { type: 'summary' as const, time: now(), ok: counts.errors === 0 && counts.denied === 0 && !failedStatus && settled, ...counts, settled };
  out(summary);
  return summary;
}

let nextInteraction = 1_350_000_000_000_000_000n;

/**
 * One `slash_command` / `component` / `modal_submit` / `dashboard` step: the interaction goes through
 * `PluginHost.interact` (the plugin's answers appear as `action` lines: `interaction.callback`,
 * `interaction.followup`, `interaction.edit_original`), then one `interaction` line with its outcome; a
 * dashboard call prints one `dashboard` line with the handler's result or error.
 */
async function playInteractionStep(host: PluginHost, step: Extract<ScenarioStep, { kind: 'interaction' | 'dashboard' }>, installId: string, serverId: string, scopeWith: string | undefined): Promise<RunOutput> {
  const time = () => new Date().toISOString();
  if (step.kind === 'dashboard') {
    try {
      const result = await host.dashboard(installId, step.method, step.params, step.widget === undefined ? {} : { widget: step.widget });
      return { type: 'dashboard', time: time(), line: step.line, method: step.method, ok: true, result };
    } catch (error) {
      const e = error as { code?: number | string; message?: string; data?: unknown };
      return { type: 'dashboard', time: time(), line: step.line, method: step.method, ok: false, error: { code: e.code ?? 'error', message: String(e.message), ...(e.data === undefined ? {} : { data: e.data }) } };
    }
  }
  const id = String(nextInteraction++);
  // The step names the plugin's own custom_id; Discord would send it back prefixed with the plugin id.
  const customId = step.type === 'slash_command' ? undefined : scopeWith === undefined ? step.name : `${scopeWith}:${step.name}`;
  const interaction: IncomingInteraction = {
    id,
    token: `run-token-${id}`,
    type: step.type,
    guild_id: serverId,
    user_id: step.userId ?? '100000000000000002',
    channel_id: step.channelId ?? '100000000000000001',
    ...(step.type === 'slash_command' ? { command_name: step.name, options: step.options ?? [] } : { custom_id: customId! }),
    ...(step.values ? { values: step.values } : {}),
    ...(step.modalValues ? { modal_values: step.modalValues } : {}),
  };
  const outcome = await host.interact(interaction, { installId });
  return {
    type: 'interaction',
    time: time(),
    line: step.line,
    kind: step.type,
    name: step.name,
    interaction_id: id,
    routed: outcome.routed,
    ...(outcome.routed ? { initial: outcome.initial, ...(outcome.error ? { error: outcome.error } : {}) } : { reason: outcome.reason }),
  };
}
