import { InteractionTypes, ValidationError, buildMessage, deferReply, deferUpdate, showModal, updateMessage, type InteractionResponse, type ValidationIssue } from '@maidkit/components';
import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { ActionContext, DiscordActions, InteractionCallbackType } from '../host/DiscordActions.js';
import type { HostEventInput } from '../host/hostEvents.js';
import { scopeComponents, scopeModal } from './scopeComponents.js';

/** What the bot hands the host: one Discord interaction, in PROTOCOL.md §7's words plus its token. */
export interface IncomingInteraction {
  /** Discord's interaction id (snowflake). */
  id: string;
  /** The interaction token: kept by the host, never shown to the plugin. */
  token: string;
  type: InteractionKind;
  /** The server it happened on: selects the installs it can reach. */
  guild_id: string;
  user_id: string;
  channel_id?: string | null;
  command_name?: string;
  options?: Array<{ name: string; type: number; value: unknown }>;
  /** As Discord sent it (scoped, e.g. `"my_plugin:yes"`, when the host scopes custom_ids). */
  custom_id?: string;
  values?: string[];
  modal_values?: Record<string, string>;
}

export type InteractionKind = 'slash_command' | 'component' | 'modal_submit';

export interface InteractionOptions {
  /** Send a deferral for a handler that has not answered after this long (ms); `false` disables. Default 2500. */
  autoDeferMs: number | false;
  /** Whether the automatic deferral of a slash command or modal submit is ephemeral. Default false. */
  autoDeferEphemeral: boolean;
  /** Discord's initial-response deadline (ms). Default 3000. */
  responseDeadlineMs: number;
  /** How long the token takes follow-ups and edits (ms). Default 15 minutes. */
  tokenTtlMs: number;
  /** Prefix outgoing custom_ids with the plugin id and route clicks by it (see scopeComponents). Default true. */
  scopeCustomIds: boolean;
  /**
   * Interactions whose token the host keeps at once (follow-ups may come from a plugin's background thread
   * after its handler returned, so tokens live their 15 minutes); beyond this the oldest is forgotten.
   * Default 50,000 — bounded memory at any interaction rate.
   */
  maxOpen: number;
}

export const DEFAULT_INTERACTION_OPTIONS: Readonly<InteractionOptions> = Object.freeze({
  autoDeferMs: 2_500,
  autoDeferEphemeral: false,
  responseDeadlineMs: 3_000,
  tokenTtlMs: 15 * 60_000,
  scopeCustomIds: true,
  maxOpen: 50_000,
});

interface Initial {
  type: InteractionCallbackType;
  by: 'plugin' | 'auto';
  at: number;
  ephemeral: boolean;
  /** Settles when Discord has the callback; later edits and follow-ups wait for it. */
  sent: Promise<void>;
}

interface Entry {
  interaction: IncomingInteraction;
  installId: string;
  pluginId: string;
  serverId: string;
  receivedAt: number;
  initial?: Initial;
  timer?: NodeJS.Timeout;
  expiry: NodeJS.Timeout;
}

type Emit = (who: { pluginId: string; installId: string }, event: HostEventInput) => void;

const DISCORD_TYPE: Record<InteractionKind, number> = {
  slash_command: InteractionTypes.applicationCommand,
  component: InteractionTypes.messageComponent,
  modal_submit: InteractionTypes.modalSubmit,
};

/**
 * The host's side of interactions: holds each interaction's token, turns the plugin's
 * `interaction.respond/defer/send_modal/followup/edit_original` into Discord callbacks (types 4/5/6/7/9,
 * flags 64 for ephemeral), validated with @maidkit/components, and enforces Discord's timing:
 * one initial response within 3 s (a deferral is sent for a slow handler), follow-ups and edits for the
 * token's 15 minutes.
 */
export class InteractionBroker {
  readonly #entries = new Map<string, Entry>();
  readonly #o: InteractionOptions;

  constructor(
    readonly discord: DiscordActions,
    readonly emit: Emit,
    options: Partial<InteractionOptions> = {},
  ) {
    this.#o = { ...DEFAULT_INTERACTION_OPTIONS, ...options };
  }

  get options(): Readonly<InteractionOptions> {
    return this.#o;
  }

  /** Registers an interaction for an install (its token, its deadlines) and arms the auto-defer. */
  open(interaction: IncomingInteraction, owner: { installId: string; pluginId: string; serverId: string }): void {
    this.#close(interaction.id);
    const entry: Entry = {
      interaction,
      ...owner,
      receivedAt: Date.now(),
      expiry: setTimeout(() => this.#close(interaction.id), this.#o.tokenTtlMs).unref(),
    };
    if (this.#o.autoDeferMs !== false) entry.timer = setTimeout(() => void this.#autoDefer(entry), this.#o.autoDeferMs).unref();
    this.#entries.set(interaction.id, entry);
    // Map order is arrival order: the first key is the oldest.
    while (this.#entries.size > this.#o.maxOpen) this.#close(this.#entries.keys().next().value as string);
  }

  /** The handler returned: a handler that answered nothing is reported (Discord shows "This interaction failed"). */
  handlerDone(interactionId: string): void {
    const entry = this.#entries.get(interactionId);
    if (!entry || entry.initial) return;
    clearTimeout(entry.timer);
    this.emit(entry, { type: 'warning', code: 'interaction_unanswered', message: `the ${entry.interaction.type} handler returned without answering interaction ${interactionId}; Discord shows "This interaction failed"`, data: { interaction_id: interactionId } });
  }

  /** The callback type sent first, if any (for outcomes and tests). */
  initialOf(interactionId: string): { type: InteractionCallbackType; by: 'plugin' | 'auto'; afterMs: number } | undefined {
    const entry = this.#entries.get(interactionId);
    return entry?.initial ? { type: entry.initial.type, by: entry.initial.by, afterMs: entry.initial.at - entry.receivedAt } : undefined;
  }

  /** Forgets every interaction of an install (disabled, uninstalled). */
  forgetInstall(installId: string): void {
    for (const [id, entry] of this.#entries) if (entry.installId === installId) this.#close(id);
  }

  close(): void {
    for (const id of [...this.#entries.keys()]) this.#close(id);
  }

  /** One of the plugin's `interaction.*` calls (already capability- and schema-checked). */
  async handle(method: string, params: Record<string, unknown>, caller: { installId: string; pluginId: string; serverId: string }): Promise<unknown> {
    const id = params['interaction_id'] as string;
    const entry = this.#entries.get(id);
    if (!entry || entry.installId !== caller.installId) {
      throw new RpcError(ErrorCodes.NotFound, `interaction ${id} is not one this install is handling (unknown, addressed to another plugin, or older than ${Math.round(this.#o.tokenTtlMs / 60_000)} minutes)`);
    }
    const now = Date.now();
    if (now - entry.receivedAt > this.#o.tokenTtlMs) {
      throw new RpcError(ErrorCodes.Timeout, `${method}: the token of interaction ${id} has expired (${Math.round(this.#o.tokenTtlMs / 60_000)} minutes)`, { timeout_ms: this.#o.tokenTtlMs, reason: 'token_expired' });
    }
    switch (method) {
      case 'interaction.respond':
        return this.#respond(entry, params, now);
      case 'interaction.defer':
        return this.#defer(entry, params, now);
      case 'interaction.send_modal':
        return this.#modal(entry, params, now);
      case 'interaction.followup':
        return this.#followup(entry, params);
      case 'interaction.edit_original':
        return this.#editOriginal(entry, params, now);
      default:
        throw new RpcError(ErrorCodes.MethodNotFound, `${method} is not an interaction call`);
    }
  }

  // ------------------------------------------------------------------ the five calls

  async #respond(entry: Entry, p: Record<string, unknown>, now: number): Promise<unknown> {
    const ephemeral = p['ephemeral'] === true;
    const message = this.#message(entry, p, ephemeral);
    if (entry.initial?.by === 'auto') {
      // Late, but the host deferred in time: the answer replaces the "thinking…" message (a deferred
      // slash command) or arrives as a follow-up (a deferred click, or a change of ephemerality).
      const asEdit = entry.initial.type === 5 && entry.initial.ephemeral === ephemeral;
      this.#late(entry, 'interaction.respond', now, asEdit ? 'edit_original' : 'followup');
      await entry.initial.sent;
      if (asEdit) await this.#webhook(entry, 'interaction.edit_original', stripFlags(message));
      else await this.#webhook(entry, 'interaction.followup', message);
      return {};
    }
    this.#claimable(entry, 'interaction.respond', now);
    // `message` is already built and validated; a message (4) may answer all three interaction kinds.
    await this.#callback(entry, 'plugin', { type: 4, data: message } as InteractionResponse, ephemeral);
    return {};
  }

  async #defer(entry: Entry, p: Record<string, unknown>, now: number): Promise<unknown> {
    const ephemeral = p['ephemeral'] === true;
    if (entry.initial?.by === 'auto') {
      this.#late(entry, 'interaction.defer', now, 'nothing (already deferred)');
      return {};
    }
    this.#claimable(entry, 'interaction.defer', now);
    await this.#callback(entry, 'plugin', this.#checked(() => deferReply({ ephemeral }, { interactionType: DISCORD_TYPE[entry.interaction.type] })), ephemeral);
    return {};
  }

  async #modal(entry: Entry, p: Record<string, unknown>, now: number): Promise<unknown> {
    if (entry.initial?.by === 'auto') {
      this.#late(entry, 'interaction.send_modal', now, 'nothing');
      throw new RpcError(ErrorCodes.Timeout, `interaction.send_modal: a modal must be the first answer, within ${this.#o.responseDeadlineMs} ms; the handler took ${now - entry.receivedAt} ms and the host had already deferred`, { timeout_ms: this.#o.responseDeadlineMs, reason: 'too_late' });
    }
    this.#claimable(entry, 'interaction.send_modal', now);
    const modal = { title: p['title'], ...this.#checked(() => (this.#o.scopeCustomIds ? scopeModal(entry.pluginId, { custom_id: p['custom_id'], components: p['components'] }) : { custom_id: p['custom_id'], components: p['components'] })) };
    const response = this.#checked(() => showModal(modal as Parameters<typeof showModal>[0], { interactionType: DISCORD_TYPE[entry.interaction.type] }));
    await this.#callback(entry, 'plugin', response, false);
    return {};
  }

  async #followup(entry: Entry, p: Record<string, unknown>): Promise<unknown> {
    const initial = entry.initial;
    if (!initial || initial.type === 9) {
      throw notAcknowledged('interaction.followup', entry, initial ? 'a modal was the answer; follow-ups need a message or a deferral' : 'answer first with respond or defer');
    }
    const message = this.#message(entry, p, p['ephemeral'] === true);
    await initial.sent;
    return this.#webhook(entry, 'interaction.followup', message);
  }

  async #editOriginal(entry: Entry, p: Record<string, unknown>, now: number): Promise<unknown> {
    const message = this.#message(entry, p, false);
    const initial = entry.initial;
    if (!initial && entry.interaction.type === 'component') {
      // On a click, editing "the original" before answering is Discord's UPDATE_MESSAGE (7): it edits the clicked message.
      this.#claimable(entry, 'interaction.edit_original', now);
      await this.#callback(entry, 'plugin', this.#checked(() => updateMessage(stripFlags(message), { interactionType: DISCORD_TYPE.component })), false);
      return {};
    }
    if (!initial || initial.type === 9) {
      throw notAcknowledged('interaction.edit_original', entry, initial ? 'a modal has no message to edit' : 'answer first with respond or defer');
    }
    await initial.sent;
    await this.#webhook(entry, 'interaction.edit_original', stripFlags(message));
    return {};
  }

  // ------------------------------------------------------------------ helpers

  /** Refuses a second first answer, or a first answer past the deadline (auto-defer off). */
  #claimable(entry: Entry, method: string, now: number): void {
    const id = entry.interaction.id;
    if (entry.initial) {
      this.emit(entry, { type: 'warning', code: 'interaction_answered_twice', message: `${method} for interaction ${id}, which was already answered (callback type ${entry.initial.type}); refused`, data: { interaction_id: id, method, first: entry.initial.type } });
      throw new RpcError(ErrorCodes.InvalidParams, `${method}: interaction ${id} was already answered (callback type ${entry.initial.type}); use interaction.followup or interaction.edit_original`, {
        errors: [{ path: '/interaction_id', code: 'already_acknowledged', message: 'an interaction takes one initial response' }],
      });
    }
    const elapsed = now - entry.receivedAt;
    if (elapsed > this.#o.responseDeadlineMs) {
      clearTimeout(entry.timer);
      this.#late(entry, method, now, 'nothing');
      throw new RpcError(ErrorCodes.Timeout, `${method}: Discord takes the first answer within ${this.#o.responseDeadlineMs} ms; this one came after ${elapsed} ms (call ctx.interaction.defer() first in slow handlers)`, { timeout_ms: this.#o.responseDeadlineMs, reason: 'too_late' });
    }
  }

  #late(entry: Entry, method: string, now: number, sentAs: string): void {
    const elapsed = now - entry.receivedAt;
    this.emit(entry, {
      type: 'warning',
      code: 'interaction_late',
      message: `${method} for interaction ${entry.interaction.id} came after ${elapsed} ms (Discord's limit is ${this.#o.responseDeadlineMs} ms); sent as ${sentAs}`,
      data: { interaction_id: entry.interaction.id, method, elapsed_ms: elapsed, sent_as: sentAs },
    });
  }

  async #autoDefer(entry: Entry): Promise<void> {
    if (entry.initial || !this.#entries.has(entry.interaction.id)) return;
    // A click is acknowledged without a visible message (6); a command or a form shows "thinking…" (5).
    const ephemeral = entry.interaction.type !== 'component' && this.#o.autoDeferEphemeral;
    const response = entry.interaction.type === 'component' ? deferUpdate() : deferReply({ ephemeral });
    this.emit(entry, { type: 'warning', code: 'interaction_auto_deferred', message: `the handler had not answered interaction ${entry.interaction.id} after ${Date.now() - entry.receivedAt} ms; the host deferred it (callback type ${response.type})`, data: { interaction_id: entry.interaction.id, type: response.type } });
    await this.#callback(entry, 'auto', response, ephemeral).catch((error: unknown) => {
      this.emit(entry, { type: 'error', code: 'interaction_callback_failed', message: `the automatic deferral of interaction ${entry.interaction.id} failed: ${error instanceof Error ? error.message : String(error)}`, during: 'interaction.auto_defer' });
    });
  }

  async #callback(entry: Entry, by: 'plugin' | 'auto', response: InteractionResponse, ephemeral: boolean): Promise<void> {
    clearTimeout(entry.timer);
    const params = { interaction_id: entry.interaction.id, token: entry.interaction.token, type: response.type as InteractionCallbackType, ...('data' in response && response.data !== undefined ? { data: response.data as Record<string, unknown> } : {}) };
    // Claimed before the await, so a racing auto-defer or second answer sees it.
    let done!: () => void;
    const initial: Initial = { type: params.type, by, at: Date.now(), ephemeral, sent: new Promise<void>((r) => (done = r)) };
    entry.initial = initial;
    try {
      await this.discord.interactionCallback(actionContext(entry), params);
      this.emit(entry, { type: 'action', method: 'interaction.callback', params: withoutToken(params), result: {} });
    } finally {
      done();
    }
  }

  async #webhook(entry: Entry, method: 'interaction.followup' | 'interaction.edit_original', data: Record<string, unknown>): Promise<unknown> {
    const params = { interaction_id: entry.interaction.id, token: entry.interaction.token, data };
    const result = method === 'interaction.followup' ? await this.discord.interactionFollowup(actionContext(entry), params) : ((await this.discord.interactionEditOriginal(actionContext(entry), params)) ?? {});
    this.emit(entry, { type: 'action', method, params: withoutToken(params), result });
    return result;
  }

  /** The plugin's message fields, custom_ids scoped, validated against Discord's limits. */
  #message(entry: Entry, p: Record<string, unknown>, ephemeral: boolean): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const key of ['content', 'embeds'] as const) if (p[key] !== undefined && p[key] !== null) input[key] = p[key];
    if (p['components'] !== undefined && p['components'] !== null) {
      input['components'] = this.#checked(() => (this.#o.scopeCustomIds ? scopeComponents(entry.pluginId, p['components']) : p['components']));
    }
    if (ephemeral) input['ephemeral'] = true;
    return this.#checked(() => buildMessage(input as Parameters<typeof buildMessage>[0]));
  }

  /** Runs a components builder; its ValidationError becomes -32602 listing every problem. */
  #checked<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw invalid(error.issues);
    }
  }

  #close(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    clearTimeout(entry.expiry);
    this.#entries.delete(id);
  }
}

function actionContext(entry: Entry): ActionContext {
  return { pluginId: entry.pluginId, installId: entry.installId, serverId: entry.serverId };
}

function withoutToken(params: { token: string } & Record<string, unknown>): Record<string, unknown> {
  const { token: _secret, ...rest } = params;
  return rest;
}

/** An edit cannot change ephemerality, so the flag is dropped (other flags, e.g. components v2, stay). */
function stripFlags(message: Record<string, unknown>): Record<string, unknown> {
  const flags = message['flags'];
  if (typeof flags !== 'number') return message;
  const rest = flags & ~64;
  const { flags: _f, ...body } = message;
  return rest === 0 ? body : { ...body, flags: rest };
}

function invalid(issues: readonly ValidationIssue[]): RpcError {
  // Paths are relative to the plugin's params: a callback's `/data` prefix is the host's, not the plugin's.
  const errors = issues.map((i) => ({ path: i.path.replace(/^\/data(?=\/|$)/, ''), code: i.code, message: i.message }));
  return new RpcError(ErrorCodes.InvalidParams, `Discord would refuse this: ${errors.map((e) => `${e.path || '(message)'} ${e.message}`).join('; ')}`, { errors });
}

function notAcknowledged(method: string, entry: Entry, hint: string): RpcError {
  return new RpcError(ErrorCodes.InvalidParams, `${method}: interaction ${entry.interaction.id} has no message to follow up or edit yet (${hint})`, {
    errors: [{ path: '/interaction_id', code: 'not_acknowledged', message: hint }],
  });
}
