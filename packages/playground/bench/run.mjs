// What the playground adds to a round trip: a typed "!ping" POSTed to the page's API until "Pong!" arrives
// on its Server-Sent Events stream, beside the bare runner path in the same run (PluginHost.dispatch of the
// same message_create until the send_message action event). Both use examples/hello-plugin in the real
// bubblewrap sandbox. Each figure is printed beside that baseline, as a ratio.
// Run: npx turbo run build --filter=@maidkit/playground && node packages/playground/bench/run.mjs
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginHost, RecordingDiscordActions, SubprocessBackend, loadHostedPlugin } from '@maidkit/sandbox-runner';
import { startPlayground } from '../dist/index.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PLUGIN = join(REPO, 'examples/hello-plugin');
const ROUNDS = Number(process.env.ROUNDS ?? 300);
const WARMUP = 30;

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms) => `${ms.toFixed(2)} ms`;

async function bare() {
  const backend = new SubprocessBackend();
  const loaded = await loadHostedPlugin(PLUGIN);
  const host = new PluginHost({ backend, discord: new RecordingDiscordActions() });
  let waiting = null;
  host.subscribe((e) => e.type === 'action' && waiting?.());
  await host.install(loaded.plugin, { serverId: '100000000000000000' });
  const times = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const started = performance.now();
    const done = new Promise((r) => (waiting = r));
    host.dispatch('message_create', { message_id: String(1300000000000000000n + BigInt(i)), channel_id: '100000000000000001', author_id: '100000000000000002', author_bot: false, content: '!ping', timestamp: new Date().toISOString() });
    await done;
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  await host.close();
  await backend.close();
  loaded.dispose();
  return times;
}

async function playground() {
  const pg = await startPlayground({ plugin: PLUGIN, watch: false });
  const origin = new URL(pg.url).origin;
  let waiting = null;
  // The page's stream, read as the browser's EventSource would.
  const stream = await new Promise((resolveStream) => {
    const req = request(`${origin}/api/events`, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.includes('event: feed') && frame.includes('"author":"plugin"')) waiting?.();
        }
      });
      resolveStream(req);
    });
    req.end();
  });
  const post = (body) =>
    new Promise((resolvePost, reject) => {
      const req = request(`${origin}/api/message`, { method: 'POST', headers: { origin, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', resolvePost);
      });
      req.on('error', reject);
      req.end(body);
    });
  const times = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const started = performance.now();
    const done = new Promise((r) => (waiting = r));
    await post('{"content":"!ping"}');
    await done;
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  stream.destroy();
  await pg.close();
  return times;
}

const base = await bare();
const page = await playground();
console.log(`!ping → Pong!, ${ROUNDS} sequential round trips (after ${WARMUP} warm-up), examples/hello-plugin under bubblewrap\n`);
console.log('| | playground (POST /api/message → SSE feed) | bare PluginHost (dispatch → action event) | ratio |');
console.log('|---|---|---|---|');
for (const p of [50, 95, 99]) {
  const a = percentile(page, p);
  const b = percentile(base, p);
  console.log(`| p${p} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)}× |`);
}
