import { describe, expect, expectTypeOf, it } from 'vitest';
import { Methods, type EventParams, type ParamsOf, type ResultOf } from '../src/index.js';
import { peerPair } from './helpers/pair.js';

describe('descriptor typing', () => {
  it('GIVEN a descriptor THEN request params and results are type-checked (compile-time; tsc runs on tests)', async () => {
    const { a, b } = peerPair();
    a.onRequest(Methods.kvGet, ({ key }) => ({ value: key.length }));
    // @ts-expect-error -- `key` is required
    const missing = () => b.request(Methods.kvGet, { install_id: 'i' });
    // @ts-expect-error -- `key` must be a string
    const wrong = () => b.request(Methods.kvGet, { install_id: 'i', key: 5 });
    // @ts-expect-error -- a handler must return the method's result shape
    a.onRequest(Methods.kvCount, () => ({ total: 1 }));
    void missing;
    void wrong;
    const result = await b.request(Methods.kvGet, { install_id: 'i', key: 'abc' });
    expectTypeOf(result).toEqualTypeOf<ResultOf<typeof Methods.kvGet>>();
    expect(result).toEqual({ value: 3 });
    expectTypeOf<ParamsOf<typeof Methods.kvGet>>().toEqualTypeOf<{ install_id: string; key: string }>();
  });

  it('GIVEN an event THEN its payload type follows its name', () => {
    const e = { ctx: { install_id: 'i', server_id: '1' }, name: 'voice_state_update', payload: { user_id: '1', channel_id: null, self_mute: false, self_deaf: true } } satisfies EventParams;
    // @ts-expect-error -- message_create needs author_id, content, …
    const bad: EventParams = { ctx: e.ctx, name: 'message_create', payload: { message_id: '1', channel_id: '2' } };
    void bad;
    expect(e.payload.channel_id).toBeNull();
  });
});
