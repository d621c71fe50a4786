// What the runner benches share: their command-line options, which processes make up a sandbox and the
// memory they use (/proc), a backend that remembers its handles, and the fan-out measurement (one event to
// every install at once).

import { readdirSync, readFileSync } from 'node:fs';

const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const args = process.argv.slice(2);
/** `--name N` from the command line as a number, or `dflt`. */
export const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
/** Whether `--name` is on the command line. */
export const flag = (name) => args.includes(name);

/** Every process, pid → {ppid, cmdline}, in one /proc scan. */
export function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      table.set(Number(entry), { ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0') });
    } catch {
      /* gone */
    }
  }
  return table;
}

/** `pid` and every descendant (a sandbox: the outer bwrap and all below it). */
export function treePids(pid, table = processTable()) {
  const found = [pid];
  for (let i = 0; i < found.length; i++) for (const [p, info] of table) if (info.ppid === found[i]) found.push(p);
  return found;
}

/** A memory figure in kB: `'Pss'` (smaps_rollup) or a /proc/<pid>/status field such as `'VmRSS'`; NaN when gone. */
export function memKb(pid, field) {
  try {
    if (field === 'Pss') {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      return m ? Number(m[1]) : NaN;
    }
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** `field` summed over `pid`'s tree (processes that vanished meanwhile count 0). */
export function treeMemKb(pid, field, table = processTable()) {
  return treePids(pid, table).reduce((sum, p) => sum + (memKb(p, field) || 0), 0);
}

/** Wraps `backend.start` so the bench can find each sandbox's processes: returns the handles list it fills. */
export function recordHandles(backend) {
  const handles = [];
  const start = backend.start.bind(backend);
  backend.start = async (spec) => {
    const h = await start(spec);
    handles.push(h);
    return h;
  };
  return handles;
}

/**
 * One message_create to all `count` installs at once, `rounds` measured times after `warmup` unmeasured ones:
 * the time from dispatch to each install's send_message arriving at `discord` (ms, every install × round).
 * The warm-up matters: a worker's first events run in CPython's unspecialised interpreter, and the host's JIT
 * compiles in background threads that compete for the same 2 cores, so the first rounds measure start-up,
 * not a running host. `cold` holds the first two rounds' samples, reported beside the steady state.
 */
export async function fanOutSamples(host, discord, payload, count, rounds, warmup = 20) {
  let samples = [];
  let cold = [];
  let sentAt = 0;
  discord.onAction(() => samples.push(now() - sentAt));
  for (let r = 0; r < rounds + warmup; r++) {
    const before = samples.length;
    sentAt = now();
    host.dispatch('message_create', { ...payload, content: `round ${r}` });
    const deadline = now() + 30_000;
    while (samples.length < before + count && now() < deadline) await sleep(1);
    if (r < 2) cold = cold.concat(samples.splice(0));
    else if (r < warmup) samples.length = 0;
    await sleep(20);
  }
  return Object.assign(samples, { cold });
}
