/**
 * The host's side of the `flow.ack` credit window (PROTOCOL.md §4.1): at most `window` events are
 * unacknowledged; the next `maxQueued` wait here; beyond that, events are refused so memory stays bounded
 * whatever the guest does. Bodies are already serialised, so queued events cost their JSON and nothing else.
 */
export type OfferResult = 'sent' | 'queued' | 'dropped';

export class EventFlow {
  private inFlightCount = 0;
  private queue: string[] = [];
  private head = 0;

  constructor(
    private window: number,
    private readonly maxQueued: number,
    private readonly send: (body: string) => void,
  ) {}

  get inFlight(): number {
    return this.inFlightCount;
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  get limit(): number {
    return this.window;
  }

  /** An event sent now would go straight out. */
  get hasRoom(): boolean {
    return this.inFlightCount < this.window && this.head === this.queue.length;
  }

  offer(body: string): OfferResult {
    if (this.hasRoom) {
      this.inFlightCount++;
      this.send(body);
      return 'sent';
    }
    if (this.queued >= this.maxQueued) return 'dropped';
    this.queue.push(body);
    return 'queued';
  }

  /** The guest finished `count` events: release that much credit and send what fits. */
  ack(count: number): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - count);
    this.drain();
  }

  setWindow(window: number): void {
    this.window = Math.max(1, window);
    this.drain();
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  private drain(): void {
    while (this.inFlightCount < this.window && this.head < this.queue.length) {
      const body = this.queue[this.head]!;
      this.queue[this.head++] = '';
      this.inFlightCount++;
      this.send(body);
    }
    if (this.head === this.queue.length) {
      this.clear();
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
