#!/usr/bin/env node
// Replays the conformance vectors (PROTOCOL.md §10) against a guest, playing the host.
//
//   node packages/rpc-protocol/conformance/replay.mjs [--only NAME[,NAME…]] [--timeout MS] -- <command> [args…]
//
// One fresh guest process per vector (env MAIDKIT_PROTOCOL=1). Prints one line per vector and exits 1 if
// any failed. Plain Node, no dependencies and no build: any guest implementation's test suite can run it.
// The same `replayVector` is imported by the TypeScript tests, so both sides use one matcher.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SKIPPED_METHODS = new Set(['log', 'flow.ack']);

/** Every vector in this folder, sorted by file name. */
export function loadVectors(dir = HERE) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
}

export function encodeFrame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

/**
 * A strict decoder for what the guest writes: anything that is not a well-formed frame is a failure
 * (a guest must never write anything else to stdout).
 */
export function createStrictDecoder(onMessage, onGarbage) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (;;) {
      const headerEnd = buf.indexOf('\r\n\r\n');
      if (headerEnd === -1) {
        const head = buf.subarray(0, 15).toString('latin1').toLowerCase();
        if (head.length > 0 && !(head.length === 15 ? head === 'content-length:' : 'content-length:'.startsWith(head))) {
          onGarbage(buf.toString('utf8', 0, 200));
          buf = Buffer.alloc(0);
        }
        return;
      }
      const header = buf.subarray(0, headerEnd).toString('latin1');
      const m = /^content-length:[ \t]*(\d+)[ \t]*(\r\n|$)/i.exec(header);
      if (!m) {
        onGarbage(buf.toString('utf8', 0, 200));
        buf = Buffer.alloc(0);
        return;
      }
      const n = Number(m[1]);
      if (buf.length < headerEnd + 4 + n) return;
      const body = buf.subarray(headerEnd + 4, headerEnd + 4 + n).toString('utf8');
      buf = buf.subarray(headerEnd + 4 + n);
      try {
        onMessage(JSON.parse(body));
      } catch {
        onGarbage(`unparseable body: ${body.slice(0, 200)}`);
      }
    }
  };
}

const ANY = '<any>';
const ID_REF = /^<id:([A-Za-z0-9_]+)>$/;

/** Replace `<id:NAME>` strings in a message the replayer sends with the values bound so far. */
function substitute(value, bindings) {
  if (typeof value === 'string') {
    const m = ID_REF.exec(value);
    if (m) {
      if (!(m[1] in bindings)) throw new Error(`send uses <id:${m[1]}> before an expect bound it`);
      return bindings[m[1]];
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, bindings));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bindings)]));
  }
  return value;
}

/**
 * Structural match. Returns '' on success or a description of the first difference.
 * - `"<any>"` matches any value that is present;
 * - `"<id:NAME>"` binds NAME to the actual value the first time, and must equal it afterwards;
 * - objects: every expected key must be present and match; extra actual keys are allowed;
 * - arrays: same length, element by element; everything else: strict equality.
 */
export function match(expected, actual, bindings, path = '') {
  if (expected === ANY) return actual === undefined ? `${path || '/'}: missing` : '';
  if (typeof expected === 'string') {
    const m = ID_REF.exec(expected);
    if (m) {
      if (actual === undefined) return `${path}: missing`;
      if (!(m[1] in bindings)) {
        bindings[m[1]] = actual;
        return '';
      }
      return JSON.stringify(bindings[m[1]]) === JSON.stringify(actual) ? '' : `${path}: expected <id:${m[1]}> = ${JSON.stringify(bindings[m[1]])}, got ${JSON.stringify(actual)}`;
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = match(expected[i], actual[i], bindings, `${path}/${i}`);
      if (d) return d;
    }
    return '';
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) return `${path}/${k}: missing`;
      const d = match(v, actual[k], bindings, `${path}/${k}`);
      if (d) return d;
    }
    return '';
  }
  return expected === actual ? '' : `${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/**
 * Replay one vector over a transport: `{ write(buf), messages: AsyncQueue-like, closed: Promise }`
 * built by `connectTransport`. Resolves with `{ ok, error?, step? }`.
 */
export async function replayVector(vector, transport, { timeoutMs = 5000 } = {}) {
  const bindings = {};
  let acked = 0;
  const seen = [];
  const take = async (deadline) => {
    const msg = await transport.next(deadline - Date.now());
    if (msg === undefined) return undefined;
    if (msg && msg.method === 'flow.ack' && msg.params && Number.isInteger(msg.params.count)) acked += msg.params.count;
    seen.push(msg);
    return msg;
  };
  for (let i = 0; i < vector.steps.length; i++) {
    const step = vector.steps[i];
    const fail = (error) => ({
      ok: false,
      step: i,
      error: `step ${i} (${Object.keys(step)[0]}): ${transport.garbage.length > 0 ? `the guest wrote bytes that are not frames: ${JSON.stringify(transport.garbage[0])}` : error}`,
    });
    try {
      if ('send' in step) {
        transport.write(encodeFrame(substitute(step.send, bindings)));
      } else if ('send_raw' in step) {
        transport.write(Buffer.from(step.send_raw, 'utf8'));
      } else if ('send_raw_base64' in step) {
        transport.write(Buffer.from(step.send_raw_base64, 'base64'));
      } else if ('close_input' in step) {
        transport.closeInput();
      } else if ('sleep_ms' in step) {
        await new Promise((r) => setTimeout(r, step.sleep_ms));
      } else if ('expect' in step) {
        const deadline = Date.now() + timeoutMs;
        const wantsSkipped = step.expect && SKIPPED_METHODS.has(step.expect.method);
        for (;;) {
          const msg = await take(deadline);
          if (msg === undefined) return fail(`no matching message within ${timeoutMs} ms; expected ${JSON.stringify(step.expect)}; last seen ${JSON.stringify(seen.slice(-3))}`);
          if (!wantsSkipped && msg && SKIPPED_METHODS.has(msg.method)) continue;
          const diff = match(step.expect, msg, bindings);
          if (diff) return fail(`${diff}\n    expected ${JSON.stringify(step.expect)}\n    got      ${JSON.stringify(msg)}`);
          break;
        }
      } else if ('expect_flow_ack' in step) {
        const deadline = Date.now() + timeoutMs;
        while (acked < step.expect_flow_ack) {
          const msg = await take(deadline);
          if (msg === undefined) return fail(`flow.ack total is ${acked}, expected ${step.expect_flow_ack} within ${timeoutMs} ms`);
          if (msg && !SKIPPED_METHODS.has(msg.method)) return fail(`unexpected message while waiting for flow.ack: ${JSON.stringify(msg)}`);
        }
      } else if ('expect_close' in step) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const msg = await take(deadline);
          if (msg === undefined) {
            if (transport.isClosed()) break;
            return fail(`the guest did not close its output within ${timeoutMs} ms`);
          }
          if (msg && SKIPPED_METHODS.has(msg.method)) continue;
          return fail(`unexpected message before close: ${JSON.stringify(msg)}`);
        }
      } else {
        return fail(`unknown step ${JSON.stringify(step)}`);
      }
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    if (transport.garbage.length > 0) return fail(`the guest wrote bytes that are not frames: ${JSON.stringify(transport.garbage[0])}`);
  }
  return { ok: true };
}

/**
 * Wrap a guest's stdin (writable) and stdout (readable) as a replay transport.
 * `next(ms)` resolves with the next decoded message, or `undefined` on timeout or end of output.
 */
export function connectTransport(stdin, stdout) {
  const queue = [];
  let waiter;
  let closed = false;
  const garbage = [];
  const wake = () => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w();
    }
  };
  const decode = createStrictDecoder(
    (msg) => {
      queue.push(msg);
      wake();
    },
    (sample) => {
      garbage.push(sample);
      wake();
    },
  );
  stdout.on('data', (chunk) => decode(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  const onClose = () => {
    closed = true;
    wake();
  };
  stdout.on('end', onClose);
  stdout.on('close', onClose);
  stdin.on('error', () => {}); // EPIPE after the guest exits is expected in close vectors
  return {
    garbage,
    isClosed: () => closed,
    write: (buf) => {
      if (!stdin.destroyed && stdin.writable) stdin.write(buf);
    },
    closeInput: () => stdin.end(),
    next: async (ms) => {
      const deadline = Date.now() + Math.max(0, ms);
      while (queue.length === 0) {
        if (closed || Date.now() >= deadline || garbage.length > 0) return undefined;
        await new Promise((resolve) => {
          const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiter = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
      return queue.shift();
    },
  };
}

async function main(argv) {
  const sep = argv.indexOf('--');
  if (sep === -1 || sep === argv.length - 1) {
    console.error('usage: node replay.mjs [--only NAME,…] [--timeout MS] -- <guest command> [args…]');
    return 2;
  }
  const opts = argv.slice(0, sep);
  const [cmd, ...args] = argv.slice(sep + 1);
  const onlyIdx = opts.indexOf('--only');
  const only = onlyIdx === -1 ? undefined : new Set(opts[onlyIdx + 1].split(','));
  const tIdx = opts.indexOf('--timeout');
  const timeoutMs = tIdx === -1 ? 5000 : Number(opts[tIdx + 1]);
  let failed = 0;
  for (const vector of loadVectors()) {
    if (only && !only.has(vector.name)) continue;
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MAIDKIT_PROTOCOL: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 4000) stderr += d;
    });
    const transport = connectTransport(child.stdin, child.stdout);
    const result = await replayVector(vector, transport, { timeoutMs });
    child.stdin.end();
    const exited = new Promise((r) => child.once('exit', r));
    const t = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(t);
    if (result.ok) console.log(`PASS ${vector.name}`);
    else {
      failed++;
      console.log(`FAIL ${vector.name}: ${result.error}${stderr ? `\n  guest stderr:\n${stderr.replace(/^/gm, '    ')}` : ''}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
