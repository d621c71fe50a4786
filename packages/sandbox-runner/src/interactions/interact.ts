import { namespaceOf } from '@maidkit/components';
import { SandboxError, SandboxErrorCodes } from '../errors.js';
import type { InteractionCallbackType } from '../host/DiscordActions.js';
import type { HostEventInput } from '../host/hostEvents.js';
import type { GuestHandlers } from '../host/Worker.js';
import { requestErrorEvent } from '../host/workerEvents.js';
import type { IncomingInteraction, InteractionBroker, InteractionKind } from './InteractionBroker.js';
import { unscope } from './scopeComponents.js';

/** An enabled install as interaction routing sees it (PluginHost provides these, in install order). */
export interface InteractionTarget {
  installId: string;
  pluginId: string;
  serverId: string;
  handlers: GuestHandlers;
  handlesEvent(name: string): boolean;
  request(method: string, params: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  dispatchEvent(name: string, payload: Record<string, unknown>): void;
}

export type InteractionOutcome =
  | { routed: false; reason: string }
  | {
      routed: true;
      installId: string;
      pluginId: string;
      /** `handler`: on_slash_command / on_component / on_modal_submit ran; `event`: only an interaction_create handler got it. */
      via: 'handler' | 'event';
      /** The initial callback sent (4, 5, 6, 7 or 9), by the plugin or the host's auto-defer; null if none yet. */
      initial: { type: InteractionCallbackType; by: 'plugin' | 'auto'; afterMs: number } | null;
      /** The handler's failure (raised, timed out), also reported as an `error` host event. */
      error?: { code: string; message: string };
    };

const METHOD: Record<InteractionKind, 'slash_command' | 'component' | 'modal_submit'> = { slash_command: 'slash_command', component: 'component', modal_submit: 'modal_submit' };
const SNOWFLAKE = /^[0-9]{1,20}$/;

/** Every problem with an interaction a bot hands the host (outside data), each with its path. */
export function interactionIssues(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['(interaction) must be an object'];
  const i = value as Record<string, unknown>;
  const p: string[] = [];
  const snowflake = (k: string, optional = false) => {
    const v = i[k];
    if (optional && (v === undefined || v === null)) return;
    if (typeof v !== 'string' || !SNOWFLAKE.test(v)) p.push(`/${k} must be a snowflake string`);
  };
  snowflake('id');
  snowflake('guild_id');
  snowflake('user_id');
  snowflake('channel_id', true);
  if (typeof i['token'] !== 'string' || i['token'].length === 0 || i['token'].length > 4096) p.push('/token must be the interaction token (a non-empty string)');
  const type = i['type'];
  if (type !== 'slash_command' && type !== 'component' && type !== 'modal_submit') p.push('/type must be "slash_command", "component" or "modal_submit"');
  if (type === 'slash_command' && (typeof i['command_name'] !== 'string' || i['command_name'].length === 0 || i['command_name'].length > 32)) p.push('/command_name must be a command name (1–32 characters)');
  if ((type === 'component' || type === 'modal_submit') && (typeof i['custom_id'] !== 'string' || i['custom_id'].length === 0 || i['custom_id'].length > 100)) p.push('/custom_id must be a string of 1–100 characters');
  const options = i['options'];
  if (options !== undefined) {
    if (!Array.isArray(options) || options.length > 25) p.push('/options must be an array of at most 25 {name, type, value}');
    else
      options.forEach((o, n) => {
        if (typeof o !== 'object' || o === null || typeof (o as Record<string, unknown>)['name'] !== 'string' || !Number.isInteger((o as Record<string, unknown>)['type'])) p.push(`/options/${n} must be {name, type, value}`);
      });
  }
  const values = i['values'];
  if (values !== undefined && (!Array.isArray(values) || values.length > 25 || values.some((v) => typeof v !== 'string'))) p.push('/values must be an array of at most 25 strings');
  const modal = i['modal_values'];
  if (modal !== undefined && (typeof modal !== 'object' || modal === null || Array.isArray(modal) || Object.values(modal).some((v) => typeof v !== 'string'))) p.push('/modal_values must be an object of custom_id → string');
  return p;
}

/**
 * Picks the install an interaction is for: a slash command goes to the first install (install order, as
 * the command set assigns names) that registered it; a click or a modal submit goes to the plugin whose
 * id prefixes the custom_id (scoped ids), or, unscoped, to the first install that registered that id.
 * Returns the custom_id as the plugin knows it.
 */
export function routeInteraction(interaction: IncomingInteraction, targets: readonly InteractionTarget[], scoped: boolean): { target: InteractionTarget; customId?: string } | { reason: string } {
  const onServer = targets.filter((t) => t.serverId === interaction.guild_id);
  if (interaction.type === 'slash_command') {
    const name = interaction.command_name!;
    const target = onServer.find((t) => t.handlers.slash_commands.includes(name));
    return target ? { target } : { reason: `no enabled plugin on server ${interaction.guild_id} handles slash command "${name}"` };
  }
  const raw = interaction.custom_id!;
  const table = interaction.type === 'component' ? 'components' : 'modals';
  if (scoped) {
    const ns = namespaceOf(raw);
    const target = ns === undefined ? undefined : onServer.find((t) => t.pluginId === ns);
    const own = target ? unscope(target.pluginId, raw) : undefined;
    if (!target || own === undefined) return { reason: `custom_id "${raw.slice(0, 100)}" was not minted by a plugin enabled on server ${interaction.guild_id}` };
    return { target, customId: own };
  }
  const target = onServer.find((t) => t.handlers[table].includes(raw));
  return target ? { target, customId: raw } : { reason: `no enabled plugin on server ${interaction.guild_id} handles ${interaction.type} "${raw.slice(0, 100)}"` };
}

/**
 * Runs one routed interaction: registers its token with the broker (deadlines, auto-defer), dispatches
 * `interaction_create` to the install's `on_event` handler if it has one, and calls its dedicated handler.
 * Resolves when the handler has returned (its answers have gone out by then).
 */
export async function runInteraction(
  broker: InteractionBroker,
  target: InteractionTarget,
  interaction: IncomingInteraction,
  customId: string | undefined,
  emit: (event: HostEventInput) => void,
  handlerTimeoutMs: number,
): Promise<InteractionOutcome> {
  const name = interaction.type === 'slash_command' ? interaction.command_name! : customId!;
  const table = interaction.type === 'slash_command' ? 'slash_commands' : interaction.type === 'component' ? 'components' : 'modals';
  const hasHandler = target.handlers[table].includes(name);
  if (!hasHandler && !target.handlesEvent('interaction_create')) {
    // Nobody would answer (e.g. a button left over from an older version): the bot's fallback should.
    return { routed: false, reason: `plugin ${target.pluginId} registers no handler for ${interaction.type} "${name.slice(0, 100)}"` };
  }
  broker.open(interaction, { installId: target.installId, pluginId: target.pluginId, serverId: target.serverId });
  const guest: Record<string, unknown> = {
    interaction_id: interaction.id,
    interaction_type: interaction.type,
    user_id: interaction.user_id,
    channel_id: interaction.channel_id ?? null,
    guild_id: interaction.guild_id,
  };
  if (interaction.type === 'slash_command') {
    guest['command_name'] = interaction.command_name;
    guest['options'] = interaction.options ?? [];
  } else guest['custom_id'] = customId;
  if (interaction.values !== undefined) guest['values'] = interaction.values;
  if (interaction.type === 'modal_submit') guest['modal_values'] = interaction.modal_values ?? {};

  if (target.handlesEvent('interaction_create')) {
    target.dispatchEvent('interaction_create', {
      interaction_id: interaction.id,
      interaction_type: interaction.type,
      command_name: interaction.command_name ?? null,
      custom_id: customId ?? null,
      modal_values: interaction.type === 'modal_submit' ? (interaction.modal_values ?? {}) : null,
    });
  }
  const base = { routed: true as const, installId: target.installId, pluginId: target.pluginId };
  if (!hasHandler) {
    // Only an on_event("interaction_create") handler (or none): the broker's auto-defer still keeps Discord's deadline.
    return { ...base, via: 'event', initial: broker.initialOf(interaction.id) ?? null };
  }
  try {
    await target.request(METHOD[interaction.type], { interaction: guest }, handlerTimeoutMs);
    broker.handlerDone(interaction.id);
    return { ...base, via: 'handler', initial: broker.initialOf(interaction.id) ?? null };
  } catch (error) {
    const event = requestErrorEvent(`${interaction.type}:${name}`, error);
    emit(event);
    const e = event as { code: string; message: string };
    return { ...base, via: 'handler', initial: broker.initialOf(interaction.id) ?? null, error: { code: e.code, message: e.message } };
  }
}

/** Throws the one error a host author sees for a malformed interaction, listing every problem. */
export function assertInteraction(value: unknown): asserts value is IncomingInteraction {
  const issues = interactionIssues(value);
  if (issues.length > 0) throw new SandboxError(SandboxErrorCodes.InvalidEvent, `invalid interaction: ${issues.join('; ')}`, { data: { issues } });
}
