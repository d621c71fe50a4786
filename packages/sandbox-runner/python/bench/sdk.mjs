// mmo_maid_sdk figures, each beside a baseline measured in the same run (PROTOCOL.md framing, real pipes):
//   1. host->guest events/s into a registered no-op handler  vs  a naive stdlib child (readline + read(n) + json.loads)
//   2. guest->host kv.get round trip (median)                vs  the naive child answering a ping per round trip
//   3. spawn -> initialize answered (median of 15)           vs  the naive child's handshake
//   4. idle RSS after the handshake, and RSS growth over a flood  vs  the naive child
// Usage: node packages/sandbox-runner/python/bench/sdk.mjs [seconds=3]   (PYTHON=/usr/bin/python3 by default)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

const SDK = dirname(dirname(fileURLToPath(import.meta.url)));
const BOOT = join(SDK, 'mmo_maid_sdk', '_boot.py');
const PY = process.env.PYTHON ?? '/usr/bin/python3';
const SECONDS = Number(process.argv[2] ?? 3);
const WINDOW = 1024;
const dir = mkdtempSync(join(tmpdir(), 'maid-bench-'));

writeFileSync(join(dir, 'noop.py'), `from mmo_maid_sdk import Plugin
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx, event):
    pass
@plugin.on_dashboard("kv_loop")
def kv_loop(ctx, params):
    import time
    samples = []
    for _ in range(params["n"]):
        t = time.perf_counter_ns()
        ctx.kv.get("k")
        samples.append(time.perf_counter_ns() - t)
    samples.sort()
    return {"median_us": samples[len(samples) // 2] / 1000}
plugin.run()
`);
// The baseline child (research/rpc-protocol.md §2's naive stdlib child), acking events like the SDK does and
// timing ping round trips to the host for the RTT baseline.
writeFileSync(join(dir, 'naive.py'), `import sys, json, time
inp, out = sys.stdin.buffer, sys.stdout.buffer
def send(obj):
    b = json.dumps(obj).encode(); out.write(b"Content-Length: %d\\r\\n\\r\\n%b" % (len(b), b)); out.flush()
def recv():
    line = inp.readline()
    if not line: sys.exit(0)
    length = int(line.split(b":")[1]); inp.readline()
    return json.loads(inp.read(length))
n = 0
while True:
    msg = recv()
    m = msg.get("method")
    if m == "initialize":
        send({"jsonrpc": "2.0", "id": msg["id"], "result": {"protocol_version": "1.0"}}); continue
    if m == "event":
        n += 1
        if n == 256: send({"jsonrpc": "2.0", "method": "flow.ack", "params": {"count": n}}); n = 0
        continue
    if m == "dashboard":
        samples = []
        for i in range(msg["params"]["params"]["n"]):
            t = time.perf_counter_ns()
            send({"jsonrpc": "2.0", "id": i, "method": "kv.get", "params": {"install_id": "inst_1", "key": "k"}})
            recv()
            samples.append(time.perf_counter_ns() - t)
        samples.sort()
        send({"jsonrpc": "2.0", "id": msg["id"], "result": {"median_us": samples[len(samples) // 2] / 1000}})
`);

const frame = (obj) => {
  const body = Buffer.from(JSON.stringify(obj));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
};
const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };
const payload = { message_id: '1', channel_id: '2', author_id: '3', author_bot: false, content: 'x'.repeat(60), timestamp: '2026-01-01T00:00:00Z' };
const eventFrame = frame({ jsonrpc: '2.0', method: 'event', params: { ctx, name: 'message_create', payload } });
const init = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
  protocol_versions: ['1.0'], mode: 'single', install: ctx, capabilities: [],
  limits: { max_message_bytes: 1048576, request_timeout_ms: 10000, max_concurrency: 8, flow_window: WINDOW } } });
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Start a guest; resolves once `initialize` is answered. `onMessage` sees every later message. */
function start(args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(PY, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { MAIDKIT_PROTOCOL: '1' } });
    let buf = Buffer.alloc(0);
    const g = { child, onMessage: () => {}, send: (o) => child.stdin.write(frame(o)) };
    child.stdout.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())[1]);
        if (buf.length < end + 4 + len) break;
        const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
        buf = buf.subarray(end + 4 + len);
        if (msg.id === 1 && !('method' in msg)) {
          g.readyMs = performance.now() - t0;
          child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
          resolve(g);
        } else g.onMessage(msg);
      }
    });
    child.stdin.write(init);
  });
}

async function throughput(args) {
  const g = await start(args);
  await new Promise((r) => setTimeout(r, 200));
  const idle = rssKb(g.child.pid);
  const batch = Buffer.concat(Array.from({ length: 64 }, () => eventFrame));
  let sent = 0, acked = 0;
  const t0 = performance.now();
  const stopAt = t0 + SECONDS * 1000;
  return new Promise((resolve) => {
    const pump = () => {
      if (performance.now() >= stopAt) {
        if (acked >= sent) {
          const rate = acked / ((performance.now() - t0) / 1000);
          const flood = rssKb(g.child.pid);
          g.child.kill('SIGKILL');
          resolve({ rate, idle, growth: flood - idle });
        }
        return;
      }
      while (sent - acked + 64 <= WINDOW) { g.child.stdin.write(batch); sent += 64; }
    };
    g.onMessage = (m) => { if (m.method === 'flow.ack') acked += m.params.count; pump(); };
    pump();
  });
}

async function roundTrip(args) {
  const g = await start(args);
  return new Promise((resolve) => {
    g.onMessage = (m) => {
      if (m.method === 'kv.get') g.send({ jsonrpc: '2.0', id: m.id, result: { value: 'v' } });
      else if (m.id === 2) { g.child.kill('SIGKILL'); resolve(m.result.median_us); }
    };
    g.send({ jsonrpc: '2.0', id: 2, method: 'dashboard', params: { ctx, method: 'kv_loop', params: { n: 3000 } } });
  });
}

async function coldStart(args, n = 15) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const g = await start(args);
    times.push(g.readyMs);
    g.child.kill('SIGKILL');
    await new Promise((r) => g.child.once('exit', r));
  }
  return median(times);
}

const naive = ['-I', '-S', join(dir, 'naive.py')];
const sdk = ['-I', '-S', BOOT, join(dir, 'noop.py')];
const row = (label, base, ours, unit, digits = 0) => {
  const ratio = Math.abs(base) >= 0.05 ? (ours / base).toFixed(2) : '—';
  console.log(`${label.padEnd(38)} naive ${base.toFixed(digits).padStart(9)} ${unit.padEnd(5)} sdk ${ours.toFixed(digits).padStart(9)} ${unit.padEnd(5)} ratio ${ratio}`);
};

const tb = await throughput(naive);
const ts = await throughput(sdk);
const rb = await roundTrip(naive);
const rs = await roundTrip(sdk);
const cb = await coldStart(naive);
const cs = await coldStart(sdk);
console.log(`mmo_maid_sdk bench: ${eventFrame.length}-byte event frames, ${SECONDS} s floods, ${PY}`);
row('events/s host->guest (no-op handler)', tb.rate, ts.rate, 'ev/s');
row('kv.get round trip, median', rb, rs, 'us', 1);
row('spawn -> initialize answered, median', cb, cs, 'ms', 1);
row('idle RSS after handshake', tb.idle / 1024, ts.idle / 1024, 'MB', 1);
row(`RSS growth over a ${SECONDS} s flood`, tb.growth / 1024, ts.growth / 1024, 'MB', 2);
