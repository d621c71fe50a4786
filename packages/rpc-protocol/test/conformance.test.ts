import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { connectTransport, loadVectors, match, replayVector } from '../conformance/replay.mjs';
import { startConformanceGuest } from './fixtures/conformanceGuest.js';

const vectors = loadVectors();

describe('conformance vectors replayed against the TypeScript peer as a guest', () => {
  it('covers every exchange PROTOCOL.md §10 lists', () => {
    expect(vectors.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'handshake_ok', 'version_mismatch', 'event_stream_flow_ack', 'request_response', 'error_reply', 'parse_error',
        'stray_output_resync', 'oversized_message', 'unknown_method', 'cancel', 'timeout', 'capability_denied', 'ping',
      ]),
    );
  });

  for (const vector of vectors) {
    it(`${vector.name}: ${vector.description}`, async () => {
      const toGuest = new PassThrough();
      const fromGuest = new PassThrough();
      const guest = startConformanceGuest(toGuest, fromGuest);
      const result = await replayVector(vector, connectTransport(toGuest, fromGuest), { timeoutMs: 3000 });
      guest.close();
      expect(result.error ?? '').toBe('');
      expect(result.ok).toBe(true);
    });
  }
});

describe('the replayer matcher', () => {
  it('GIVEN <any>, <id:…> bindings, extra keys and array lengths THEN it matches structurally and names the first difference', () => {
    const bindings: Record<string, unknown> = {};
    expect(match({ id: '<id:a>', result: { ok: true } }, { id: 7, result: { ok: true, extra: 1 }, jsonrpc: '2.0' }, bindings)).toBe('');
    expect(bindings).toEqual({ a: 7 });
    expect(match({ id: '<id:a>' }, { id: 8 }, bindings)).toMatch(/expected <id:a> = 7, got 8/);
    expect(match({ x: '<any>' }, {}, bindings)).toBe('/x: missing');
    expect(match([1, 2], [1, 2, 3], bindings)).toBe(': expected 2 items, got 3');
    expect(match({ a: { b: 'c' } }, { a: { b: 'd' } }, bindings)).toBe('/a/b: expected "c", got "d"');
  });
});
