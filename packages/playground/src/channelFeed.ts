import type { ActionEvent } from '@maidkit/sandbox-runner';

/** What the page draws in the channel. Plain JSON; the page never sees host internals. */
export type FeedItem =
  | { kind: 'message'; id: string; author: 'user' | 'plugin'; content: string; components: unknown[]; embeds: unknown[]; ephemeral: boolean; channelId: string; time: string; interactionId?: string; thinking?: boolean; dm?: string; command?: string }
  | { kind: 'update'; id: string; content?: string; components?: unknown[]; embeds?: unknown[]; thinking?: boolean }
  | { kind: 'delete'; id: string }
  | { kind: 'reaction'; messageId: string; emoji: string; added: boolean }
  | { kind: 'modal'; interactionId: string; title: string; customId: string; components: unknown[] }
  | { kind: 'notice'; level: 'info' | 'warning' | 'error'; text: string; interactionId?: string };

/** The message an interaction's answer lives in (callback 4/5 create it; edits and the first follow-up after 5 update it). */
export const interactionMessageId = (interactionId: string): string => `ix-${interactionId}`;

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Turns the Discord actions a plugin performed (as the host reports them) into what a Discord client
 * would show. `deferred` remembers interactions answered with `defer`, whose first follow-up replaces the
 * "is thinking…" placeholder, as Discord does.
 */
export class ChannelFeed {
  readonly #deferred = new Set<string>();
  /** Interactions answered with a message of their own (4, 5): their "original" is that message. */
  readonly #answered = new Set<string>();
  /** Component interaction → the message whose component was clicked (callback 7 and edits update it). */
  readonly #clicked = new Map<string, string>();
  readonly #channelId: string;

  constructor(channelId: string) {
    this.#channelId = channelId;
  }

  /** Remembers which message a click came from; bounded (the oldest are forgotten). */
  clicked(interactionId: string, messageId: string): void {
    this.#clicked.set(interactionId, messageId);
    if (this.#clicked.size > 1000) this.#clicked.delete(this.#clicked.keys().next().value as string);
    if (this.#answered.size > 1000) this.#answered.delete(this.#answered.values().next().value as string);
  }

  fromAction(event: Pick<ActionEvent, 'method' | 'params' | 'result' | 'time'>): FeedItem[] {
    const p = event.params;
    const result = (event.result ?? {}) as Record<string, unknown>;
    const ix = str(p['interaction_id']);
    const message = (id: string, extra: Partial<Extract<FeedItem, { kind: 'message' }>> = {}): FeedItem => ({
      kind: 'message',
      id,
      author: 'plugin',
      content: str(p['content']),
      components: arr(p['components']),
      embeds: arr(p['embeds']),
      ephemeral: p['ephemeral'] === true,
      channelId: str(p['channel_id']) || this.#channelId,
      time: event.time,
      ...extra,
    });
    const update = (id: string, src: Record<string, unknown> = p): FeedItem => ({
      kind: 'update',
      id,
      thinking: false,
      ...(src['content'] !== undefined ? { content: str(src['content']) } : {}),
      ...(src['components'] !== undefined ? { components: arr(src['components']) } : {}),
      ...(src['embeds'] !== undefined ? { embeds: arr(src['embeds']) } : {}),
    });
    const body = (data: Record<string, unknown>) => ({ content: str(data['content']), components: arr(data['components']), embeds: arr(data['embeds']), ephemeral: (Number(data['flags'] ?? 0) & 64) === 64 });
    if (event.method === 'interaction.callback' && (p['type'] === 4 || p['type'] === 5)) this.#answered.add(ix);
    switch (event.method) {
      case 'discord.send_message':
        return [message(str(result['message_id']) || `m-${event.time}`)];
      case 'discord.send_dm':
        return [message(str(result['message_id']) || `dm-${event.time}`, { dm: str(p['user_id']) })];
      case 'discord.edit_message':
        return [update(str(p['message_id']))];
      case 'discord.delete_message':
        return [{ kind: 'delete', id: str(p['message_id']) }];
      case 'discord.add_reaction':
      case 'discord.remove_reaction':
        return [{ kind: 'reaction', messageId: str(p['message_id']), emoji: str(p['emoji']), added: event.method === 'discord.add_reaction' }];
      // The host's InteractionBroker reports Discord's own calls: one callback (4 message, 5 "thinking…",
      // 6 silent ack of a click, 7 update the clicked message, 9 modal), then follow-ups and edits.
      case 'interaction.callback': {
        const data = (p['data'] ?? {}) as Record<string, unknown>;
        const clicked = this.#clicked.get(ix);
        switch (p['type']) {
          case 4:
            return [message(interactionMessageId(ix), { ...body(data), interactionId: ix })];
          case 5:
            this.#deferred.add(ix);
            return [message(interactionMessageId(ix), { ...body(data), content: '', interactionId: ix, thinking: true })];
          case 6:
            return [];
          case 7:
            return clicked === undefined ? [] : [update(clicked, data)];
          case 9:
            return [{ kind: 'modal', interactionId: ix, title: str(data['title']), customId: str(data['custom_id']), components: arr(data['components']) }];
          default:
            return [{ kind: 'notice', level: 'warning', text: `interaction callback type ${String(p['type'])}` }];
        }
      }
      case 'interaction.followup': {
        const data = (p['data'] ?? {}) as Record<string, unknown>;
        if (this.#deferred.delete(ix)) return [update(interactionMessageId(ix), data)];
        return [message(str(result['message_id']) || `fu-${event.time}`, { ...body(data), interactionId: ix })];
      }
      case 'interaction.edit_original': {
        const data = (p['data'] ?? {}) as Record<string, unknown>;
        this.#deferred.delete(ix);
        // After a silent ack (6) of a click, "the original" is the clicked message.
        return [update(this.#answered.has(ix) ? interactionMessageId(ix) : (this.#clicked.get(ix) ?? interactionMessageId(ix)), data)];
      }
      default:
        // Moderation, roles, reads: a line in the channel saying what the plugin did.
        return [{ kind: 'notice', level: 'info', text: `${event.method} ${JSON.stringify(p)}` }];
    }
  }
}
