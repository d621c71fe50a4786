// Pool-mode benchmark for @maidkit/sandbox-runner. Run after a build (bench/run.mjs runs it at its end):
//   npx turbo run build --filter=@maidkit/sandbox-runner... && node packages/sandbox-runner/bench/pool.mjs [--installs 100] [--workers 4] [--rounds 20]
//
// Both setups in the same run, the same plugin (the event handler calls ctx.discord.send_message), the
// same host settings, every worker in its own bwrap sandbox:
//   dedicated  one worker per install (the default)              — the baseline
//   pool       the installs spread over --workers pooled workers (PluginHost option pool)
// memory per install: PSS of every sandbox process tree (bwrap + python), summed, divided by the installs.
// dispatch p99: one message_create to all installs at once, time to each install's send_message at the
//   DiscordActions (--rounds rounds after 2 warm-up rounds). Issue 3's target: p99 < 20 ms for 100 installs.
// The machine is shared (2 vCPU): read the ratios more than the absolutes.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryKvProvider, PluginHost, RecordingDiscordActions, SubprocessBackend } from '../dist/index.js';
import { now, payload, pct } from '../../rpc-protocol/bench/baselines.mjs';
import { fanOutSamples, flag, opt, processTable, recordHandles, sleep, treeMemKb } from './procs.mjs';

const INSTALLS = opt('--installs', 100);
const WORKERS = opt('--workers', 4);
const ROUNDS = opt('--rounds', 20);
const WARMUP = opt('--warmup', 20); // unmeasured rounds first, as in run.mjs (procs.mjs fanOutSamples)
const SKIP_DEDICATED = flag('--pool-only');
const f1 = (v) => v.toFixed(1);
const f2 = (v) => v.toFixed(2);

const work = mkdtempSync(join(tmpdir(), 'maidkit-pool-bench-'));
const ECHO = join(work, 'echo');
mkdirSync(ECHO);
writeFileSync(
  join(ECHO, '__main__.py'),
  `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    ctx.discord.send_message(channel_id=event["channel_id"], content=event["content"])
plugin.run()
`,
);

async function measure(pool) {
  const backend = new SubprocessBackend();
  const handles = recordHandles(backend);
  const discord = new RecordingDiscordActions();
  const host = new PluginHost({
    backend,
    discord,
    kv: new MemoryKvProvider(),
    timeouts: { handshakeMs: 60_000, requestMs: 60_000, healthIntervalMs: 0 },
    ...(pool ? { pool: { enabled: true, workersPerVersion: WORKERS, tenantsPerWorker: Math.ceil(INSTALLS / WORKERS) } } : {}),
    ...(opt('--concurrency', 0) > 0 ? { protocol: { max_concurrency: opt('--concurrency', 0) } } : {}),
  });
  try {
    const t0 = now();
    for (let i = 0; i < INSTALLS; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, INSTALLS - i) }, (_, j) => host.install({ id: 'echo', version: '1.0.0', dir: ECHO, capabilities: ['discord:send_message'] }, { serverId: String(1_000_000_000_000_000n + BigInt(i + j)) })));
    }
    const installMs = now() - t0;
    await sleep(500);
    const live = handles.filter((h) => h.pid);
    const table = processTable();
    const memMb = live.reduce((sum, h) => sum + treeMemKb(h.pid, 'Pss', table), 0) / 1024;
    const samples = await fanOutSamples(host, discord, payload, INSTALLS, ROUNDS, WARMUP);
    return { workers: live.length, memMb, memPerInstallMb: memMb / INSTALLS, installMs, p50: pct(samples, 0.5), p99: pct(samples, 0.99), n: samples.length };
  } finally {
    await host.close();
    await backend.close();
  }
}

try {
  console.log(`maidkit pool bench — ${INSTALLS} installs: one worker each vs pooled over ${WORKERS} workers; ${ROUNDS} rounds\n`);
  const dedicated = SKIP_DEDICATED ? { workers: 0, memMb: NaN, memPerInstallMb: NaN, installMs: NaN, p50: NaN, p99: NaN, n: 0 } : await measure(false);
  const pooled = await measure(true);
  console.table([
    { what: `memory per install (PSS), ${INSTALLS} installs`, pool: `${f2(pooled.memPerInstallMb)} MB (${pooled.workers} workers, ${f1(pooled.memMb)} MB)`, baseline: `one worker each: ${f2(dedicated.memPerInstallMb)} MB (${dedicated.workers} workers, ${f1(dedicated.memMb)} MB)`, ratio: `${f2(pooled.memPerInstallMb / dedicated.memPerInstallMb)}×` },
    { what: `dispatch → action p99, ${INSTALLS} installs at once`, pool: `${f1(pooled.p99)} ms (p50 ${f1(pooled.p50)}, n=${pooled.n})`, baseline: `one worker each: ${f1(dedicated.p99)} ms (p50 ${f1(dedicated.p50)}, n=${dedicated.n})`, ratio: `${f2(pooled.p99 / dedicated.p99)}×`, target: '< 20 ms', ok: pooled.p99 < 20 ? 'yes' : 'NO' },
    { what: `install ${INSTALLS} (batches of 10)`, pool: `${f1(pooled.installMs / 1000)} s`, baseline: `one worker each: ${f1(dedicated.installMs / 1000)} s`, ratio: `${f2(pooled.installMs / dedicated.installMs)}×` },
  ]);
  console.log(JSON.stringify({ pool: pooled, dedicated }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
