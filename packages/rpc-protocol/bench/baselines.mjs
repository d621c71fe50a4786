// The baselines every transport figure is read against, shared by this package's bench and
// @maidkit/sandbox-runner's (one measurement, not two copies that could drift):
//   (a) the raw floor: Node↔Node newline JSON, no library, one write per message
//   (b) stock vscode-jsonrpc host → a naive stdlib Python child
// and the helpers both benches time things with. 200-byte event payloads (`params`).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';

const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- payload: a 200-byte event payload
// Every pair sends the same params object: {ctx, name, payload} with `payload` 200 bytes of JSON.
const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };
const basePayload = { message_id: '500000000000000001', channel_id: '300000000000000003', author_id: '200000000000000002', author_bot: false, content: '', timestamp: '2026-04-01T12:00:00.000Z' };
export const payload = { ...basePayload, content: 'x'.repeat(Math.max(0, 200 - JSON.stringify(basePayload).length)) };
export const params = { ctx, name: 'message_create', payload };

export const now = () => performance.now();
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** `seconds` of flood after `warmupMs`, `rttN` sequential round trips, the Python to run. */
let settings = { seconds: 3, warmupMs: 500, rttN: 2000, python: process.env.PYTHON ?? 'python3' };
export function configure(options) {
  settings = { ...settings, ...options };
}

export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** Sample a child's RSS every 50 ms; returns a stop() that yields {startKb, peakKb}. */
export function rssSampler(pid) {
  const startKb = rssKb(pid);
  let peakKb = startKb;
  const t = setInterval(() => {
    const v = rssKb(pid);
    if (v > peakKb) peakKb = v;
  }, 50);
  return () => {
    clearInterval(t);
    const v = rssKb(pid);
    if (v > peakKb) peakKb = v;
    return { startKb, peakKb, growthMb: (peakKb - startKb) / 1024 };
  };
}

export function spawnChild(cmd, argv) {
  const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.on('error', () => {});
  return child;
}

export async function stop(child) {
  child.stdin.end();
  const exited = new Promise((r) => child.once('exit', r));
  const t = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(t);
}

/** Flood for the warm-up + `seconds` with `send()` (which may await), then ask the child its count. */
export async function flood(send, count) {
  const warmEnd = now() + settings.warmupMs;
  while (now() < warmEnd) await send();
  const before = await count();
  const start = now();
  const end = start + settings.seconds * 1000;
  while (now() < end) await send();
  const after = await count(); // the count request queues behind every event: this waits for all of them
  return (after - before) / ((now() - start) / 1000);
}

export async function sequential(call) {
  for (let i = 0; i < 200; i++) await call();
  const samples = [];
  for (let i = 0; i < settings.rttN; i++) {
    const t0 = now();
    await call();
    samples.push(now() - t0);
  }
  return { p50: median(samples), p99: pct(samples, 0.99) };
}

// ---------------------------------------------------------------- (a) the raw floor
/** The raw floor's child, started: `request(method)` is one NDJSON round trip; `send()` one event. */
export function floorChild() {
  const child = spawnChild(process.execPath, [join(HERE, 'raw_child.mjs')]);
  let buf = '';
  const waiting = new Map();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const msg = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      waiting.get(msg.id)?.(msg.result);
      waiting.delete(msg.id);
    }
  });
  let id = 0;
  const request = (method) =>
    new Promise((resolve) => {
      const my = ++id;
      waiting.set(my, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: my, method, params })}\n`);
    });
  let batch = 0;
  const send = async () => {
    // one write per message; yield to the event loop on backpressure (and every 256 messages)
    const ok = child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'event', params })}\n`);
    if (!ok) await new Promise((r) => child.stdin.once('drain', r));
    else if (++batch % 256 === 0) await new Promise((r) => setImmediate(r));
  };
  return { request, send, close: () => stop(child) };
}

export async function runFloor() {
  const floor = floorChild();
  const eventsPerSec = await flood(floor.send, () => floor.request('count'));
  const rtt = await sequential(() => floor.request('ping'));
  await floor.close();
  return { eventsPerSec, rttP50: rtt.p50, rttP99: rtt.p99 };
}

// ---------------------------------------------------------------- (b) stock vscode-jsonrpc → naive Python
export async function runStock() {
  const child = spawnChild(settings.python, ['-I', '-S', join(HERE, 'naive_child.py')]);
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  conn.listen();
  let inFlight = [];
  const send = async () => {
    inFlight.push(conn.sendNotification('event', params));
    // bound the library's unbounded write queue so the host does not measure its own GC
    if (inFlight.length >= 512) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  };
  await conn.sendRequest('ping', {}); // the child is up: measure growth from its idle size
  const sample = rssSampler(child.pid);
  const eventsPerSec = await flood(send, () => conn.sendRequest('count', {}));
  const mem = sample();
  const rtt = await sequential(() => conn.sendRequest('ping', {}));
  conn.dispose();
  await stop(child);
  return { eventsPerSec, rttP50: rtt.p50, rttP99: rtt.p99, rssGrowthMb: mem.growthMb };
}
