import { MessageFlags, type Client, type ClientEvents, type Interaction } from 'discord.js';
import type { PluginHost } from '@maidkit/sandbox-runner';
import { GATEWAY_EVENTS, mapGatewayEvent, type GatewayEventName } from './mapGatewayEvent.js';
import { toPluginInteraction } from './mapInteraction.js';

/** What `PluginHost.interact` takes: an interaction in PROTOCOL.md §7's words plus its token. */
export type HostInteraction = Parameters<PluginHost['interact']>[0];
export type InteractionOutcome = Awaited<ReturnType<PluginHost['interact']>>;

export interface AttachPluginHostOptions {
  /** Which client events to forward (default: all sixteen). */
  events?: readonly GatewayEventName[];
  /**
   * Ephemeral text for a slash command no enabled plugin handles, or whose plugin failed before
   * answering (default a short apology; `null` sends nothing and leaves it to `onInteraction`).
   */
  failureReply?: string | null;
  /**
   * Sees each interaction before the plugins do; return `true` when the bot handled it itself (its
   * own admin commands, say) and it must not reach a plugin.
   */
  intercept?: (interaction: Interaction) => boolean | Promise<boolean>;
  /** Told how each interaction was routed (which install, initial response, handler error). */
  onInteraction?: (outcome: InteractionOutcome, interaction: Interaction) => void;
  /** Told about events the host refused and interactions that failed (default: ignored). */
  onError?: (error: unknown, context: { event: string; guildId?: string }) => void;
}

export interface AttachedPluginHost {
  /** Stops forwarding (removes every listener this added). */
  detach(): void;
  /** Resolves when every interaction handed over so far has finished (for tests and shutdown). */
  idle(): Promise<void>;
}

/** The interaction as `PluginHost.interact` takes it, or `null` for kinds plugins do not get. */
export function toHostInteraction(interaction: Interaction): HostInteraction | null {
  const payload = toPluginInteraction(interaction);
  if (!payload || !interaction.guildId || !('token' in interaction)) return null;
  return {
    id: payload.interaction_id,
    token: interaction.token,
    type: payload.interaction_type,
    guild_id: interaction.guildId,
    user_id: payload.user_id,
    channel_id: payload.channel_id ?? null,
    ...(payload.command_name === undefined ? {} : { command_name: payload.command_name }),
    ...(payload.options === undefined ? {} : { options: payload.options.map((o) => ({ name: o.name, type: o.type, value: o.value })) }),
    ...(payload.custom_id === undefined ? {} : { custom_id: payload.custom_id }),
    ...(payload.values === undefined ? {} : { values: payload.values }),
    ...(payload.modal_values === undefined ? {} : { modal_values: payload.modal_values }),
  };
}

/**
 * Wires a discord.js client to a `PluginHost`: each client event is mapped (`mapGatewayEvent`) and
 * dispatched to the installs on its server; each slash command, component click and modal submit goes
 * to `host.interact`, which routes it to the one install that handles it (and gives that install its
 * `interaction_create` event), keeps the token and auto-defers a slow handler.
 */
export function attachPluginHost(client: Client, host: PluginHost, options: AttachPluginHostOptions = {}): AttachedPluginHost {
  const names = options.events ?? (Object.keys(GATEWAY_EVENTS) as GatewayEventName[]);
  const onError = options.onError ?? (() => undefined);
  const inFlight = new Set<Promise<void>>();
  const listeners: Array<[keyof ClientEvents, (...args: never[]) => void]> = [];
  const track = (task: Promise<void>) => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  for (const name of names) {
    const listener = (...args: ClientEvents[typeof name]) => {
      if (name === 'interactionCreate') {
        // interaction_create reaches the routed install through host.interact, not as a broadcast.
        track(handOver(host, args[0] as Interaction, options, onError));
        return;
      }
      let guildId: string | undefined;
      try {
        const mapped = (mapGatewayEvent as (event: GatewayEventName, ...a: unknown[]) => ReturnType<typeof mapGatewayEvent>)(name, ...args);
        if (!mapped) return;
        guildId = mapped.guildId;
        host.dispatch(mapped.name, mapped.payload, { serverId: mapped.guildId });
      } catch (error) {
        onError(error, { event: name, ...(guildId === undefined ? {} : { guildId }) });
      }
    };
    client.on(name, listener as never);
    listeners.push([name, listener as never]);
  }

  return {
    detach() {
      for (const [name, listener] of listeners) client.off(name, listener as never);
      listeners.length = 0;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

async function handOver(host: PluginHost, interaction: Interaction, options: AttachPluginHostOptions, onError: NonNullable<AttachPluginHostOptions['onError']>): Promise<void> {
  const guildId = interaction.guildId ?? undefined;
  const where = { event: 'interactionCreate', ...(guildId === undefined ? {} : { guildId }) };
  try {
    if (options.intercept && (await options.intercept(interaction))) return;
    const incoming = toHostInteraction(interaction);
    if (!incoming) return;
    const outcome = await host.interact(incoming);
    options.onInteraction?.(outcome, interaction);
    const failed = !outcome.routed ? interaction.isChatInputCommand() : outcome.error !== undefined && outcome.initial === null;
    const text = options.failureReply === undefined ? 'No plugin on this server could answer that.' : options.failureReply;
    if (failed && text !== null && interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
      await interaction.reply({ content: text, flags: MessageFlags.Ephemeral });
    }
  } catch (error) {
    onError(error, where);
  }
}
