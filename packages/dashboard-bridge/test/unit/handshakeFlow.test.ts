/**
 * The handshake state machine with fake windows (Node's MessageChannel is real): who may start it, what a
 * reload does, what is refused. The real-browser version of these runs in test/browser/security.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { startFrameHandshake, startHostHandshake, type RefusalReason } from '../../src/protocol/handshake.js';
import { BRIDGE_NS } from '../../src/protocol/types.js';

type Listener = (e: { data: unknown; source: unknown; origin: string; ports: MessagePort[] }) => void;

/** A window that delivers postMessage to its listeners asynchronously, with a real `source`. */
class FakeWindow {
  readonly listeners = new Set<Listener>();
  parent: FakeWindow = this;
  constructor(readonly origin: string) {}
  addEventListener(_t: 'message', l: Listener) {
    this.listeners.add(l);
  }
  removeEventListener(_t: 'message', l: Listener) {
    this.listeners.delete(l);
  }
  /** `from` is the window whose script calls `this.postMessage(...)`. */
  deliver(from: FakeWindow, data: unknown, ports: MessagePort[] = []) {
    queueMicrotask(() => {
      for (const l of [...this.listeners]) l({ data, source: from, origin: from.origin, ports });
    });
  }
}

function wire(host: FakeWindow, frame: FakeWindow) {
  frame.parent = host;
  // What the code under test calls: frame.postMessage from the host, parent.postMessage from the frame.
  (frame as unknown as { postMessage: (d: unknown, o: string, p?: MessagePort[]) => void }).postMessage = (d, _o, p = []) => frame.deliver(host, d, p);
  (host as unknown as { postMessage: (d: unknown, o: string, p?: MessagePort[]) => void }).postMessage = (d, _o, p = []) => host.deliver(frame, d, p);
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const TOKEN = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

function setup(frameFirst: boolean) {
  const host = new FakeWindow('http://127.0.0.1:1');
  const frame = new FakeWindow('null');
  wire(host, frame);
  const hostPorts: MessagePort[] = [];
  const framePorts: MessagePort[] = [];
  const refused: RefusalReason[] = [];
  let framePort: MessagePort | null = null;
  const startFrame = () =>
    startFrameHandshake({
      window: frame as unknown as Window,
      token: TOKEN,
      hostOrigin: host.origin,
      isConnected: () => framePort !== null,
      onPort: (p) => {
        framePort = p;
        framePorts.push(p);
      },
    });
  const startHost = () =>
    startHostHandshake({
      hostWindow: host as unknown as Window,
      frameWindow: () => frame as unknown as Window,
      token: TOKEN,
      onConnect: (p) => hostPorts.push(p),
      onRefused: (r) => refused.push(r),
    });
  return { host, frame, hostPorts, framePorts, refused, startFrame, startHost, dropFramePort: () => (framePort = null) };
}

describe('handshake flow', () => {
  it('GIVEN the host starts first THEN the frame’s SYN connects them over a working port', async () => {
    const s = setup(false);
    const hs = s.startHost();
    hs.poke(); // nobody listens yet: harmless
    s.startFrame();
    await tick();
    // The early HOST_SYN crossed the frame's first SYN: the host answered both, the frame adopted only
    // the answer to its latest SYN, and the host's current port is that same channel.
    expect(s.framePorts.length).toBe(1);
    const got = new Promise((r) => (s.framePorts[0]!.onmessage = (e) => r(e.data)));
    s.hostPorts.at(-1)!.postMessage('over the port');
    expect(await got).toBe('over the port');
    for (const p of [...s.hostPorts, ...s.framePorts]) p.close();
    hs.stop();
  });

  it('GIVEN the frame starts first (its SYN is lost) THEN the host’s HOST_SYN makes it send again', async () => {
    const s = setup(true);
    s.startFrame();
    await tick(); // SYN delivered to nobody
    const hs = s.startHost();
    hs.poke();
    await tick();
    expect([s.hostPorts.length, s.framePorts.length]).toEqual([1, 1]);
    // A connected frame ignores further HOST_SYNs: no second channel.
    hs.poke();
    await tick();
    expect(s.hostPorts.length).toBe(1);
    for (const p of [...s.hostPorts, ...s.framePorts]) p.close();
    hs.stop();
  });

  it('GIVEN a reload THEN the new document’s SYN replaces the port; a load without SYN marks the port stale', async () => {
    const s = setup(false);
    const hs = s.startHost();
    const stop1 = s.startFrame();
    await tick();
    expect(hs.frameLoaded()).toBe(false); // the document that just loaded had already connected
    // Reload: the old document's listener goes away, the new document starts the SDK again.
    stop1();
    s.dropFramePort();
    s.startFrame();
    await tick();
    expect(s.hostPorts.length).toBe(2);
    expect(hs.frameLoaded()).toBe(false);
    // Navigation to a page without the SDK: load fires, no SYN came → stale.
    expect(hs.frameLoaded()).toBe(true);
    for (const p of [...s.hostPorts, ...s.framePorts]) p.close();
    hs.stop();
  });

  it('GIVEN messages from elsewhere or with the wrong token THEN they are refused and no port is made', async () => {
    const s = setup(false);
    const hs = s.startHost();
    const stranger = new FakeWindow('null');
    s.host.deliver(stranger, { ns: BRIDGE_NS, type: 'SYN', versions: [1], token: TOKEN, attempt: 1 });
    s.host.deliver(s.frame, { ns: BRIDGE_NS, type: 'SYN', versions: [1], token: 'b'.repeat(32), attempt: 1 });
    s.host.deliver(s.frame, { ns: BRIDGE_NS, type: 'SYN', versions: [2], token: TOKEN, attempt: 1 });
    s.host.deliver(s.frame, { ns: BRIDGE_NS, type: 'SYN' });
    s.host.deliver(s.frame, { unrelated: true });
    await tick();
    expect(s.refused).toEqual(['foreign_source', 'bad_token', 'version', 'malformed']);
    expect(s.hostPorts).toHaveLength(0);

    // The frame side: an ACK from anyone but the parent, or with another token, is ignored.
    s.startFrame();
    const fake = new MessageChannel();
    s.frame.deliver(stranger, { ns: BRIDGE_NS, type: 'ACK', version: 1, token: TOKEN, attempt: 1 }, [fake.port2]);
    s.frame.deliver(s.host, { ns: BRIDGE_NS, type: 'ACK', version: 1, token: 'c'.repeat(32), attempt: 1 }, [fake.port2]);
    s.frame.deliver(s.host, { ns: BRIDGE_NS, type: 'ACK', version: 1, token: TOKEN, attempt: 99 }, [fake.port2]);
    await tick();
    expect(s.framePorts.filter((p) => p === fake.port2)).toHaveLength(0);
    fake.port1.close();
    for (const p of [...s.hostPorts, ...s.framePorts]) p.close();
    hs.stop();
  });
});
