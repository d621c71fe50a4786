// Transport benchmark for @maidkit/rpc-protocol. Run after a build:
//   npx turbo run build --filter=@maidkit/rpc-protocol && node packages/rpc-protocol/bench/run.mjs [--runs 3] [--seconds 3]
//
// Every figure is printed beside baselines measured in the same run, as ratios:
//   floor  (a) Node↔Node newline JSON, no library, one write per message   (baselines.mjs)
//   stock  (b) stock vscode-jsonrpc host → a naive stdlib Python child     (baselines.mjs)
//   ours   (c) our Peer → a minimal Python guest on the SDK's hot path (batched flow.ack)
//   memory (d) the Python guest's RSS growth during the flood
// 200-byte event payloads (the same params object for every pair). Each figure is the median of --runs runs [min–max]; figures drift by up to 25%
// between runs on a shared 2-vCPU machine, so read the ratios, not the absolutes.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import { createPeer, Methods } from '../dist/index.js';
import { configure, flood, median, now, params, payload, rssSampler, runFloor, runStock, sequential, spawnChild, stop } from './baselines.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const RUNS = opt('--runs', 3);
const SECONDS = opt('--seconds', 3);
const RTT_N = opt('--rtt', 2000);
const PYTHON = process.env.PYTHON ?? 'python3';
configure({ seconds: SECONDS, rttN: RTT_N, python: PYTHON });
const PAYLOAD_BYTES = JSON.stringify(payload).length;
const PARAMS_BYTES = JSON.stringify(params).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- (c) our peer → minimal Python guest
async function runOurs() {
  const child = spawnChild(PYTHON, ['-I', '-S', join(HERE, 'fast_child.py')]);
  const peer = createPeer(child.stdout, child.stdin, { flowWindow: 1024, requestTimeoutMs: 60_000 });
  const store = new Map(Array.from({ length: 10 }, (_, i) => [`k${i}`, { n: i }]));
  peer.onRequest(Methods.kvGet, ({ key }) => ({ value: store.get(key) ?? null }));
  let n = 0;
  const send = async () => {
    if (peer.notify(Methods.event, params) !== 'sent') await peer.whenReady();
    else if (++n % 256 === 0) await new Promise((r) => setImmediate(r));
  };
  await peer.request(Methods.healthPing, {}); // the child is up: measure growth from its idle size
  const sample = rssSampler(child.pid);
  const eventsPerSec = await flood(send, () => peer.request('count', {}));
  const mem = sample();
  const stats = peer.stats;
  const rtt = await sequential(() => peer.request(Methods.healthPing, {}));
  const kv = await peer.request('bench.kv_rtt', { n: RTT_N });
  peer.close();
  await stop(child);
  return {
    eventsPerSec,
    rttP50: rtt.p50,
    rttP99: rtt.p99,
    kvP50: kv.p50_us / 1000,
    kvP99: kv.p99_us / 1000,
    rssGrowthMb: mem.growthMb,
    messagesPerWrite: stats.messagesOut / Math.max(1, stats.writes),
  };
}

// ---------------------------------------------------------------- (e) library cost, both ends in this process
// No pipes or scheduling: what each library spends per message (research table B's method).
async function runInProcess() {
  const { PassThrough } = await import('node:stream');
  const N = 100_000;
  const SEQ = 10_000;
  // vscode-jsonrpc ↔ vscode-jsonrpc
  const v1 = new PassThrough();
  const v2 = new PassThrough();
  const va = rpc.createMessageConnection(new rpc.StreamMessageReader(v2), new rpc.StreamMessageWriter(v1));
  const vb = rpc.createMessageConnection(new rpc.StreamMessageReader(v1), new rpc.StreamMessageWriter(v2));
  let vGot = 0;
  vb.onNotification('event', () => void vGot++);
  vb.onRequest('ping', () => null);
  va.listen();
  vb.listen();
  let t0 = now();
  for (let i = 0; i < N; i++) {
    const p = va.sendNotification('event', params);
    if (i % 512 === 511) await p;
  }
  while (vGot < N) await new Promise((r) => setImmediate(r));
  const vEvents = N / ((now() - t0) / 1000);
  t0 = now();
  for (let i = 0; i < SEQ; i++) await va.sendRequest('ping', {});
  const vSeq = SEQ / ((now() - t0) / 1000);
  va.dispose();
  vb.dispose();
  // Peer ↔ Peer (inbound validation on, as a guest runs it)
  const p1 = new PassThrough();
  const p2 = new PassThrough();
  const pa = createPeer(p2, p1);
  const pb = createPeer(p1, p2);
  let pGot = 0;
  pb.onNotification(Methods.event, () => void pGot++);
  pb.onRequest(Methods.healthPing, () => ({ ok: true, pending: 0 }));
  t0 = now();
  for (let i = 0; i < N; i++) if (pa.notify(Methods.event, params) !== 'sent') await pa.whenReady();
  while (pGot < N) await new Promise((r) => setImmediate(r));
  const pEvents = N / ((now() - t0) / 1000);
  t0 = now();
  for (let i = 0; i < SEQ; i++) await pa.request(Methods.healthPing, {});
  const pSeq = SEQ / ((now() - t0) / 1000);
  pa.close();
  pb.close();
  return { vEvents, vSeq, pEvents, pSeq };
}

// ---------------------------------------------------------------- report
const fmtRate = (v) => `${Math.round(v).toLocaleString('en-US')}/s`;
const fmtMs = (v) => `${v.toFixed(3)} ms`;
const spread = (xs, f) => (xs.length > 1 ? ` [${f(Math.min(...xs))}–${f(Math.max(...xs))}]` : '');
const ratio = (a, b) => `${((a / b) * 100).toFixed(0)}%`;

const loadavg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const cpus = (await import('node:os')).availableParallelism();
const loadBefore = loadavg();
const results = { floor: [], stock: [], ours: [], inproc: [] };
console.log(`rpc-protocol transport bench: ${RUNS} run(s) × ${SECONDS} s floods, ${PAYLOAD_BYTES}-byte event payloads (${PARAMS_BYTES}-byte params), ${RTT_N} sequential round trips, Node ${process.version}`);
for (let r = 0; r < RUNS; r++) {
  results.floor.push(await runFloor());
  await sleep(200);
  results.stock.push(await runStock());
  await sleep(200);
  results.ours.push(await runOurs());
  await sleep(200);
  results.inproc.push(await runInProcess());
  await sleep(200);
  process.stdout.write(`  run ${r + 1}/${RUNS} done\n`);
}
const loadAfter = loadavg();
if (Math.max(loadBefore, loadAfter) > cpus * 0.75) {
  console.log(`\nWARNING: the machine was busy (1-min load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus} CPUs); absolute figures are depressed and noisy, compare ratios only.`);
}
const m = (k, f) => median(results[k].map((x) => x[f]));
const all = (k, f) => results[k].map((x) => x[f]);

const floorEv = m('floor', 'eventsPerSec');
const stockEv = m('stock', 'eventsPerSec');
const oursEv = m('ours', 'eventsPerSec');
const floorRtt = m('floor', 'rttP50');
const stockRtt = m('stock', 'rttP50');
const oursRtt = m('ours', 'rttP50');
const oursKv = m('ours', 'kvP50');

console.log('\nHost→guest events (200 B), one-way throughput');
console.log(`  (a) floor  NDJSON Node↔Node, no library     ${fmtRate(floorEv)}${spread(all('floor', 'eventsPerSec'), fmtRate)}   100% of floor`);
console.log(`  (b) stock  vscode-jsonrpc → naive Python    ${fmtRate(stockEv)}${spread(all('stock', 'eventsPerSec'), fmtRate)}   ${ratio(stockEv, floorEv)} of floor`);
console.log(`  (c) ours   Peer → minimal Python guest      ${fmtRate(oursEv)}${spread(all('ours', 'eventsPerSec'), fmtRate)}   ${ratio(oursEv, floorEv)} of floor, ${(oursEv / stockEv).toFixed(2)}× stock   (target ≥ 100k/s, ≥ 35% of floor, ≥ 1× stock)`);
console.log(`      ours: ${m('ours', 'messagesPerWrite').toFixed(1)} messages per write() (header + body in one write, coalesced per tick)`);

console.log('\nSequential round trips, p50 (p99)');
console.log(`  (a) floor  host→child→host NDJSON           ${fmtMs(floorRtt)} (${fmtMs(m('floor', 'rttP99'))})   1.00× floor`);
console.log(`  (b) stock  host→Python ping                 ${fmtMs(stockRtt)} (${fmtMs(m('stock', 'rttP99'))})   ${(stockRtt / floorRtt).toFixed(2)}× floor`);
console.log(`  (c) ours   host→Python health.ping          ${fmtMs(oursRtt)} (${fmtMs(m('ours', 'rttP99'))})   ${(oursRtt / floorRtt).toFixed(2)}× floor, ${(oursRtt / stockRtt).toFixed(2)}× stock`);
console.log(`  (c) ours   guest→host kv.get (in-memory)    ${fmtMs(oursKv)} (${fmtMs(m('ours', 'kvP99'))})   ${(oursKv / floorRtt).toFixed(2)}× floor, ${(oursKv / stockRtt).toFixed(2)}× stock   (target ≤ 1.5× floor)`);

console.log(`\nGuest RSS growth during the ${SECONDS} s flood (peak − idle size after the first round trip)`);
console.log(`  (b) stock  naive Python child               ${m('stock', 'rssGrowthMb').toFixed(1)} MB`);
console.log(`  (c) ours   minimal Python guest             ${m('ours', 'rssGrowthMb').toFixed(1)} MB   (${(m('ours', 'rssGrowthMb') - m('stock', 'rssGrowthMb') >= 0 ? '+' : '')}${(m('ours', 'rssGrowthMb') - m('stock', 'rssGrowthMb')).toFixed(1)} MB vs stock; target ≤ 20 MB)`);

console.log('\n(e) Library cost, both ends in one process (no pipes): events/s and sequential round trips/s');
console.log(`  stock  vscode-jsonrpc ↔ vscode-jsonrpc      ${fmtRate(m('inproc', 'vEvents'))} events, ${fmtRate(m('inproc', 'vSeq'))} round trips`);
console.log(`  ours   Peer ↔ Peer (validating inbound)    ${fmtRate(m('inproc', 'pEvents'))} events (${(m('inproc', 'pEvents') / m('inproc', 'vEvents')).toFixed(2)}× stock), ${fmtRate(m('inproc', 'pSeq'))} round trips (${(m('inproc', 'pSeq') / m('inproc', 'vSeq')).toFixed(2)}× stock)`);

const verdict = (ok) => (ok ? 'met' : 'MISSED');
console.log('\nTargets (issue 3 §5, transport only; the SDK path is measured by sandbox-runner)');
console.log(`  events ≥ 100k/s: ${verdict(oursEv >= 100_000)} · ≥ 35% of floor: ${verdict(oursEv >= 0.35 * floorEv)} · ≥ stock: ${verdict(oursEv >= stockEv)} · kv.get p50 ≤ 1.5× floor: ${verdict(oursKv <= 1.5 * floorRtt)} · RSS ≤ 20 MB: ${verdict(m('ours', 'rssGrowthMb') <= 20)}`);
