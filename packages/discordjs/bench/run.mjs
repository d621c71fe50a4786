// Event in → action out through the discord.js host, against the local Discord stand-in (in its own
// process, as Discord is): gateway MESSAGE_CREATE → discord.js → mapGatewayEvent → PluginHost →
// bubblewrap'd Python plugin → discord.send_message → DiscordJsActions → discord.js REST → stand-in.
// Baseline, same run: the same events given straight to PluginHost.dispatch, the action recorded by
// RecordingDiscordActions (no discord.js, gateway or HTTP). Open-loop load at 100 and 1,000 events/s.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import { PluginHost, RecordingDiscordActions, SubprocessBackend, loadHostedPlugin } from '@maidkit/sandbox-runner';
import { DiscordJsActions, attachPluginHost } from '../dist/index.js';

const GUILD = '200000000000000001';
const CHANNELS = Array.from({ length: Number(process.env.BENCH_CHANNELS ?? 10) }, (_, i) => String(300000000000000001n + BigInt(i)));
const RATES = [100, 1000];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);

async function viaDiscordJs(plugin) {
  const side = fork(new URL('./discord-side.mjs', import.meta.url), [JSON.stringify(CHANNELS)]);
  const [{ ready }] = await once(side, 'message');
  const ask = async (msg) => {
    side.send(msg);
    const [reply] = await once(side, 'message');
    return reply.result;
  };
  // A bot keeps no message cache it does not need; Discord's global 50 requests/s is not modelled by
  // the stand-in, so the client does not impose it either.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    rest: { api: ready.apiUrl, globalRequestsPerSecond: 1_000_000 },
  });
  const loggedIn = new Promise((resolve) => client.once('clientReady', resolve));
  await client.login(ready.token);
  await loggedIn;
  const host = new PluginHost({ backend: new SubprocessBackend(), discord: new DiscordJsActions(client) });
  await host.install(plugin, { serverId: GUILD });
  attachPluginHost(client, host);
  await ask({ run: { rate: 50, seconds: 1 } }); // warm-up
  const results = {};
  for (const rate of RATES) results[rate] = await ask({ run: { rate, seconds: SECONDS } });
  await host.close();
  await client.destroy();
  side.send({ close: true });
  return results;
}

async function direct(plugin) {
  const discord = new RecordingDiscordActions();
  const host = new PluginHost({ backend: new SubprocessBackend(), discord });
  await host.install(plugin, { serverId: GUILD });
  const arrived = new Map();
  discord.onAction((action) => {
    const m = /^bench (\d+)$/.exec(action.params.content ?? '');
    if (m) arrived.set(Number(m[1]), performance.now());
  });
  let seq = 0;
  let snow = 700000000000000000n;
  const run = async (rate) => {
    const total = Math.round(rate * SECONDS);
    const perTick = rate / 100;
    const first = seq;
    const sentAt = new Map();
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.round(((performance.now() - start) / 10 + 1) * perTick));
      while (sent < due) {
        const id = seq++;
        sent++;
        sentAt.set(id, performance.now());
        host.dispatch('message_create', { message_id: String(snow++), channel_id: CHANNELS[id % CHANNELS.length], author_id: '400000000000000001', author_bot: false, content: `bench ${id}`, timestamp: new Date().toISOString() }, { serverId: GUILD });
      }
      await new Promise((r) => setTimeout(r, 10 - ((performance.now() - start) % 10)));
    }
    const deadline = Date.now() + 30_000;
    while ([...sentAt.keys()].some((id) => !arrived.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const latencies = [...sentAt].filter(([id]) => arrived.has(id)).map(([id, t]) => arrived.get(id) - t);
    for (let id = first; id < seq; id++) arrived.delete(id);
    return { latencies, lost: total - latencies.length };
  };
  await run(50);
  const results = {};
  for (const rate of RATES) results[rate] = await run(rate);
  await host.close();
  return results;
}

const loaded = await loadHostedPlugin(new URL('./echo-plugin', import.meta.url).pathname);
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
const base = await direct(loaded.plugin);
const full = await viaDiscordJs(loaded.plugin);
loaded.dispose();

console.log(`event in → action out, ${SECONDS} s per rate, one plugin install (bubblewrap), ${CHANNELS.length} channels`);
console.log('| rate | discord.js host p50 | p99 | straight to PluginHost p50 | p99 | ratio p50 | ratio p99 | lost (host / baseline) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const rate of RATES) {
  const f = full[rate].latencies.sort((a, b) => a - b);
  const b = base[rate].latencies.sort((a, b) => a - b);
  const [f50, f99, b50, b99] = [percentile(f, 50), percentile(f, 99), percentile(b, 50), percentile(b, 99)];
  console.log(`| ${rate}/s | ${fmt(f50)} | ${fmt(f99)} | ${fmt(b50)} | ${fmt(b99)} | ${(f50 / b50).toFixed(1)}× | ${(f99 / b99).toFixed(1)}× | ${full[rate].lost} / ${base[rate].lost} |`);
}
