import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPeer, Methods } from '../src/index.js';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** Pieces a hostile guest might write: real frames, broken frames, junk. */
const piece = fc.oneof(
  fc.json().map(frame),
  fc.json().map((j) => frame(`[${j}]`)),
  fc.string().map((s) => frame(s)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom('Content-Length: ', 'Content-Length: -1\r\n\r\n', 'Content-Length: 1e3\r\n\r\n', '\r\n\r\n', 'content-length:0\r\n\r\n'),
  fc.record({ id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), method: fc.constantFrom('health.ping', 'kv.get', 'event', 'flow.ack', '$/cancelRequest', 'x') }).map((m) =>
    frame(JSON.stringify({ jsonrpc: '2.0', ...m, params: {} })),
  ),
);

describe('Peer fuzzed with hostile byte streams', () => {
  it('GIVEN any mix of frames, junk and broken headers THEN it never throws, answers every valid ping, and stays open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (pieces) => {
        const input = new PassThrough();
        const output = new PassThrough();
        const peer = createPeer(input, output, { maxMessageBytes: 1 << 20 });
        peer.onRequest(Methods.healthPing, () => ({ ok: true, pending: 0 }));
        const out: Buffer[] = [];
        output.on('data', (c: Buffer) => out.push(c));
        for (const p of pieces) input.write(Buffer.from(p, 'latin1'));
        // A sentinel ping after the junk must still be answered: nothing desyncs the stream for good.
        input.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 'sentinel', method: 'health.ping', params: {} })));
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        expect(peer.isClosed).toBe(false);
        expect(Buffer.concat(out).toString('utf8')).toContain('"id":"sentinel","result":{"ok":true,"pending":0}');
        peer.close();
      }),
      { numRuns: 200 },
    );
  });
});
