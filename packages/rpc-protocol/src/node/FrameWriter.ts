/**
 * The sending half of a connection. Why not vscode-jsonrpc's writer: it writes header and body as two
 * writes and waits for each write's callback (the C# sibling doubled burst throughput by dropping that
 * wait). Here each frame is one string, and every frame queued in one event-loop tick leaves in a single
 * `write()`; the owner is told when the unread backlog crosses its cap so it can stop taking in work.
 */
export interface FrameWriterHooks {
  /** At flush time: one more body to send last in this write (the peer's batched `flow.ack`), if any. */
  trailer(): string | undefined;
  /** The queued + unread output crossed the cap (`true`), or went back under it (`false`). */
  backlog(over: boolean): void;
  /** The output stream drained: it accepts writes without buffering again. */
  drained(): void;
  /** `write()` threw (the stream is destroyed). */
  failed(err: Error): void;
}

export class FrameWriter {
  private chunks: string[] = [];
  /** UTF-16 length of `chunks`: close enough to bytes for a backlog cap, and free to keep. */
  private queuedLength = 0;
  private scheduled = false;
  private isBlocked = false;
  private isOver = false;
  readonly counters = { messages: 0, writes: 0, bytes: 0 };
  private readonly onDrain = (): void => {
    this.isBlocked = false;
    this.setOver(false);
    this.hooks.drained();
  };

  constructor(
    private readonly output: NodeJS.WritableStream,
    private readonly maxBacklogBytes: number,
    private readonly hooks: FrameWriterHooks,
  ) {
    output.on('drain', this.onDrain);
  }

  /** The output stream reported backpressure and has not drained yet. */
  get blocked(): boolean {
    return this.isBlocked;
  }

  /** Frame a body and queue it for this tick's write. */
  send(body: string): void {
    const bodyBytes = Buffer.byteLength(body, 'utf8');
    const framed = `Content-Length: ${bodyBytes}\r\n\r\n${body}`;
    this.chunks.push(framed);
    this.queuedLength += framed.length;
    this.counters.messages++;
    this.counters.bytes += framed.length - body.length + bodyBytes;
    // Report the backlog as soon as answers pile up, not only at the next flush.
    if (!this.isOver && this.queuedLength + this.unread() > this.maxBacklogBytes) this.setOver(true);
    this.schedule();
  }

  /** Make sure a flush runs this tick even with nothing queued (the trailer may have something). */
  schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flush);
    }
  }

  /** Write everything queued now, in one `write()`. */
  readonly flush = (): void => {
    this.scheduled = false;
    const trailer = this.hooks.trailer();
    if (trailer !== undefined) {
      this.chunks.push(`Content-Length: ${Buffer.byteLength(trailer, 'utf8')}\r\n\r\n${trailer}`);
      this.counters.messages++;
      this.counters.bytes += this.chunks[this.chunks.length - 1]!.length;
    }
    if (this.chunks.length === 0) return;
    const data = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
    this.chunks = [];
    this.queuedLength = 0;
    if ((this.output as { writable?: boolean }).writable === false) return;
    this.counters.writes++;
    try {
      if (this.output.write(data)) {
        // Accepted without buffering: no 'drain' will come, so the backlog is gone now.
        this.setOver(false);
      } else {
        this.isBlocked = true;
        if (this.unread() > this.maxBacklogBytes) this.setOver(true);
      }
    } catch (err) {
      this.hooks.failed(err as Error);
    }
  };

  /** Stop listening to the stream (its late errors stay the owner's business). */
  detach(): void {
    this.output.removeListener('drain', this.onDrain);
  }

  private unread(): number {
    return (this.output as { writableLength?: number }).writableLength ?? 0;
  }

  private setOver(over: boolean): void {
    if (over === this.isOver) return;
    this.isOver = over;
    this.hooks.backlog(over);
  }
}
