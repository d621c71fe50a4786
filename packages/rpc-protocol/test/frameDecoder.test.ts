import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder } from '../src/index.js';

interface Seen {
  frames: string[];
  stray: Array<[number, string]>;
  malformed: string[];
  oversized: Array<[number, number]>;
}

function decoder(max = 1024): { d: FrameDecoder; seen: Seen } {
  const seen: Seen = { frames: [], stray: [], malformed: [], oversized: [] };
  const d = new FrameDecoder(
    {
      frame: (b) => {
        seen.frames.push(b.toString('utf8'));
        return true;
      },
      stray: (n, s) => seen.stray.push([n, s]),
      malformed: (r) => seen.malformed.push(r),
      oversized: (a, l) => seen.oversized.push([a, l]),
    },
    max,
  );
  return { d, seen };
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const strayTotal = (s: Seen) => s.stray.reduce((n, [b]) => n + b, 0);

describe('FrameDecoder', () => {
  it('GIVEN frames split at every possible byte THEN each body comes out once, whole', () => {
    const stream = Buffer.from(frame('{"a":1}') + frame('{"b":"ü✓"}') + frame(''));
    for (let cut = 0; cut <= stream.length; cut++) {
      const { d, seen } = decoder();
      d.push(stream.subarray(0, cut));
      d.push(stream.subarray(cut));
      expect(seen.frames).toEqual(['{"a":1}', '{"b":"ü✓"}', '']);
      expect(seen.stray).toEqual([]);
    }
  });

  it('GIVEN a stray line before a frame THEN it is discarded, counted, and the frame still arrives', () => {
    const { d, seen } = decoder();
    d.push(Buffer.from(`hello from print()\n${frame('{"x":1}')}`));
    expect(seen.frames).toEqual(['{"x":1}']);
    expect(seen.stray).toEqual([[19, 'hello from print()\n']]);
  });

  it('GIVEN header names in any case and extra headers THEN the frame is read', () => {
    const { d, seen } = decoder();
    d.push(Buffer.from('content-LENGTH:7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"a":1}'));
    expect(seen.frames).toEqual(['{"a":1}']);
  });

  it.each([
    ['a header with no length', 'Content-Type: application/json\r\n\r\n{}'],
    ['a negative length', 'Content-Length: -5\r\n\r\nhello'],
    ['a non-numeric length', 'Content-Length: twelve\r\n\r\n{"a":1}'],
    ['a length with a fraction', 'Content-Length: 1.5\r\n\r\n{}'],
    ['an empty length', 'Content-Length: \r\n\r\n{}'],
  ])('GIVEN %s THEN it is skipped and the next frame still arrives', (_label, bad) => {
    const { d, seen } = decoder();
    d.push(Buffer.from(`${bad}${frame('{"ok":true}')}`));
    expect(seen.frames).toEqual(['{"ok":true}']);
    expect(seen.malformed.length + seen.stray.length).toBeGreaterThan(0);
    expect(seen.oversized).toEqual([]);
  });

  it.each([
    ['over the cap', 'Content-Length: 1025\r\n\r\n', 1025],
    ['absurdly long', 'Content-Length: 99999999999999999999\r\n\r\n', Number.MAX_SAFE_INTEGER],
  ])('GIVEN a length %s THEN decoding stops before reading the body', (_label, header, announced) => {
    const { d, seen } = decoder(1024);
    d.push(Buffer.from(header));
    d.push(Buffer.alloc(4096, 0x41));
    d.push(Buffer.from(frame('{"after":1}')));
    expect(seen.oversized).toEqual([[announced, 1024]]);
    expect(seen.frames).toEqual([]);
    expect(d.buffered).toBe(0);
  });

  it('GIVEN a header block that never ends THEN it is dropped after 4 KiB instead of buffering forever', () => {
    const { d, seen } = decoder();
    d.push(Buffer.from(`Content-Length: 5${'x'.repeat(5000)}`));
    expect(seen.malformed[0]).toMatch(/longer than 4096 bytes/);
    d.push(Buffer.from(frame('{}')));
    expect(seen.frames).toEqual(['{}']);
  });

  it('GIVEN a stream that ends mid-frame THEN end() reports the lost bytes', () => {
    const { d } = decoder();
    d.push(Buffer.from('Content-Length: 50\r\n\r\n{"partial":'));
    expect(d.end()).toBe('{"partial":'.length);
  });

  it('GIVEN pause() THEN nothing more is delivered until resume(), and nothing is lost', () => {
    const seen: string[] = [];
    const d = new FrameDecoder({ frame: (b) => (seen.push(b.toString()), seen.length !== 2), stray: () => {}, malformed: () => {}, oversized: () => {} }, 1024);
    d.push(Buffer.from(frame('1') + frame('2') + frame('3') + frame('4')));
    expect(seen).toEqual(['1', '2']);
    expect(d.isPaused).toBe(true);
    d.push(Buffer.from(frame('5')));
    expect(seen).toEqual(['1', '2']);
    d.resume();
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
  });

  it('GIVEN random frames, random stray text between them and random chunking THEN every frame arrives and stray bytes are counted exactly', () => {
    const strayText = fc.string({ maxLength: 40 }).filter((s) => !/content-length:/i.test(s));
    fc.assert(
      fc.property(
        fc.array(fc.record({ body: fc.json({ maxDepth: 2 }), stray: fc.option(strayText, { nil: undefined }) }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (items, cuts) => {
          const parts = items.map((i) => (i.stray ?? '') + frame(i.body));
          const stream = Buffer.from(parts.join(''));
          const { d, seen } = decoder(1 << 20);
          let pos = 0;
          for (let k = 0; pos < stream.length; k++) {
            const n = cuts[k % cuts.length]!;
            d.push(stream.subarray(pos, pos + n));
            pos += n;
          }
          d.end();
          expect(seen.frames).toEqual(items.map((i) => i.body));
          expect(strayTotal(seen)).toBe(items.reduce((n, i) => n + Buffer.byteLength(i.stray ?? ''), 0));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('FrameDecoder resync after a truncated header', () => {
  it('GIVEN "Content-Length: " cut short and followed by a good frame THEN only the truncated header is lost', () => {
    const { d, seen } = decoder();
    d.push(Buffer.from(`Content-Length: ${frame('{"kept":true}')}`));
    expect(seen.frames).toEqual(['{"kept":true}']);
    expect(seen.malformed).toHaveLength(1);
    expect(strayTotal(seen)).toBe('Content-Length: '.length);
  });
});
