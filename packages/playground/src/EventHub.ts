import type { ServerResponse } from 'node:http';

/** One message to the page, as a Server-Sent Event: `event: <type>` and `data: <json>`. */
export interface HubEvent {
  /** Increasing sequence number (the SSE `id`, so a reconnecting page resumes where it left off). */
  seq: number;
  type: string;
  data: unknown;
}

/**
 * Fans events out to every open page over Server-Sent Events and keeps the last `keep` of them, so a page
 * opened (or reloaded) later sees the conversation so far. Bounded: the oldest events are forgotten.
 */
export class EventHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #history: HubEvent[] = [];
  readonly #keep: number;
  #seq = 0;

  constructor(keep = 2000) {
    this.#keep = keep;
  }

  publish(type: string, data: unknown): HubEvent {
    const event: HubEvent = { seq: ++this.#seq, type, data };
    this.#history.push(event);
    if (this.#history.length > this.#keep) this.#history.splice(0, this.#history.length - this.#keep);
    const frame = EventHub.frame(event);
    for (const client of this.#clients) client.write(frame);
    return event;
  }

  /** Every remembered event after `afterSeq`. */
  since(afterSeq = 0): HubEvent[] {
    return this.#history.filter((e) => e.seq > afterSeq);
  }

  /** Starts an SSE stream on `res`: replays history after `lastSeq`, then follows. */
  attach(res: ServerResponse, lastSeq = 0): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write('retry: 500\n\n');
    for (const event of this.since(lastSeq)) res.write(EventHub.frame(event));
    this.#clients.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(ping);
      this.#clients.delete(res);
    });
  }

  get clients(): number {
    return this.#clients.size;
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  static frame(event: HubEvent): string {
    // JSON never holds a raw newline, so one `data:` line is enough.
    return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
  }
}
