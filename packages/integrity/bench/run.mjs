// @maidkit/integrity benchmark (issue 6). Run after a build:
//   npx turbo run build --filter=@maidkit/integrity && npm run bench -w @maidkit/integrity
// (= node --expose-gc bench/run.mjs [--runs N] [--json]). Every figure is printed beside a baseline
// measured in the same run, as a ratio. Times are medians of interleaved runs after a warm-up; rates
// are ops/s over ~1 s each, in alternating slices.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  SigningKey, TrustSet, signRelease, encodeSignedRelease, verifyBundle, verifyStatement, verifyEd25519, nodeEd25519, tweetnaclEd25519, bundleDigest,
} from '../dist/index.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 && Number(args[runsAt + 1]) > 0 ? Number(args[runsAt + 1]) : 60;
const JSON_OUT = args.includes('--json');
const MiB = 1024 * 1024;

/** A stored (uncompressed) zip: its bytes are what a client downloads and hashes. */
function storedZip(files) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    parts.push(local, n, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc32(data), 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cdBytes, end]));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Times several functions interleaved (A, B, C, A, B, C, …) so that load from other processes on this
 * shared machine hits each of them alike; returns the median of each. Ratios are what to trust here.
 */
async function timeInterleaved(fns, runs = RUNS) {
  for (let i = 0; i < 5; i++) for (const fn of fns) await fn(); // warm-up: JIT, key import cache
  const times = fns.map(() => []);
  // One collection up front only: a forced GC before each run leaves lazy sweeping for the next
  // allocation to pay, which penalises whichever function allocates more.
  globalThis.gc?.();
  for (let i = 0; i < runs; i++) {
    for (const [j, fn] of fns.entries()) {
      const t = process.hrtime.bigint();
      await fn();
      times[j].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return times.map(median);
}

/** Ops per second of each function, measured in alternating 100 ms slices for ~1 s each. */
function ratesInterleaved(fns, seconds = 1) {
  for (const fn of fns) for (let i = 0; i < 3; i++) fn();
  const ops = fns.map(() => 0);
  const spent = fns.map(() => 0);
  for (let slice = 0; slice < seconds * 10; slice++) {
    for (const [j, fn] of fns.entries()) {
      const t0 = process.hrtime.bigint();
      const end = t0 + 100_000_000n;
      let n = 0;
      while (process.hrtime.bigint() < end) {
        fn();
        n++;
      }
      ops[j] += n;
      spent[j] += Number(process.hrtime.bigint() - t0) / 1e9;
    }
  }
  return ops.map((n, j) => n / spent[j]);
}

// Fixture: a 5 MiB plugin bundle of 40 files (incompressible content, so the zip is ~5 MiB too).
const files = new Map([['manifest.json', Buffer.from('{"id":"bench_plugin","name":"Bench","version":"1.0.0"}')], ['__main__.py', Buffer.from('print(1)\n')]]);
const per = Math.floor((5 * MiB - 200) / 38);
for (let i = 0; i < 38; i++) files.set(`dashboard/asset-${String(i).padStart(2, '0')}.bin`, randomBytes(per));
const zipBytes = storedZip(files);
const key = SigningKey.generate({ kid: 'bench' });
const trust = new TrustSet({ keys: [{ kid: key.kid, publicKey: key.publicKey }] });
const statement = encodeSignedRelease(signRelease({ pluginId: 'bench_plugin', version: '1.0.0', zipBytes, files, capabilities: ['discord:send_message'] }, key));
const statementBytes = new TextEncoder().encode(statement);

// Sanity: both backends accept the statement before anything is timed.
for (const backend of [nodeEd25519, tweetnaclEd25519]) verifyStatement({ statement: statementBytes, trust, backend });

const results = [];
const report = (name, value, unit, baselineName, baseline, target) => {
  results.push({ name, value, unit, baseline: baselineName, baselineValue: baseline, ratio: value / baseline, ...(target ? { target } : {}) });
};

// 1. End-to-end verification of a 5 MiB bundle vs one raw SHA-256 pass over the same bytes.
const [e2e, rawSha, h1] = await timeInterleaved([
  () => verifyBundle({ zipBytes, files, statement: statementBytes, trust }),
  () => createHash('sha256').update(zipBytes).digest(),
  () => bundleDigest(files),
]);
report('verifyBundle 5 MiB (size, Ed25519, zip SHA-256, h1 digest)', e2e, 'ms', 'createHash(sha256) over the zip bytes', rawSha, '< 15 ms');
report('bundleDigest (h1) over the 40 files', h1, 'ms', 'createHash(sha256) over the zip bytes', rawSha);

// 2. Statement verification rate: node:crypto vs tweetnacl, same statement, same run.
const [nodeRate, naclRate] = ratesInterleaved([
  () => verifyStatement({ statement: statementBytes, trust, backend: nodeEd25519 }),
  () => verifyStatement({ statement: statementBytes, trust, backend: tweetnaclEd25519 }),
]);
report('verifyStatement with node:crypto', nodeRate, 'statements/s', 'verifyStatement with tweetnacl', naclRate);

// 3. The raw Ed25519 verify inside it (32-byte message), to separate the curve from parsing.
const message = new Uint8Array(32).fill(7);
const signature = key.sign(message, nodeEd25519);
const [nodeRaw, naclRaw] = ratesInterleaved([
  () => verifyEd25519(message, signature, key.publicKey, nodeEd25519),
  () => verifyEd25519(message, signature, key.publicKey, tweetnaclEd25519),
]);
report('Ed25519 verify, node:crypto', nodeRaw, 'verifies/s', 'Ed25519 verify, tweetnacl', naclRaw);

if (JSON_OUT) {
  console.log(JSON.stringify({ node: process.version, runs: RUNS, zipBytes: zipBytes.length, results }, null, 2));
} else {
  console.log(`@maidkit/integrity benchmark — Node ${process.version}, median of ${RUNS} runs; zip ${zipBytes.length.toLocaleString('en')} B, ${files.size} files\n`);
  for (const r of results) {
    const fmt = (v) => (r.unit === 'ms' ? `${v.toFixed(2)} ms` : `${Math.round(v).toLocaleString('en')} ${r.unit}`);
    console.log(`${r.name}\n  ${fmt(r.value)}${r.target ? ` (target ${r.target}: ${r.value < 15 ? 'met' : 'MISSED'})` : ''}  vs  ${r.baseline}: ${fmt(r.baselineValue)}  →  ratio ${r.ratio.toFixed(2)}×\n`);
  }
  console.log('Floor for verifyBundle: 2.0× one SHA-256 pass (it hashes the zip bytes and, for h1, every file once).');
  console.log(`Load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} (figures scale with contention; trust ratios over absolutes).`);
}
