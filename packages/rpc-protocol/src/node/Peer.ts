import { isUtf8 } from 'node:buffer';
import { DEFAULT_LIMITS, ErrorCodes } from '../common/codes.js';
import type { AnyNotificationDescriptor, AnyRequestDescriptor, ParamsOf, ResultOf } from '../common/descriptor.js';
import type { Endpoint } from '../common/endpoint.js';
import { FrameDecoder } from './FrameDecoder.js';
import { EventFlow } from './EventFlow.js';
import { FrameWriter } from './FrameWriter.js';
import type { JsonValue } from '../common/json.js';
import { ProtocolError, type ProtocolErrorCode } from '../common/ProtocolError.js';
import { RpcError } from '../common/RpcError.js';
import { validateParams } from '../common/validate.js';
import { getMethod } from '../common/methods.js';
import { classifyMessage, recoverRequestId, type RequestId } from '../common/messages.js';

export type { RequestId };


export interface PeerOptions {
  /** Largest frame body accepted or sent (default 1 MiB). A bigger inbound header closes the connection. */
  maxMessageBytes?: number;
  /** Deadline for outgoing requests (default 10 000 ms; 0 = none). On expiry: -32002 and `$/cancelRequest`. */
  requestTimeoutMs?: number;
  /** Inbound requests/notifications queued before input is paused (default 1024). */
  maxPendingInbound?: number;
  /** Async handlers running at once (default 16); the rest wait in the inbound queue. */
  maxConcurrency?: number;
  /** Outgoing `event` notifications not yet `flow.ack`ed before further events are queued (default 1024). */
  flowWindow?: number;
  /** Events queued behind a full window before `notify` drops them (default 8192). */
  maxQueuedEvents?: number;
  /**
   * Output bytes buffered (the other side is not reading) above which this peer stops reading input,
   * since every request it reads adds a response to that backlog (default 16 MiB).
   */
  maxOutputBufferBytes?: number;
  /** Send `flow.ack` for inbound `event` notifications once handled (default true; a guest's job). */
  autoAckEvents?: boolean;
  /** Check inbound params of known methods against their JSON Schema (default true). */
  validateInbound?: boolean;
  /** Methods dispatched at once, ahead of the queue and the concurrency cap. */
  priorityMethods?: readonly string[];
  /** Called with the count and a sample whenever bytes outside frames were discarded. */
  onStrayOutput?: (bytes: number, sample: string) => void;
  /** Turn what a request handler threw into the error sent back (default: RpcError passes, others -32603). */
  mapHandlerError?: (err: unknown, method: string) => RpcError;
  /** End the output stream when the peer closes (default true: the other side sees EOF). */
  endOutputOnClose?: boolean;
}

export interface RequestContext {
  /** Aborted when the caller sends `$/cancelRequest`, or the connection closes. */
  readonly signal: AbortSignal;
  readonly id: RequestId;
  readonly method: string;
}

export interface NotificationContext {
  readonly method: string;
}

export type RequestHandler<P = unknown, R = unknown> = (params: P, ctx: RequestContext) => R | Promise<R>;
export type NotificationHandler<P = unknown> = (params: P, ctx: NotificationContext) => void | Promise<void>;

export interface RequestOptions {
  /** Overrides `requestTimeoutMs` for this call (0 = no deadline). */
  timeoutMs?: number;
  /** Aborting rejects with -32006 and sends `$/cancelRequest`. */
  signal?: AbortSignal;
}

/** What happened to a notification: written (or coalesced for this tick), queued behind the flow window, or dropped. */
export type NotifyResult = 'sent' | 'queued' | 'dropped';

export interface PeerStats {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** `write()` calls on the output stream: less than messagesOut when writes coalesce. */
  writes: number;
  strayBytes: number;
  parseErrors: number;
  pendingRequests: number;
  /** Inbound requests/notifications waiting for a handler slot. */
  queuedInbound: number;
  runningHandlers: number;
  inputPaused: boolean;
  /** Raw input bytes held but not yet decoded (a partial frame, or the rest of a chunk while paused). */
  bufferedBytes: number;
  eventsInFlight: number;
  eventsQueued: number;
  eventsDropped: number;
  timeouts: number;
}

interface PendingRequest {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  cleanup: (() => void) | undefined;
}

interface Inbound {
  method: string;
  id: RequestId | undefined;
  params: unknown;
  /** Created only when the handler reads `signal` (most never do; an AbortSignal costs ~2 µs per request). */
  controller: AbortController | undefined;
  /** Why the request was aborted before its handler looked at `signal`; applied when it does. */
  abortReason: Error | undefined;
  /** Set once answered (by the handler, or -32006 on cancel), so exactly one response goes out. */
  done: boolean;
}

const DEFAULT_PRIORITY = ['$/cancelRequest', 'flow.ack', 'health.ping', 'shutdown'];
const RECENT_IDS = 1024;
const FLOW_ACK = 'flow.ack';
const EVENT = 'event';
const CANCEL = '$/cancelRequest';

/**
 * One end of a maidkit connection: JSON-RPC 2.0 over Content-Length frames on a pair of byte streams.
 * Symmetric: the host and a guest both use it. See PROTOCOL.md for what goes over it.
 */
export class Peer implements Endpoint {
  private maxMessageBytes: number;
  private requestTimeoutMs: number;
  private readonly maxPendingInbound: number;
  private readonly maxConcurrency: number;
  private readonly autoAckEvents: boolean;
  private readonly validateInbound: boolean;
  private readonly priority: ReadonlySet<string>;
  private readonly options: PeerOptions;

  private readonly decoder: FrameDecoder;
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  private readonly errorListeners: Array<(err: ProtocolError) => void> = [];
  private readonly closeListeners: Array<(reason: ProtocolError | undefined) => void> = [];

  private nextId = 1;
  private readonly pending = new Map<RequestId, PendingRequest>();
  /** Ids we stopped waiting for (timeout/abort): their late responses are dropped quietly. */
  private readonly abandoned = new Set<RequestId>();
  private readonly inboundById = new Map<RequestId, Inbound>();
  private queue: Inbound[] = [];
  private queueHead = 0;
  private running = 0;
  /** Paused because the inbound queue is full. */
  private inputPaused = false;
  /** Paused because the output backlog is over `maxOutputBufferBytes`. */
  private outputPaused = false;
  private streamPaused = false;
  private readonly maxOutputBufferBytes: number;

  private readonly writer: FrameWriter;
  private ackPending = 0;
  private readonly flow: EventFlow;
  private readyWaiters: Array<() => void> = [];

  private closed = false;
  private closeReason: ProtocolError | undefined;
  private readonly counters = {
    messagesIn: 0, bytesIn: 0, strayBytes: 0,
    parseErrors: 0, eventsDropped: 0, timeouts: 0,
  };

  private readonly onData = (chunk: Buffer | string): void => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.counters.bytesIn += buf.length;
    this.decoder.push(buf);
  };
  private readonly onEnd = (): void => {
    if (this.closed) return;
    const lost = this.decoder.end();
    if (lost > 0) {
      this.report('truncated_frame', `the input ended in the middle of a frame (${lost} bytes lost)`, { bytes: lost });
    }
    this.shutdownInternal(new ProtocolError('closed', 'the input stream ended', { detail: { reason: 'eof' } }));
  };
  private readonly onInputError = (err: Error): void => {
    this.shutdownInternal(new ProtocolError('closed', `the input stream failed: ${err.message}`, { cause: err, fatal: true }));
  };
  private readonly onOutputError = (err: Error): void => {
    this.shutdownInternal(new ProtocolError('write_failed', `writing to the output stream failed: ${err.message}`, { cause: err, fatal: true }));
  };

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
    options: PeerOptions = {},
  ) {
    this.options = options;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_LIMITS.max_message_bytes;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_LIMITS.request_timeout_ms;
    this.maxPendingInbound = Math.max(1, options.maxPendingInbound ?? 1024);
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 16);
    this.autoAckEvents = options.autoAckEvents ?? true;
    this.validateInbound = options.validateInbound ?? true;
    this.maxOutputBufferBytes = options.maxOutputBufferBytes ?? 16 * 1024 * 1024;
    this.priority = new Set(options.priorityMethods ?? DEFAULT_PRIORITY);

    this.decoder = new FrameDecoder(
      {
        frame: (body) => this.onFrame(body),
        stray: (bytes, sample) => {
          this.counters.strayBytes += bytes;
          this.options.onStrayOutput?.(bytes, sample);
          this.report('stray_output', `discarded ${bytes} bytes of output that were not a frame`, { bytes, sample });
        },
        malformed: (reason, header) => this.report('malformed_frame', `skipped a frame header: ${reason}`, { header }),
        oversized: (announced, limit) => {
          // Tell the other side why it is being cut off, then close: the body cannot be skipped safely.
          this.sendError(null, new RpcError(ErrorCodes.PayloadTooLarge, `message of ${announced} bytes exceeds the ${limit}-byte limit`, { limit, actual: announced }));
          this.shutdownInternal(new ProtocolError('oversized', `the other side announced a ${announced}-byte message; the limit is ${limit}`, { fatal: true, detail: { limit, actual: announced } }));
        },
      },
      this.maxMessageBytes,
    );

    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.on('close', this.onEnd);
    input.on('error', this.onInputError);
    output.on('error', this.onOutputError);
    this.writer = new FrameWriter(output, this.maxOutputBufferBytes, {
      trailer: () => {
        if (this.ackPending === 0 || this.closed) return undefined;
        const count = this.ackPending;
        this.ackPending = 0;
        return `{"jsonrpc":"2.0","method":"flow.ack","params":{"count":${count}}}`;
      },
      backlog: (over) => {
        // Every request read adds an answer to that backlog: stop reading while it is over the cap.
        this.outputPaused = over;
        this.syncPause();
      },
      drained: () => this.wakeReadyWaiters(),
      failed: (err) => this.onOutputError(err),
    });
    this.flow = new EventFlow(
      Math.max(1, options.flowWindow ?? DEFAULT_LIMITS.flow_window),
      Math.max(0, options.maxQueuedEvents ?? 8192),
      (body) => this.enqueue(body),
    );
  }

  // ---------------------------------------------------------------- registration

  /** Handle a request. A descriptor types the params and the return value. Replaces an earlier handler. */
  onRequest<D extends AnyRequestDescriptor>(method: D, handler: RequestHandler<ParamsOf<D>, ResultOf<D>>): void;
  onRequest(method: string, handler: RequestHandler): void;
  onRequest(method: string | AnyRequestDescriptor, handler: RequestHandler): void {
    this.requestHandlers.set(typeof method === 'string' ? method : method.method, handler);
  }

  /** Handle a notification. `flow.ack` and `$/cancelRequest` are handled by the peer itself. */
  onNotification<D extends AnyNotificationDescriptor>(method: D, handler: NotificationHandler<ParamsOf<D>>): void;
  onNotification(method: string, handler: NotificationHandler): void;
  onNotification(method: string | AnyNotificationDescriptor, handler: NotificationHandler): void {
    this.notificationHandlers.set(typeof method === 'string' ? method : method.method, handler);
  }

  /** Local connection problems (stray output, malformed frames, overflow, close). */
  onError(listener: (err: ProtocolError) => void): void {
    this.errorListeners.push(listener);
  }

  /** Called once, when the connection closes; `reason` is undefined for a local `close()`. */
  onClose(listener: (reason: ProtocolError | undefined) => void): void {
    if (this.closed) queueMicrotask(() => listener(this.closeReason));
    else this.closeListeners.push(listener);
  }

  // ---------------------------------------------------------------- outgoing

  /** Send a request; resolves with the result, rejects with `RpcError` (remote or timeout) or `ProtocolError`. */
  request<D extends AnyRequestDescriptor>(method: D, params: ParamsOf<D>, options?: RequestOptions): Promise<ResultOf<D>>;
  request<R = unknown>(method: string, params?: unknown, options?: RequestOptions): Promise<R>;
  request(method: string | AnyRequestDescriptor, params?: unknown, options: RequestOptions = {}): Promise<unknown> {
    const name = typeof method === 'string' ? method : method.method;
    if (this.closed) return Promise.reject(this.closedError());
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(new RpcError(ErrorCodes.Cancelled, `request "${name}" was aborted before it was sent`));
    const id = this.nextId++;
    const body = stringify({ jsonrpc: '2.0', id, method: name, params: params ?? {} });
    const tooBig = this.checkSize(body);
    if (tooBig) return Promise.reject(tooBig);
    // A response may be waiting behind paused input; never wait for one with the input paused.
    if (this.inputPaused) this.resumeInput();
    return new Promise((resolve, reject) => {
      const entry: PendingRequest = { method: name, resolve, reject, timer: undefined, cleanup: undefined };
      const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => {
          this.counters.timeouts++;
          this.abandon(id, new RpcError(ErrorCodes.Timeout, `request "${name}" timed out after ${timeoutMs} ms`, { timeout_ms: timeoutMs }));
        }, timeoutMs);
      }
      if (signal) {
        const onAbort = (): void => this.abandon(id, new RpcError(ErrorCodes.Cancelled, `request "${name}" was cancelled by the caller`));
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(id, entry);
      this.enqueue(body);
    });
  }

  /**
   * Send a notification. `event` notifications count against the flow window: beyond it they are
   * queued (bounded by `maxQueuedEvents`) until `flow.ack`s arrive, then dropped with a `flow_overflow` error.
   */
  notify<D extends AnyNotificationDescriptor>(method: D, params: ParamsOf<D>): NotifyResult;
  notify(method: string, params?: unknown): NotifyResult;
  notify(method: string | AnyNotificationDescriptor, params?: unknown): NotifyResult {
    const name = typeof method === 'string' ? method : method.method;
    if (this.closed) return 'dropped';
    const body = stringify({ jsonrpc: '2.0', method: name, params: params ?? {} });
    const tooBig = this.checkSize(body);
    if (tooBig) {
      this.report('oversized', tooBig.message, { method: name, limit: this.maxMessageBytes });
      return 'dropped';
    }
    if (name !== EVENT) {
      this.enqueue(body);
      return 'sent';
    }
    const outcome = this.flow.offer(body);
    if (outcome === 'dropped') {
      this.counters.eventsDropped++;
      this.report('flow_overflow', `dropped an event: ${this.flow.inFlight} unacknowledged and ${this.flow.queued} queued`, { window: this.flow.limit, queued: this.flow.queued });
    }
    return outcome;
  }

  /**
   * Resolves when an event sent now would go straight out: the flow window has room, nothing is queued
   * behind it and the output stream is not backed up. A producer that awaits this never grows memory.
   * It waits for as long as the other side sends no `flow.ack` (pair it with a health check) and
   * resolves at once when the connection closes.
   */
  whenReady(): Promise<void> {
    if (this.closed || this.isReady()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Adopt limits agreed after construction (a guest learns them from `initialize`). Applies to frames
   * and requests from now on.
   */
  configure(limits: { maxMessageBytes?: number; requestTimeoutMs?: number; flowWindow?: number }): void {
    if (limits.maxMessageBytes !== undefined) {
      this.maxMessageBytes = limits.maxMessageBytes;
      this.decoder.setMaxMessageBytes(limits.maxMessageBytes);
    }
    if (limits.requestTimeoutMs !== undefined) this.requestTimeoutMs = limits.requestTimeoutMs;
    if (limits.flowWindow !== undefined) {
      this.flow.setWindow(limits.flowWindow);
      this.wakeReadyWaiters();
    }
  }

  /** Close the connection: pending requests reject with `closed`, running handlers are aborted. */
  close(): void {
    this.shutdownInternal(undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get stats(): PeerStats {
    return {
      ...this.counters,
      messagesOut: this.writer.counters.messages,
      bytesOut: this.writer.counters.bytes,
      writes: this.writer.counters.writes,
      pendingRequests: this.pending.size,
      queuedInbound: this.queue.length - this.queueHead,
      runningHandlers: this.running,
      inputPaused: this.streamPaused,
      bufferedBytes: this.decoder.buffered,
      eventsInFlight: this.flow.inFlight,
      eventsQueued: this.flow.queued,
    };
  }

  // ---------------------------------------------------------------- writing

  private checkSize(body: string): RpcError | undefined {
    // Cheap upper bound first: UTF-8 is at most 3 bytes per UTF-16 unit.
    if (body.length * 3 <= this.maxMessageBytes) return undefined;
    const actual = Buffer.byteLength(body, 'utf8');
    if (actual <= this.maxMessageBytes) return undefined;
    return new RpcError(ErrorCodes.PayloadTooLarge, `message of ${actual} bytes exceeds the ${this.maxMessageBytes}-byte limit`, { limit: this.maxMessageBytes, actual });
  }

  private enqueue(body: string): void {
    this.writer.send(body);
  }

  private sendResult(id: RequestId, result: unknown): void {
    const body = stringify({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    const tooBig = this.checkSize(body);
    if (tooBig) this.sendError(id, tooBig);
    else this.enqueue(body);
  }

  private sendError(id: RequestId | null, err: RpcError): void {
    if (this.closed) return;
    let body = stringify({ jsonrpc: '2.0', id, error: err.toJSON() });
    if (this.checkSize(body)) body = stringify({ jsonrpc: '2.0', id, error: { code: err.code, message: err.message.slice(0, 1000) } });
    this.enqueue(body);
  }

  // ---------------------------------------------------------------- reading

  /** One complete frame body. Returns false to pause decoding (inbound queue full). */
  private onFrame(body: Buffer): boolean {
    if (this.closed) return false;
    this.counters.messagesIn++;
    if (!isUtf8(body)) return this.parseError(undefined, 'the body is not valid UTF-8');
    const text = body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.parseError(text, 'the body is not valid JSON');
    }
    const msg = classifyMessage(parsed);
    switch (msg.kind) {
      case 'request':
        return this.onIncoming(msg.method, msg.id, msg.params);
      case 'notification':
        return this.onIncoming(msg.method, undefined, msg.params);
      case 'response':
        this.onResponse(msg.id, undefined, msg.result);
        return true;
      case 'error_response':
        this.onResponse(msg.id, msg.error);
        return true;
      case 'orphan_error':
        this.report('invalid_message', `the other side reported an error without an id: ${msg.error.message} (${msg.error.code})`, { error: msg.error.toJSON() });
        return true;
      case 'invalid':
        if (msg.pendingId !== undefined && this.pending.has(msg.pendingId)) {
          this.settle(msg.pendingId, new RpcError(ErrorCodes.InternalError, `malformed response: ${msg.reason}`));
          return true;
        }
        this.report('invalid_message', `invalid message: ${msg.reason}`, { sample: text.slice(0, 200) });
        if (msg.reply) this.sendError(msg.replyId, new RpcError(ErrorCodes.InvalidRequest, `invalid request: ${msg.reason}`));
        return true;
    }
  }

  private parseError(text: string | undefined, why: string): boolean {
    this.counters.parseErrors++;
    const id = text === undefined ? null : recoverRequestId(text);
    this.report('parse_error', `could not parse a message: ${why}`, { sample: text?.slice(0, 200) ?? null, id });
    this.sendError(id, new RpcError(ErrorCodes.ParseError, `parse error: ${why}`));
    return true;
  }

  private onResponse(id: RequestId, error: RpcError | undefined, result?: unknown): void {
    if (!this.pending.has(id)) {
      if (this.abandoned.delete(id)) return;
      this.report('unknown_response', `received a response for id ${JSON.stringify(id)}, which no request is waiting for`, { id });
      return;
    }
    this.settle(id, error, result);
  }

  private settle(id: RequestId, err: Error | undefined, result?: unknown): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    entry.cleanup?.();
    if (err) entry.reject(err);
    else entry.resolve(result);
  }

  /** Stop waiting for `id`: reject locally, tell the other side, and drop its late answer. */
  private abandon(id: RequestId, err: RpcError): void {
    if (!this.pending.has(id)) return;
    this.settle(id, err);
    this.abandoned.add(id);
    if (this.abandoned.size > RECENT_IDS) this.abandoned.delete(this.abandoned.values().next().value as RequestId);
    if (!this.closed) this.enqueue(stringify({ jsonrpc: '2.0', method: CANCEL, params: { id } }));
  }

  private onIncoming(method: string, id: RequestId | undefined, params: unknown): boolean {
    // The peer's own bookkeeping goes first and never queues.
    if (id === undefined && method === FLOW_ACK) {
      this.onFlowAck(params);
      return true;
    }
    if (id === undefined && method === CANCEL) {
      this.onCancel(params);
      return true;
    }
    if (id !== undefined && this.inboundById.has(id)) {
      this.report('duplicate_id', `received request "${method}" with id ${JSON.stringify(id)}, which is still being handled`, { id, method });
      // Answer by id is ambiguous here, but the sender is broken either way; the error says why.
      this.sendError(id, new RpcError(ErrorCodes.InvalidRequest, `invalid request: id ${JSON.stringify(id)} is already in use by a running request`));
      return true;
    }
    const entry: Inbound = { method, id, params, controller: undefined, abortReason: undefined, done: false };
    if (this.priority.has(method)) {
      this.dispatch(entry);
      return true;
    }
    const queued = this.queue.length - this.queueHead;
    if (queued === 0 && this.running < this.maxConcurrency) {
      this.dispatch(entry);
      return true;
    }
    if (queued >= this.maxPendingInbound * 2) {
      // Only reachable while responses are awaited (input stays open so they can arrive).
      if (id !== undefined) {
        this.sendError(id, new RpcError(ErrorCodes.RateLimited, `too many requests in flight (${queued} queued)`, { retry_after_ms: 100 }));
      } else if (method === EVENT && this.autoAckEvents) {
        this.ackPending++;
        this.writer.schedule();
      }
      this.report('inbound_overflow', `refused "${method}": the inbound queue is full (${queued})`, { method, queued });
      return true;
    }
    if (id !== undefined) this.inboundById.set(id, entry);
    this.queue.push(entry);
    if (queued + 1 >= this.maxPendingInbound && this.pending.size === 0) {
      this.pauseInput();
      return false;
    }
    return true;
  }

  private pump(): void {
    while (this.running < this.maxConcurrency && this.queueHead < this.queue.length) {
      const entry = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined as unknown as Inbound;
      if (!entry.done) this.dispatch(entry);
    }
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    if (this.inputPaused && this.queue.length - this.queueHead <= this.maxPendingInbound >> 1) this.resumeInput();
  }

  private dispatch(entry: Inbound): void {
    const { method, id } = entry;
    if (id === undefined) {
      this.dispatchNotification(entry);
      return;
    }
    this.inboundById.set(id, entry);
    const handler = this.requestHandlers.get(method);
    if (!handler) {
      this.answerError(entry, new RpcError(ErrorCodes.MethodNotFound, `method not found: "${method}"`, { method }));
      return;
    }
    if (this.validateInbound && getMethod(method)) {
      const issues = validateParams(method, entry.params);
      if (issues.length > 0) {
        this.answerError(entry, new RpcError(ErrorCodes.InvalidParams, `invalid params for "${method}": ${issues.length} problem(s)`, { errors: issues as unknown as JsonValue }));
        return;
      }
    }
    let result: unknown;
    try {
      result = handler(entry.params, {
        get signal() {
          return lazySignal(entry);
        },
        id,
        method,
      });
    } catch (err) {
      this.answerError(entry, this.mapError(err, method));
      return;
    }
    if (isThenable(result)) {
      this.running++;
      result.then(
        (value) => this.answer(entry, value),
        (err: unknown) => this.answerError(entry, this.mapError(err, method)),
      ).finally(() => {
        this.running--;
        this.pump();
      });
      return;
    }
    this.answer(entry, result);
  }

  private dispatchNotification(entry: Inbound): void {
    const { method } = entry;
    const isEvent = method === EVENT && this.autoAckEvents;
    const handler = this.notificationHandlers.get(method);
    if (handler && this.validateInbound && getMethod(method)) {
      const issues = validateParams(method, entry.params);
      if (issues.length > 0) {
        this.report('invalid_params', `dropped notification "${method}": ${issues.map((i) => `${i.path || '(params)'} ${i.message}`).join('; ')}`, { method, errors: issues });
        if (isEvent) this.ack();
        return;
      }
    }
    if (!handler) {
      if (isEvent) this.ack();
      return;
    }
    let result: unknown;
    try {
      result = handler(entry.params, { method });
    } catch (err) {
      this.report('notification_failed', `the handler for notification "${method}" threw: ${errorMessage(err)}`, { method }, err);
      if (isEvent) this.ack();
      return;
    }
    if (isThenable(result)) {
      this.running++;
      result.then(undefined, (err: unknown) => {
        this.report('notification_failed', `the handler for notification "${method}" failed: ${errorMessage(err)}`, { method }, err);
      }).finally(() => {
        this.running--;
        if (isEvent) this.ack();
        this.pump();
      });
      return;
    }
    if (isEvent) this.ack();
  }

  private answer(entry: Inbound, value: unknown): void {
    if (entry.done) return;
    entry.done = true;
    this.inboundById.delete(entry.id!);
    if (!this.closed) this.sendResult(entry.id!, value);
  }

  private answerError(entry: Inbound, err: RpcError): void {
    if (entry.done) return;
    entry.done = true;
    this.inboundById.delete(entry.id!);
    this.sendError(entry.id!, err);
  }

  private mapError(err: unknown, method: string): RpcError {
    if (this.options.mapHandlerError) {
      try {
        return this.options.mapHandlerError(err, method);
      } catch (mapErr) {
        return RpcError.fromUnknown(mapErr);
      }
    }
    return RpcError.fromUnknown(err);
  }

  private onCancel(params: unknown): void {
    const id = (params as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' && typeof id !== 'string') return;
    const entry = this.inboundById.get(id);
    if (!entry || entry.done) return; // already answered: the cancel is moot
    abortInbound(entry, new RpcError(ErrorCodes.Cancelled, 'cancelled by the caller'));
    this.answerError(entry, new RpcError(ErrorCodes.Cancelled, `request ${JSON.stringify(id)} ("${entry.method}") was cancelled`));
  }

  private ack(): void {
    this.ackPending++;
    this.writer.schedule();
  }

  private onFlowAck(params: unknown): void {
    const count = (params as { count?: unknown } | null)?.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      this.report('invalid_params', 'ignored a flow.ack without a positive integer count', { params: params as JsonValue });
      return;
    }
    this.flow.ack(count);
    this.wakeReadyWaiters();
  }

  // ---------------------------------------------------------------- flow and lifecycle

  private isReady(): boolean {
    return !this.writer.blocked && this.flow.hasRoom;
  }

  private wakeReadyWaiters(): void {
    if (this.readyWaiters.length === 0 || !(this.closed || this.isReady())) return;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }

  private pauseInput(): void {
    if (this.inputPaused) return;
    this.inputPaused = true;
    this.syncPause();
  }

  private resumeInput(): void {
    if (!this.inputPaused || this.closed) return;
    this.inputPaused = false;
    this.syncPause();
  }

  /** The stream is paused while either reason holds; what is unread stays in the pipe, not in memory. */
  private syncPause(): void {
    const want = this.inputPaused || this.outputPaused;
    if (want && !this.streamPaused) {
      this.streamPaused = true;
      this.decoder.pause();
      this.input.pause();
    } else if (!want && this.streamPaused && !this.closed) {
      this.streamPaused = false;
      this.input.resume();
      this.decoder.resume();
    }
  }

  private closedError(): ProtocolError {
    return new ProtocolError('closed', `the connection is closed${this.closeReason ? `: ${this.closeReason.message}` : ''}`, this.closeReason ? { cause: this.closeReason } : {});
  }

  private shutdownInternal(reason: ProtocolError | undefined): void {
    if (this.closed) return;
    if (reason && reason.code !== 'closed') this.emitError(reason);
    // Flush what is queued (e.g. the -32004 that explains an oversized close) before closing.
    this.writer.flush();
    this.closed = true;
    this.closeReason = reason;
    this.decoder.stop();
    this.input.removeListener('data', this.onData);
    this.input.removeListener('end', this.onEnd);
    this.input.removeListener('close', this.onEnd);
    this.writer.detach();
    // Keep swallowing late stream errors (EPIPE after the child died) instead of crashing the process.
    const err = this.closedError();
    for (const [id] of this.pending) this.settle(id, err);
    for (const entry of this.inboundById.values()) abortInbound(entry, err);
    this.inboundById.clear();
    this.queue = [];
    this.queueHead = 0;
    this.flow.clear();
    if ((this.options.endOutputOnClose ?? true) && (this.output as { writable?: boolean }).writable !== false) {
      try {
        this.output.end();
      } catch {
        // already destroyed
      }
    }
    this.wakeReadyWaiters();
    const listeners = this.closeListeners.splice(0);
    for (const l of listeners) l(reason);
  }

  private report(code: ProtocolErrorCode, message: string, detail: Record<string, unknown>, cause?: unknown): void {
    this.emitError(new ProtocolError(code, message, cause === undefined ? { detail } : { detail, cause }));
  }

  private emitError(err: ProtocolError): void {
    for (const l of this.errorListeners) {
      try {
        l(err);
      } catch {
        // a listener's bug must not break the connection
      }
    }
  }
}

/** Connect a peer to a readable (what the other side writes) and a writable (what it reads). */
export function createPeer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options?: PeerOptions): Peer {
  return new Peer(input, output, options);
}

function stringify(value: unknown): string {
  return JSON.stringify(value);
}

function isThenable(value: unknown): value is Promise<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The handler's `signal`, made on first use; already aborted if the request was cancelled before. */
function lazySignal(entry: Inbound): AbortSignal {
  if (!entry.controller) {
    entry.controller = new AbortController();
    if (entry.abortReason) entry.controller.abort(entry.abortReason);
  }
  return entry.controller.signal;
}

function abortInbound(entry: Inbound, reason: Error): void {
  if (entry.controller) entry.controller.abort(reason);
  else entry.abortReason ??= reason;
}
