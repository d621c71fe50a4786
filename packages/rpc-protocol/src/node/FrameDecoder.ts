/**
 * Incremental decoder for `Content-Length: N\r\n\r\n<N bytes>` frames.
 *
 * Why not vscode-jsonrpc's reader: it loses sync on one stray line, has no size cap and buffers a
 * claimed 2 GB body. This one
 *  1. requires each frame to start with a `Content-Length:` header (case-insensitive) and otherwise
 *     discards bytes up to the next one, reporting them as stray output (resync, nothing after is lost);
 *  2. skips a header whose length is missing, negative or non-numeric, or whose block is too long, by
 *     resyncing from the byte after its start (so a truncated header cannot swallow the next frame);
 *  3. stops dead on a length over the cap, before reading a byte of the body (the stream cannot be
 *     resynchronised without reading it, so the caller closes the connection);
 *  4. can be paused between frames, so a full inbound queue leaves the rest in the pipe.
 */
export interface FrameSink {
  /** A complete body. Return false to pause decoding after this frame. */
  frame(body: Buffer): boolean;
  /** Bytes that were not part of any frame. `sample` is their first ~200 characters. */
  stray(bytes: number, sample: string): void;
  /** A header block that cannot be used; it was skipped. */
  malformed(reason: string, header: string): void;
  /** A header announced more than the cap; decoding has stopped for good. */
  oversized(announced: number, limit: number): void;
}

const TOKEN = Buffer.from('content-length:', 'latin1');
const TOKEN_UPPER = Buffer.from('Content-Length:', 'latin1');
const TOKEN_LEN = TOKEN.length;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const SAMPLE_CHARS = 200;

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Body collection when a frame spans chunks. */
  private bodyNeed = -1;
  private bodyChunks: Buffer[] = [];
  private bodyHave = 0;
  private strayBytes = 0;
  private straySample = '';
  private paused = false;
  private dead = false;

  constructor(
    private readonly sink: FrameSink,
    private maxMessageBytes: number,
    private readonly maxHeaderBytes = 4096,
  ) {}

  setMaxMessageBytes(limit: number): void {
    this.maxMessageBytes = limit;
  }

  /** Bytes held but not yet delivered (a partial frame, or frames held while paused). */
  get buffered(): number {
    return this.buf.length - this.pos + this.bodyHave;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(chunk: Buffer): void {
    if (this.dead) return;
    if (this.bodyNeed >= 0) {
      this.bodyChunks.push(chunk);
      this.bodyHave += chunk.length;
      if (this.bodyHave < this.bodyNeed) return;
      const all = Buffer.concat(this.bodyChunks, this.bodyHave);
      this.bodyChunks = [];
      this.bodyHave = 0;
      const need = this.bodyNeed;
      this.bodyNeed = -1;
      this.buf = all;
      this.pos = need;
      if (!this.sink.frame(all.subarray(0, need))) this.paused = true;
    } else if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
    this.run();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.run();
  }

  /** Stop for good (after a fatal error or close); drops what is buffered. */
  stop(): void {
    this.dead = true;
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.bodyChunks = [];
    this.bodyHave = 0;
  }

  /**
   * The input ended: report leftover bytes. Returns how many bytes of an unfinished frame were lost
   * (0 when the stream ended cleanly between frames).
   */
  end(): number {
    if (this.dead) return 0;
    const leftover = this.buffered;
    let truncated = 0;
    if (leftover > 0) {
      const rest = this.buf.subarray(this.pos);
      if (this.bodyNeed >= 0 || startsWithToken(rest, 0) !== 0) truncated = leftover;
      else this.addStray(rest, 0, rest.length);
    }
    this.flushStray();
    this.stop();
    return truncated;
  }

  private run(): void {
    const buf = this.buf;
    while (!this.paused && !this.dead && this.pos < buf.length) {
      const pos = this.pos;
      const starts = startsWithToken(buf, pos);
      if (starts === -1) break; // a prefix of the token: wait for more bytes
      if (starts === 0) {
        this.skipToNextToken(buf, pos);
        continue;
      }
      const headerEnd = buf.indexOf(HEADER_END, pos + TOKEN_LEN);
      if (headerEnd === -1) {
        if (buf.length - pos > this.maxHeaderBytes) {
          this.sink.malformed(`header block longer than ${this.maxHeaderBytes} bytes without a blank line`, sampleOf(buf, pos, pos + 80));
          this.skipToNextToken(buf, pos + 1);
          continue;
        }
        break;
      }
      // A bad header is skipped by resyncing from the next byte, not from its blank line: a truncated
      // header followed by a good frame ("Content-Length: Content-Length: 7…") keeps the good frame.
      if (headerEnd - pos > this.maxHeaderBytes) {
        this.sink.malformed(`header block longer than ${this.maxHeaderBytes} bytes`, sampleOf(buf, pos, pos + 80));
        this.skipToNextToken(buf, pos + 1);
        continue;
      }
      const length = parseLength(buf, pos + TOKEN_LEN, headerEnd);
      const bodyStart = headerEnd + 4;
      if (length === undefined) {
        this.sink.malformed('Content-Length is not a non-negative decimal integer', sampleOf(buf, pos, headerEnd));
        this.skipToNextToken(buf, pos + 1);
        continue;
      }
      if (length > this.maxMessageBytes) {
        this.flushStray();
        this.stop();
        this.sink.oversized(length, this.maxMessageBytes);
        return;
      }
      this.flushStray();
      const bodyEnd = bodyStart + length;
      if (bodyEnd <= buf.length) {
        this.pos = bodyEnd;
        if (!this.sink.frame(buf.subarray(bodyStart, bodyEnd))) this.paused = true;
        continue;
      }
      // The body spans chunks: collect them and concatenate once.
      this.bodyNeed = length;
      const have = buf.subarray(bodyStart);
      this.bodyChunks = have.length > 0 ? [have] : [];
      this.bodyHave = have.length;
      this.buf = Buffer.alloc(0);
      this.pos = 0;
      return;
    }
    if (this.pos >= this.buf.length && this.bodyNeed < 0) {
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
    this.flushStray();
  }

  /** Discard from `from` up to the next header token (or all but a possible token prefix at the end). */
  private skipToNextToken(buf: Buffer, from: number): void {
    const start = this.pos;
    let next = findToken(buf, Math.max(from, start + 1));
    if (next === -1) {
      // Keep a tail that could be the start of a header split across chunks.
      next = Math.max(start + 1, buf.length - (TOKEN_LEN - 1));
      while (next < buf.length && startsWithToken(buf, next) === 0) next++;
    }
    this.addStray(buf, start, next);
    this.pos = next;
  }

  private addStray(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.strayBytes += to - from;
    if (this.straySample.length < SAMPLE_CHARS) {
      this.straySample += buf.toString('utf8', from, Math.min(to, from + SAMPLE_CHARS));
      if (this.straySample.length > SAMPLE_CHARS) this.straySample = this.straySample.slice(0, SAMPLE_CHARS);
    }
  }

  private flushStray(): void {
    if (this.strayBytes === 0) return;
    const bytes = this.strayBytes;
    const sample = this.straySample;
    this.strayBytes = 0;
    this.straySample = '';
    this.sink.stray(bytes, sample);
  }
}

/** 1: the token starts at `pos`; 0: it does not; -1: the bytes so far are a prefix of it. */
function startsWithToken(buf: Buffer, pos: number): 1 | 0 | -1 {
  const avail = buf.length - pos;
  const n = avail < TOKEN_LEN ? avail : TOKEN_LEN;
  for (let i = 0; i < n; i++) {
    const c = buf[pos + i]!;
    if (c !== TOKEN[i] && c !== TOKEN_UPPER[i] && (c | 0x20) !== TOKEN[i]) return 0;
  }
  return n === TOKEN_LEN ? 1 : -1;
}

function findToken(buf: Buffer, from: number): number {
  // Canonical spelling first (what every sender writes), then any case on the rare path.
  const exact = buf.indexOf(TOKEN_UPPER, from);
  const lower = buf.indexOf(TOKEN, from);
  let best = exact === -1 ? lower : lower === -1 ? exact : Math.min(exact, lower);
  if (best === -1) {
    const folded = Buffer.from(buf.toString('latin1', from).toLowerCase(), 'latin1');
    const i = folded.indexOf(TOKEN);
    best = i === -1 ? -1 : from + i;
  }
  return best;
}

/** Parse the decimal after `Content-Length:` up to the end of its line. */
function parseLength(buf: Buffer, from: number, headerEnd: number): number | undefined {
  let i = from;
  while (i < headerEnd && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  let value = 0;
  let digits = 0;
  while (i < headerEnd) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    digits++;
    i++;
  }
  while (i < headerEnd && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  // The line must end here (CR) or at the end of the block.
  if (digits === 0 || (i < headerEnd && buf[i] !== 0x0d)) return undefined;
  // Absurdly long numbers are still lengths: they are "oversized", not "malformed".
  return digits > 15 ? Number.MAX_SAFE_INTEGER : value;
}

function sampleOf(buf: Buffer, from: number, to: number): string {
  return buf.toString('utf8', from, Math.min(to, buf.length, from + SAMPLE_CHARS));
}
