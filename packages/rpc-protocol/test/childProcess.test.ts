import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPeer, ErrorCodes, Methods, type Peer, type PeerOptions, type ProtocolError } from '../src/index.js';

const script = join(import.meta.dirname, 'fixtures', 'hostile_guest.py');
const children: ChildProcessWithoutNullStreams[] = [];

function start(mode: string, args: string[] = [], options: PeerOptions = {}): { child: ChildProcessWithoutNullStreams; peer: Peer; errors: ProtocolError[]; stderr: () => string } {
  const child = spawn('python3', ['-I', '-S', script, mode, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const peer = createPeer(child.stdout, child.stdin, options);
  const errors: ProtocolError[] = [];
  peer.onError((e) => errors.push(e));
  return { child, peer, errors, stderr: () => err };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((resolve) => child.once('exit', resolve));

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('a real Python child process that misbehaves', () => {
  it('GIVEN stray output, binary junk, a header without a length and a negative length THEN every real message still arrives', async () => {
    const { peer, errors } = start('stray');
    const logs: string[] = [];
    peer.onNotification(Methods.log, (p) => void logs.push(p.message));
    expect(await peer.request(Methods.healthPing, {})).toEqual({ ok: true, pending: 0 });
    await expect.poll(() => logs).toEqual(['after the junk', 'done']);
    const stray = errors.filter((e) => e.code === 'stray_output');
    expect(stray.length).toBeGreaterThan(0);
    expect(stray[0]!.detail['sample']).toContain('a stray print() line');
    expect(peer.stats.strayBytes).toBeGreaterThan(40);
    expect(errors.some((e) => e.code === 'malformed_frame')).toBe(true);
    peer.close();
  });

  it('GIVEN a child that dies in the middle of a frame THEN the host reports a truncated frame and its pending request fails', async () => {
    const { peer, errors, child } = start('mid_frame');
    const closed = new Promise<ProtocolError | undefined>((resolve) => peer.onClose(resolve));
    await expect(peer.request(Methods.healthPing, {})).rejects.toMatchObject({ code: 'closed' });
    expect((await closed)?.code).toBe('closed');
    expect(errors.map((e) => e.code)).toContain('truncated_frame');
    expect(await exited(child)).toBe(3);
  });

  it('GIVEN a child that announces a 100 MB message THEN the host answers -32004, hangs up, and never reads the body', async () => {
    const { peer, errors, child, stderr } = start('oversized', [], { maxMessageBytes: 1 << 20 });
    const closed = new Promise<ProtocolError | undefined>((resolve) => peer.onClose(resolve));
    expect((await closed)?.code).toBe('oversized');
    expect(await exited(child)).toBe(0);
    expect(stderr()).toContain('"code":-32004');
    expect(stderr()).toContain('"actual":99999999');
    expect(errors[0]).toMatchObject({ code: 'oversized', fatal: true, detail: { limit: 1 << 20, actual: 99999999 } });
  });

  it('GIVEN a child that never answers THEN the request times out with -32002 and the child receives $/cancelRequest', async () => {
    const { peer, stderr } = start('silent');
    const started = Date.now();
    await expect(peer.request(Methods.healthPing, {}, { timeoutMs: 150 })).rejects.toMatchObject({ code: ErrorCodes.Timeout, data: { timeout_ms: 150 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect.poll(() => stderr()).toContain('cancel 1');
    peer.close();
  });

  it('GIVEN a child that floods 20 000 requests THEN the host queue stays bounded, input pauses, and all are answered', async () => {
    const { peer } = start('flood', ['20000'], { maxPendingInbound: 64, maxConcurrency: 4 });
    let maxQueued = 0;
    let paused = false;
    let answered = '';
    peer.onRequest(Methods.kvGet, async ({ key }) => {
      const s = peer.stats;
      maxQueued = Math.max(maxQueued, s.queuedInbound);
      paused ||= s.inputPaused;
      await new Promise((resolve) => setImmediate(resolve));
      return { value: key };
    });
    peer.onNotification(Methods.log, (p) => void (answered = p.message));
    await expect.poll(() => answered, { timeout: 20_000 }).toBe('answered 20000');
    expect(paused).toBe(true);
    expect(maxQueued).toBeLessThanOrEqual(64);
    peer.close();
  });
});
