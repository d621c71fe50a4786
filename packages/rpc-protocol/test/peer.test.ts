import { describe, expect, it } from 'vitest';
import { ErrorCodes, Methods, RpcError, type ProtocolError } from '../src/index.js';
import { peerPair } from './helpers/pair.js';

const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };

describe('Peer over in-memory streams', () => {
  it('GIVEN a typed request THEN the handler receives its params and the caller its result', async () => {
    const { a, b } = peerPair();
    const store = new Map<string, unknown>([['greeting', 'hello']]);
    a.onRequest(Methods.kvGet, (params) => ({ value: (store.get(params.key) ?? null) as string | null }));
    const result = await b.request(Methods.kvGet, { install_id: 'inst_1', key: 'greeting' });
    expect(result).toEqual({ value: 'hello' });
    const missing = await b.request(Methods.kvGet, { install_id: 'inst_1', key: 'nope' });
    expect(missing).toEqual({ value: null });
  });

  it('GIVEN a handler that throws an RpcError THEN the caller rejects with that code and data', async () => {
    const { a, b } = peerPair();
    a.onRequest(Methods.discordSendMessage, () => {
      throw new RpcError(ErrorCodes.CapabilityDenied, 'capability "discord:send_message" is not granted', { capability: 'discord:send_message' });
    });
    const err = await b.request(Methods.discordSendMessage, { install_id: 'inst_1', channel_id: '1', content: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(-32001);
    expect((err as RpcError).data).toEqual({ capability: 'discord:send_message' });
  });

  it('GIVEN params that fail the schema THEN the answer is -32602 with every problem and its JSON Pointer', async () => {
    const { a, b } = peerPair();
    a.onRequest(Methods.kvSet, () => ({}));
    const err = (await b.request('kv.set', { key: 5 }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe(ErrorCodes.InvalidParams);
    const paths = (err.data as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['/install_id', '/key', '/value']);
  });

  it('GIVEN 3000 events and a window of 100 THEN all arrive in order and the window is never exceeded', async () => {
    const { a, b } = peerPair({ flowWindow: 100 });
    const seen: string[] = [];
    let maxInFlight = 0;
    b.onNotification(Methods.event, (params) => {
      seen.push((params.payload as { message_id: string }).message_id);
      maxInFlight = Math.max(maxInFlight, a.stats.eventsInFlight);
    });
    for (let i = 0; i < 3000; i++) {
      a.notify(Methods.event, { ctx, name: 'message_delete', payload: { message_id: String(i), channel_id: '9' } });
      if (i % 500 === 499) await a.whenReady();
    }
    await expect.poll(() => seen.length).toBe(3000);
    expect(seen.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(seen.at(-1)).toBe('2999');
    expect(maxInFlight).toBeLessThanOrEqual(100);
    await expect.poll(() => a.stats.eventsInFlight).toBe(0);
  });

  it('GIVEN a peer that never answers THEN the request times out with -32002 and $/cancelRequest is sent', async () => {
    const { a, b } = peerPair();
    const cancelled: unknown[] = [];
    let signalAborted = false;
    a.onRequest(Methods.healthPing, (_p, { signal }) => new Promise((resolve) => {
      signal.addEventListener('abort', () => {
        signalAborted = true;
        resolve({ ok: true, pending: 0 });
      });
    }));
    a.onError((e: ProtocolError) => cancelled.push(e.code));
    const err = (await b.request(Methods.healthPing, {}, { timeoutMs: 50 }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe(ErrorCodes.Timeout);
    expect(err.data).toEqual({ timeout_ms: 50 });
    await expect.poll(() => signalAborted).toBe(true);
    expect(b.stats.timeouts).toBe(1);
    // The late -32006 answer is dropped quietly on b's side.
    expect(cancelled).toEqual([]);
  });

  it('GIVEN a handler that looks at its signal only after the cancel (or the close) THEN the signal is already aborted', async () => {
    // The peer makes a handler's AbortSignal on first use; a cancel that came first must still show.
    const { a, b } = peerPair();
    const contexts: Array<{ signal: AbortSignal }> = [];
    a.onRequest(Methods.healthPing, (_p, context) => {
      contexts.push(context);
      return new Promise(() => {});
    });
    const err = (await b.request(Methods.healthPing, {}, { timeoutMs: 50 }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe(ErrorCodes.Timeout);
    await expect.poll(() => a.stats.messagesIn).toBeGreaterThanOrEqual(2); // the request and its $/cancelRequest
    const first = contexts[0]!.signal;
    expect(first.aborted).toBe(true);
    expect((first.reason as RpcError).code).toBe(ErrorCodes.Cancelled);
    expect(contexts[0]!.signal).toBe(first); // one signal per request

    void b.request(Methods.healthPing, {}).catch(() => {});
    await expect.poll(() => contexts.length).toBe(2);
    a.close();
    expect(contexts[1]!.signal.aborted).toBe(true);
  });
});
