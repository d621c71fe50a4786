// Host->guest event throughput into the real SDK (a registered no-op handler), beside a baseline:
// a naive stdlib Python child (readline + read(n) + json.loads per frame) fed the same way, same run.
// Usage: node packages/sandbox-runner/python/bench/events.mjs [seconds=3]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SDK = dirname(dirname(fileURLToPath(import.meta.url)));
const PY = process.env.PYTHON ?? '/usr/bin/python3';
const SECONDS = Number(process.argv[2] ?? 3);
const WINDOW = 1024;
const dir = mkdtempSync(join(tmpdir(), 'maid-bench-'));

writeFileSync(join(dir, 'noop.py'), `from mmo_maid_sdk import Plugin
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx, event):
    pass
plugin.run()
`);
// The baseline child: what research §2 calls a naive stdlib child; it acks like the SDK does.
writeFileSync(join(dir, 'naive.py'), `import sys, json
inp, out = sys.stdin.buffer, sys.stdout.buffer
n = 0
while True:
    line = inp.readline()
    if not line: break
    length = int(line.split(b":")[1]); inp.readline()
    msg = json.loads(inp.read(length))
    if msg.get("method") == "initialize":
        b = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": {"protocol_version": "1.0"}}).encode()
        out.write(b"Content-Length: %d\\r\\n\\r\\n%b" % (len(b), b)); out.flush(); continue
    if msg.get("method") != "event": continue
    n += 1
    if n == 256:
        b = json.dumps({"jsonrpc": "2.0", "method": "flow.ack", "params": {"count": n}}).encode()
        out.write(b"Content-Length: %d\\r\\n\\r\\n%b" % (len(b), b)); out.flush(); n = 0
`);

function frame(obj) {
  const body = Buffer.from(JSON.stringify(obj));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };
const payload = { message_id: '1', channel_id: '2', author_id: '3', author_bot: false, content: 'x'.repeat(60), timestamp: '2026-01-01T00:00:00Z' };
const eventFrame = frame({ jsonrpc: '2.0', method: 'event', params: { ctx, name: 'message_create', payload } });

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(PY, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { MAIDKIT_PROTOCOL: '1' } });
    let buf = Buffer.alloc(0);
    let acked = 0, sent = 0, started = 0, stopAt = 0, ready = false;
    const batch = Buffer.concat(Array.from({ length: 64 }, () => eventFrame));
    const pump = () => {
      if (!ready) return;
      const now = performance.now();
      if (now >= stopAt) { if (acked >= sent) finish(); return; }
      while (sent - acked + 64 <= WINDOW) { child.stdin.write(batch); sent += 64; }
    };
    const finish = () => {
      const secs = (performance.now() - started) / 1000;
      ready = false; child.kill('SIGKILL');
      resolve(acked / secs);
    };
    child.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())[1]);
        if (buf.length < end + 4 + len) break;
        const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
        buf = buf.subarray(end + 4 + len);
        if (msg.id === 1) {
          child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
          ready = true; started = performance.now(); stopAt = started + SECONDS * 1000;
        } else if (msg.method === 'flow.ack') acked += msg.params.count;
      }
      pump();
    });
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
      protocol_versions: ['1.0'], mode: 'single', install: ctx, capabilities: [],
      limits: { max_message_bytes: 1048576, request_timeout_ms: 10000, max_concurrency: Number(process.env.MC ?? 8), flow_window: WINDOW } } }));
  });
}

const boot = join(SDK, 'mmo_maid_sdk', '_boot.py');
const base = await run(['-I', '-S', join(dir, 'naive.py')]);
const sdk = await run(['-I', '-S', boot, join(dir, 'noop.py')]);
const frameBytes = eventFrame.length;
console.log(`frame ${frameBytes} B, ${SECONDS}s each`);
console.log(`naive stdlib child (baseline): ${Math.round(base).toLocaleString()} events/s`);
console.log(`mmo_maid_sdk, no-op handler : ${Math.round(sdk).toLocaleString()} events/s  (${(sdk / base).toFixed(2)}x baseline)`);
