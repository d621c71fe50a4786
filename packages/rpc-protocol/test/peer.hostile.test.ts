import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPeer, ErrorCodes, Methods, ProtocolError, RpcError } from '../src/index.js';
import { frame, peerPair, rawPeer } from './helpers/pair.js';

const ping = (id: number | string) => frame({ jsonrpc: '2.0', id, method: 'health.ping', params: {} });

function collectErrors(peer: { onError: (cb: (e: ProtocolError) => void) => void }): ProtocolError[] {
  const errors: ProtocolError[] = [];
  peer.onError((e) => errors.push(e));
  return errors;
}

describe('Peer with hostile input', () => {
  it('GIVEN a body that is not JSON THEN it answers -32700 with the recovered id and keeps going', async () => {
    const r = rawPeer();
    const errors = collectErrors(r.peer);
    r.peer.onRequest(Methods.healthPing, () => ({ ok: true, pending: 0 }));
    r.write(frame('{"jsonrpc":"2.0","id":41,"method":"health.ping","params":'));
    expect(await r.next()).toMatchObject({ id: 41, error: { code: -32700 } });
    r.write(frame('not json at all'));
    expect(await r.next()).toMatchObject({ id: null, error: { code: -32700 } });
    r.write(ping(42));
    expect(await r.next()).toMatchObject({ id: 42, result: { ok: true } });
    expect(errors.map((e) => e.code)).toEqual(['parse_error', 'parse_error']);
    expect(r.peer.stats.parseErrors).toBe(2);
  });

  it('GIVEN invalid UTF-8 in a body THEN it answers -32700, never a mangled message', async () => {
    const r = rawPeer();
    r.peer.onRequest('echo', (p) => p);
    const body = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"echo","params":{"s":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    r.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    expect(await r.next()).toMatchObject({ id: null, error: { code: -32700, message: expect.stringMatching(/UTF-8/) } });
  });

  it.each([
    ['a batch array', '[{"jsonrpc":"2.0","id":1,"method":"health.ping"}]', null],
    ['a JSON string', '"hello"', null],
    ['null', 'null', null],
    ['a missing jsonrpc member', '{"id":3,"method":"health.ping"}', 3],
    ['a wrong jsonrpc version', '{"jsonrpc":"1.0","id":4,"method":"health.ping"}', 4],
    ['an object id', '{"jsonrpc":"2.0","id":{"x":1},"method":"health.ping"}', null],
    ['a numeric method', '{"jsonrpc":"2.0","id":5,"method":7}', 5],
    ['string params', '{"jsonrpc":"2.0","id":6,"method":"health.ping","params":"x"}', 6],
    ['no method and no result', '{"jsonrpc":"2.0","id":7}', null],
  ])('GIVEN %s THEN it answers -32600 (id %s) and stays open', async (_label, body, id) => {
    const r = rawPeer();
    r.peer.onRequest(Methods.healthPing, () => ({ ok: true, pending: 0 }));
    r.write(frame(body));
    expect(await r.next()).toEqual({ jsonrpc: '2.0', id, error: { code: -32600, message: expect.any(String) } });
    r.write(ping(99));
    expect(await r.next()).toMatchObject({ id: 99, result: { ok: true } });
  });

  it('GIVEN an unknown method THEN -32601; an unknown notification THEN silence', async () => {
    const r = rawPeer();
    r.write(frame({ jsonrpc: '2.0', method: 'no.such_notification', params: {} }));
    r.write(frame({ jsonrpc: '2.0', id: 'abc', method: 'no.such_method', params: {} }));
    expect(await r.next()).toMatchObject({ id: 'abc', error: { code: -32601, data: { method: 'no.such_method' } } });
    expect(r.messages()).toHaveLength(1);
  });

  it('GIVEN a response to an id nobody asked for THEN it is reported, not answered', async () => {
    const r = rawPeer();
    const errors = collectErrors(r.peer);
    r.write(frame({ jsonrpc: '2.0', id: 12345, result: { surprise: true } }));
    r.write(frame({ jsonrpc: '2.0', id: 12346, error: { code: -32000, message: 'x' } }));
    await expect.poll(() => errors.length).toBe(2);
    expect(errors.every((e) => e.code === 'unknown_response')).toBe(true);
    expect(r.messages()).toEqual([]);
  });

  it('GIVEN a malformed response to a pending request THEN that request rejects with -32603 instead of hanging', async () => {
    const r = rawPeer();
    const pending = r.peer.request('kv.get', { install_id: 'i', key: 'k' }).catch((e: unknown) => e);
    const req = await r.next();
    r.write(frame({ jsonrpc: '2.0', id: req['id'], result: 1, error: { code: 1, message: 'both' } }));
    expect(await pending).toMatchObject({ code: ErrorCodes.InternalError });
    const pending2 = r.peer.request('kv.get', { install_id: 'i', key: 'k' }).catch((e: unknown) => e);
    const req2 = await r.next();
    r.write(frame({ jsonrpc: '2.0', id: req2['id'], error: 'not an object' }));
    expect(await pending2).toMatchObject({ code: ErrorCodes.InternalError, message: 'malformed error object in response' });
  });

  it('GIVEN a duplicate id while the first request runs THEN the second gets -32600 and the first still completes', async () => {
    const r = rawPeer();
    const errors = collectErrors(r.peer);
    let release: () => void = () => {};
    r.peer.onRequest('slow', () => new Promise((resolve) => (release = () => resolve('done'))));
    r.write(frame({ jsonrpc: '2.0', id: 5, method: 'slow', params: {} }));
    r.write(frame({ jsonrpc: '2.0', id: 5, method: 'slow', params: {} }));
    expect(await r.next()).toMatchObject({ id: 5, error: { code: -32600, message: expect.stringMatching(/already in use/) } });
    release();
    expect(await r.next()).toEqual({ jsonrpc: '2.0', id: 5, result: 'done' });
    expect(errors.map((e) => e.code)).toEqual(['duplicate_id']);
  });

  it('GIVEN $/cancelRequest for a running request THEN -32006 goes out at once and the handler sees the abort', async () => {
    const r = rawPeer();
    let aborted = false;
    r.peer.onRequest('slow', (_p, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => {
      aborted = true;
      setTimeout(() => resolve('late'), 5);
    })));
    r.write(frame({ jsonrpc: '2.0', id: 8, method: 'slow', params: {} }));
    r.write(frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 8 } }));
    expect(await r.next()).toMatchObject({ id: 8, error: { code: ErrorCodes.Cancelled } });
    expect(aborted).toBe(true);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.messages()).toHaveLength(1); // the handler's late result is not sent
  });

  it('GIVEN a header over the limit THEN -32004 goes out, the peer closes, and the body is never buffered', async () => {
    const r = rawPeer({ maxMessageBytes: 4096 });
    const errors = collectErrors(r.peer);
    let closedWith: ProtocolError | undefined;
    r.peer.onClose((reason) => (closedWith = reason));
    const pending = r.peer.request('kv.get', { install_id: 'i', key: 'k' }).catch((e: unknown) => e);
    await r.next();
    r.write('Content-Length: 2147483648\r\n\r\n');
    r.write(Buffer.alloc(1 << 20, 0x41));
    expect(await r.next()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32004, message: expect.any(String), data: { limit: 4096, actual: 2147483648 } } });
    expect(closedWith?.code).toBe('oversized');
    expect(closedWith?.fatal).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['oversized']);
    expect(await pending).toBeInstanceOf(ProtocolError);
    expect((await pending as ProtocolError).code).toBe('closed');
    await expect(r.peer.request('kv.get', {})).rejects.toMatchObject({ code: 'closed' });
  });

  it('GIVEN a message of our own over the limit THEN it is refused locally with -32004, and a big result becomes a -32004 reply', async () => {
    const { a, b } = peerPair({ maxMessageBytes: 2048 }, { maxMessageBytes: 2048 });
    a.onRequest('big', () => 'x'.repeat(5000));
    await expect(b.request('kv.set', { install_id: 'i', key: 'k', value: 'y'.repeat(5000) })).rejects.toMatchObject({ code: -32004, data: { limit: 2048 } });
    await expect(b.request('big', {})).rejects.toMatchObject({ code: -32004 });
  });

  it('GIVEN the input ends mid-frame THEN truncated_frame is reported and pending requests reject with closed', async () => {
    const r = rawPeer();
    const errors = collectErrors(r.peer);
    const pending = r.peer.request('kv.get', { install_id: 'i', key: 'k' }).catch((e: unknown) => e);
    await r.next();
    r.write('Content-Length: 100\r\n\r\n{"jsonrpc":"2.0",');
    r.end();
    const err = (await pending) as ProtocolError;
    expect(err.code).toBe('closed');
    expect(errors.map((e) => e.code)).toContain('truncated_frame');
    expect(r.peer.isClosed).toBe(true);
  });

  it('GIVEN a request aborted by the caller THEN it rejects with -32006 and $/cancelRequest is sent', async () => {
    const r = rawPeer();
    const controller = new AbortController();
    const pending = r.peer.request('kv.get', { install_id: 'i', key: 'k' }, { signal: controller.signal }).catch((e: unknown) => e);
    const req = await r.next();
    controller.abort();
    expect(await pending).toMatchObject({ code: ErrorCodes.Cancelled });
    expect(await r.next()).toEqual({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: req['id'] } });
    // its late response is dropped quietly
    const errors = collectErrors(r.peer);
    r.write(frame({ jsonrpc: '2.0', id: req['id'], result: { value: 1 } }));
    await new Promise((res) => setTimeout(res, 10));
    expect(errors).toEqual([]);
  });

  it('GIVEN a handler that throws a plain Error THEN the reply is -32603 without a stack trace', async () => {
    const r = rawPeer();
    r.peer.onRequest('oops', () => {
      throw new TypeError('bad thing');
    });
    r.write(frame({ jsonrpc: '2.0', id: 1, method: 'oops', params: {} }));
    const reply = await r.next();
    expect(reply).toMatchObject({ id: 1, error: { code: -32603, data: { type: 'TypeError' } } });
    expect(JSON.stringify(reply)).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });
});

describe('Peer backpressure', () => {
  it('GIVEN a flood of requests and a slow handler THEN the inbound queue stays bounded, input pauses, and everything is answered', async () => {
    const { a, b, aToB } = peerPair({ requestTimeoutMs: 0 }, { maxPendingInbound: 16, maxConcurrency: 2 });
    let running = 0;
    let maxQueued = 0;
    let releaseAll: () => void = () => {};
    const gate = new Promise<void>((resolve) => (releaseAll = resolve));
    b.onRequest('work', async (p: unknown) => {
      running++;
      maxQueued = Math.max(maxQueued, b.stats.queuedInbound);
      await gate;
      running--;
      return p;
    });
    const calls = Array.from({ length: 2000 }, (_, i) => a.request<{ i: number }>('work', { i }));
    await expect.poll(() => b.stats.inputPaused).toBe(true);
    expect(b.stats.queuedInbound).toBeLessThanOrEqual(16);
    expect(b.stats.runningHandlers).toBe(2);
    // What b has not decoded stays raw: at most the chunk it was reading, then the stream (over a pipe: the OS pipe).
    expect(b.stats.bufferedBytes + aToB.readableLength).toBeGreaterThan(0);
    releaseAll();
    const results = await Promise.all(calls);
    expect(results.map((r) => r.i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(maxQueued).toBeLessThanOrEqual(16);
    expect(running).toBe(0);
  });

  it('GIVEN a caller that floods requests but never reads the answers THEN reading stops once the output backlog passes its cap', async () => {
    const toPeer = new PassThrough();
    const fromPeer = new PassThrough();
    const peer = createPeer(toPeer, fromPeer, { maxOutputBufferBytes: 64 * 1024 });
    peer.onRequest('big', () => 'x'.repeat(1000));
    for (let id = 1; id <= 2000; id++) toPeer.write(frame({ jsonrpc: '2.0', id, method: 'big', params: {} }));
    await expect.poll(() => peer.stats.inputPaused).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the queued answers flush
    expect(peer.stats.inputPaused).toBe(true);
    const backlog = fromPeer.writableLength + fromPeer.readableLength;
    expect(backlog).toBeGreaterThan(64 * 1024);
    expect(backlog).toBeLessThan(256 * 1024);
    let answered = 0;
    fromPeer.on('data', (chunk: Buffer) => (answered += chunk.toString().split('"result"').length - 1));
    await expect.poll(() => answered).toBe(2000);
    expect(peer.stats.inputPaused).toBe(false);
  });

  it('GIVEN flow window 8 and a notify() burst with a queue of 4 THEN 8 go out, 4 wait and the rest are dropped and reported', async () => {
    const r = rawPeer({ flowWindow: 8, maxQueuedEvents: 4 });
    const errors = collectErrors(r.peer);
    const ctx = { install_id: 'i', server_id: '1' };
    const outcomes = Array.from({ length: 20 }, (_, i) => r.peer.notify(Methods.event, { ctx, name: 'role_create', payload: { id: String(i), name: 'r' } }));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(8);
    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'dropped')).toHaveLength(8);
    expect(errors.filter((e) => e.code === 'flow_overflow')).toHaveLength(8);
    for (let i = 0; i < 8; i++) await r.next();
    let ready = false;
    void r.peer.whenReady().then(() => (ready = true));
    r.write(frame({ jsonrpc: '2.0', method: 'flow.ack', params: { count: 8 } }));
    for (let i = 0; i < 4; i++) expect(await r.next()).toMatchObject({ method: 'event', params: { payload: { id: String(8 + i) } } });
    await expect.poll(() => ready).toBe(true);
    expect(r.peer.stats.eventsInFlight).toBe(4);
    expect(r.peer.stats.writes).toBeLessThan(r.peer.stats.messagesOut);
  });
});

describe('RpcError', () => {
  it('round-trips through toJSON/fromObject and names its code', () => {
    const e = new RpcError(ErrorCodes.RateLimited, 'slow down', { retry_after_ms: 250 });
    expect(RpcError.fromObject(JSON.parse(JSON.stringify(e)))).toMatchObject({ code: -32005, message: 'slow down', data: { retry_after_ms: 250 } });
    expect(e.codeName).toBe('RateLimited');
    expect(RpcError.fromUnknown('boom')).toMatchObject({ code: -32603, message: 'boom' });
  });
});

describe('classifyMessage', () => {
  it('GIVEN every shape of input THEN it sorts it into exactly one kind, never throwing', async () => {
    const { classifyMessage } = await import('../src/index.js');
    const kinds = [
      { jsonrpc: '2.0', id: 1, method: 'm', params: {} },
      { jsonrpc: '2.0', method: 'm' },
      { jsonrpc: '2.0', id: 'a', result: null },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'x' } },
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'x' } },
      { jsonrpc: '2.0', id: 3, result: 1, error: { code: 1, message: 'x' } },
      [1],
      'text',
      { jsonrpc: '2.0', id: true, method: 'm' },
    ].map((m) => classifyMessage(m).kind);
    expect(kinds).toEqual(['request', 'notification', 'response', 'error_response', 'orphan_error', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(classifyMessage({ jsonrpc: '2.0', id: 3, result: 1, error: {} })).toMatchObject({ reply: false, pendingId: 3 });
  });
});
