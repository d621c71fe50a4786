import { PassThrough } from 'node:stream';
import { createPeer, type Peer, type PeerOptions } from '../../src/index.js';

/** Two peers wired back to back over in-memory streams: `a` writes what `b` reads and the reverse. */
export function peerPair(aOptions: PeerOptions = {}, bOptions: PeerOptions = {}): { a: Peer; b: Peer; aToB: PassThrough; bToA: PassThrough } {
  const aToB = new PassThrough();
  const bToA = new PassThrough();
  const a = createPeer(bToA, aToB, aOptions);
  const b = createPeer(aToB, bToA, bOptions);
  return { a, b, aToB, bToA };
}

/** A raw end: write bytes to a peer and collect what it writes back, decoded frame by frame. */
export function rawPeer(options: PeerOptions = {}): {
  peer: Peer;
  write: (data: string | Buffer) => void;
  end: () => void;
  messages: () => Array<Record<string, unknown>>;
  next: (timeoutMs?: number) => Promise<Record<string, unknown>>;
  raw: () => Buffer;
} {
  const toPeer = new PassThrough();
  const fromPeer = new PassThrough();
  const peer = createPeer(toPeer, fromPeer, options);
  let bytes = Buffer.alloc(0);
  let consumed = 0;
  const decoded: Array<Record<string, unknown>> = [];
  let waiters: Array<() => void> = [];
  fromPeer.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    for (;;) {
      const rest = bytes.subarray(consumed);
      const headerEnd = rest.indexOf('\r\n\r\n');
      if (headerEnd === -1) break;
      const m = /^Content-Length: (\d+)$/.exec(rest.subarray(0, headerEnd).toString('latin1'));
      if (!m) throw new Error(`peer wrote a bad header: ${rest.subarray(0, headerEnd).toString()}`);
      const n = Number(m[1]);
      if (rest.length < headerEnd + 4 + n) break;
      decoded.push(JSON.parse(rest.subarray(headerEnd + 4, headerEnd + 4 + n).toString('utf8')) as Record<string, unknown>);
      consumed += headerEnd + 4 + n;
    }
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });
  let read = 0;
  const next = async (timeoutMs = 2000): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    while (read >= decoded.length) {
      if (Date.now() > deadline) throw new Error(`no message from the peer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return decoded[read++]!;
  };
  return {
    peer,
    write: (data) => toPeer.write(data),
    end: () => toPeer.end(),
    messages: () => decoded,
    next,
    raw: () => bytes,
  };
}

export function frame(body: string | object): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}
