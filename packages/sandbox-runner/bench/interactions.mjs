// Interaction benchmark for @maidkit/sandbox-runner. Run after a build (bench/run.mjs runs it at its end):
//   npx turbo run build --filter=@maidkit/sandbox-runner... && node packages/sandbox-runner/bench/interactions.mjs [--rate 1000] [--seconds 3]
//
// interaction round trip: PluginHost.interact(slash command) → bwrap sandbox → the SDK's on_slash_command
//   handler calling ctx.interaction.respond → the host's checks, validation and custom_id scoping → the
//   DiscordActions.interactionCallback call (type 4). Open loop at --rate interactions/s for --seconds.
// baseline, same run, same plugin, same rate: dispatch(message_create) → on_event handler calling
//   ctx.discord.send_message → DiscordActions.sendMessage (the event path, no token or deadline bookkeeping).
// Latency is taken at the DiscordActions call, i.e. what a bot would send to Discord. The machine is shared
// (2 vCPU): read the ratio more than the absolutes.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginHost, RecordingDiscordActions, SubprocessBackend } from '../dist/index.js';
import { now, pct } from '../../rpc-protocol/bench/baselines.mjs';
import { opt } from './procs.mjs';

const RATE = opt('--rate', 1000);
const SECONDS = opt('--seconds', 3);
const WARM_MS = 500;
const SERVER = '123456789012345678';
const f2 = (v) => v.toFixed(2);

const work = mkdtempSync(join(tmpdir(), 'maidkit-interactions-bench-'));
const dir = join(work, 'plugin');
mkdirSync(dir);
writeFileSync(
  join(dir, '__main__.py'),
  `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_slash_command("ping")
def ping(ctx: Context, event: dict):
    ctx.interaction.respond(content="pong")

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    ctx.discord.send_message(event["channel_id"], "pong")

plugin.run()
`,
);

/** Records when each answer reaches DiscordActions, keyed by interaction id / channel id. */
class TimedActions extends RecordingDiscordActions {
  seen = new Map();
  async interactionCallback(ctx, params) {
    this.seen.set(params.interaction_id, now());
  }
  async sendMessage(ctx, params) {
    this.seen.set(params.channel_id, now());
    return { message_id: '1' };
  }
}

/** Fires `send(i)` at `RATE`/s (in 5 ms ticks) for warm-up + SECONDS; returns [sentAt, key] for measured ones. */
async function openLoop(send) {
  const sent = [];
  const start = now();
  const end = start + WARM_MS + SECONDS * 1000;
  let i = 0;
  while (now() < end) {
    const due = Math.floor(((now() - start) / 1000) * RATE);
    for (; i < due; i++) {
      const t = now();
      const key = send(i);
      if (t - start >= WARM_MS) sent.push([t, key]);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return sent;
}

async function measure(discord, sent) {
  const deadline = now() + 15_000;
  while (sent.some(([, k]) => !discord.seen.has(k)) && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const lat = sent.filter(([, k]) => discord.seen.has(k)).map(([t, k]) => discord.seen.get(k) - t);
  return { n: lat.length, lost: sent.length - lat.length, p50: pct(lat, 0.5), p99: pct(lat, 0.99), achievedRate: sent.length / SECONDS };
}

const backend = new SubprocessBackend();
const discord = new TimedActions();
const host = new PluginHost({ backend, discord, interactions: { autoDeferMs: false } });
try {
  const { installId } = await host.install({ id: 'bench_plugin', version: '1.0.0', dir, capabilities: ['interaction:respond', 'discord:send_message'] }, { serverId: SERVER });

  let id = 1_000_000_000_000_000_000n;
  const inter = await openLoop(() => {
    const key = String(id++);
    void host.interact({ id: key, token: `t${key}`, type: 'slash_command', guild_id: SERVER, user_id: '42', command_name: 'ping' }, { installId });
    return key;
  });
  const interaction = await measure(discord, inter);

  let channel = 2_000_000_000_000_000_000n;
  const ev = await openLoop(() => {
    const key = String(channel++);
    host.dispatch('message_create', { message_id: '1', channel_id: key, author_id: '42', author_bot: false, content: 'ping', timestamp: '2026-04-01T12:00:00Z' });
    return key;
  });
  const event = await measure(discord, ev);

  console.log(`\nmaidkit interactions bench — ${RATE}/s open loop for ${SECONDS}s (after ${WARM_MS} ms warm-up), one bwrap'd install\n`);
  console.table([
    { figure: 'interaction in → callback out (slash → respond → type 4)', p50_ms: f2(interaction.p50), p99_ms: f2(interaction.p99), n: interaction.n, lost: interaction.lost, 'rate/s': Math.round(interaction.achievedRate) },
    { figure: 'baseline: event in → send_message out', p50_ms: f2(event.p50), p99_ms: f2(event.p99), n: event.n, lost: event.lost, 'rate/s': Math.round(event.achievedRate) },
    { figure: 'ratio (interaction / event)', p50_ms: f2(interaction.p50 / event.p50), p99_ms: f2(interaction.p99 / event.p99), n: '', lost: '', 'rate/s': '' },
  ]);
  console.log(JSON.stringify({ rate: RATE, seconds: SECONDS, interaction, event }));
} finally {
  await host.close();
  await backend.close();
  rmSync(work, { recursive: true, force: true });
}
