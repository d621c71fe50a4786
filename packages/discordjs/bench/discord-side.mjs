// The Discord side of the benchmark, in its own process (as Discord is not in the bot's process): the
// stand-in, and an open-loop load generator that sends MESSAGE_CREATE at a given rate and times each
// until the matching POST /channels/{id}/messages arrives.
import { DiscordStandIn, rawMessage } from '../dist/testing.js';

const GUILD = '200000000000000001';
const AUTHOR = { id: '400000000000000001', username: 'ann' };
const channels = JSON.parse(process.argv[2]);
const standIn = await new DiscordStandIn({ guilds: [{ id: GUILD, name: 'Bench', ownerId: AUTHOR.id, channels: channels.map((id, i) => ({ id, name: `c${i}` })), roles: [], members: [AUTHOR] }] }).start();

let sentAt = new Map();
const arrived = new Map();
standIn.onCall((call) => {
  const m = /^bench (\d+)$/.exec(call.body?.content ?? '');
  if (call.method === 'POST' && m) arrived.set(Number(m[1]), performance.now());
});
// The recorded call log would grow by the thousands; the benchmark needs only the listener above.
setInterval(() => (standIn.calls.length = 0), 1000).unref();

let snow = 700000000000000000n;
let seq = 0;
function run(rate, seconds) {
  const total = Math.round(rate * seconds);
  const perTick = rate / 100;
  const first = seq;
  return new Promise((resolve) => {
    const start = performance.now();
    let sent = 0;
    const tick = () => {
      const due = Math.min(total, Math.round(((performance.now() - start) / 10 + 1) * perTick));
      while (sent < due) {
        const id = seq++;
        sent++;
        sentAt.set(id, performance.now());
        standIn.dispatch('MESSAGE_CREATE', rawMessage({ id: String(snow++), channelId: channels[id % channels.length], guildId: GUILD, author: AUTHOR, content: `bench ${id}` }));
      }
      if (sent < total) setTimeout(tick, 10 - ((performance.now() - start) % 10));
      else {
        const deadline = Date.now() + 30_000;
        const wait = () => {
          let done = 0;
          for (let id = first; id < first + total; id++) if (arrived.has(id)) done++;
          if (done === total || Date.now() > deadline) {
            const latencies = [];
            for (let id = first; id < first + total; id++) if (arrived.has(id)) latencies.push(arrived.get(id) - sentAt.get(id));
            sentAt = new Map();
            arrived.clear();
            resolve({ latencies, lost: total - latencies.length });
          } else setTimeout(wait, 20);
        };
        wait();
      }
    };
    tick();
  });
}

process.on('message', async (msg) => {
  if (msg.run) process.send({ result: await run(msg.run.rate, msg.run.seconds) });
  if (msg.close) {
    await standIn.close();
    process.exit(0);
  }
});
process.send({ ready: { apiUrl: standIn.apiUrl, token: standIn.token } });
