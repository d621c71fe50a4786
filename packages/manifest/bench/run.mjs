// Zip reader benchmark (issue 2, §5). Run after a build:
//   npx turbo run build --filter=@maidkit/manifest && npm run bench -w @maidkit/manifest
// (= node --expose-gc bench/run.mjs [--runs N] [--json]). Every figure is printed beside a baseline measured
// in the same run, as a ratio; times are medians of N runs after one warm-up. Shared pieces: bench/lib.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { RUNS, buildMixedZip, buildOverlapBomb, loadApi, mib, ms, row, sha256, slices, timeRoundRobin } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const JSZip = createRequire(import.meta.url)('jszip');

function memoryOf(zipPath, which) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'memory-child.mjs'), zipPath, which], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

if (!globalThis.gc) console.warn('(run with --expose-gc for steadier figures)');
const { api, from } = await loadApi();

const zip = buildMixedZip();
const bomb = buildOverlapBomb();
const contents = api.readZip(zip);
if (contents.diagnostics.length) throw new Error(`fixture refused: ${JSON.stringify(contents.diagnostics.slice(0, 3))}`);
const unzipped = [...contents.files.values()].reduce((n, f) => n + f.length, 0);
const bombIndex = api.indexZip(bomb);
if (!bombIndex.diagnostics.some((d) => d.code === 'zip.overlap')) throw new Error('overlap bomb not refused');
const declared = bombIndex.entries.reduce((n, e) => n + e.uncompressedSize, 0);

console.log(`maidkit zip reader benchmark — Node ${process.version}, median of ${RUNS} runs, API from ${from}`);
console.log(
  `fixture: ${zip.length.toLocaleString('en')} B zip, ${contents.files.size} files, ${unzipped.toLocaleString('en')} B unzipped; ` +
    `overlap bomb: ${bomb.length.toLocaleString('en')} B, ${bombIndex.entries.length} records declaring ${declared.toLocaleString('en')} B\n`,
);

const parts = slices(zip);
const bombParts = slices(bomb);
// Variants compared with each other run round-robin, so that load from other processes hits them alike.
const t = {
  ...(await timeRoundRobin({
    index: () => api.indexZip(zip),
    jszipList: () => JSZip.loadAsync(zip),
  })),
  ...(await timeRoundRobin({
    read: () => api.readZip(zip),
    full: () => api.readZip(zip, undefined, { sha256: true }),
    fullAsync: () => api.readZipAsync(zip, undefined, { sha256: true }),
    floor: () => {
      for (const s of parts) if (s.method === 8) inflateRawSync(s.bytes);
    },
    floorHash: () => {
      for (const s of parts) sha256(s.method === 8 ? inflateRawSync(s.bytes) : s.bytes);
    },
  })),
  ...(await timeRoundRobin(
    {
      jszipFull: async () => {
        const z = await JSZip.loadAsync(zip);
        for (const f of Object.values(z.files)) if (!f.dir) sha256(await f.async('uint8array'));
      },
    },
    Math.max(3, Math.ceil(RUNS / 2)),
  )),
  ...(await timeRoundRobin({
    bomb: () => api.indexZip(bomb),
    bombNaive: () => {
      for (const s of bombParts) inflateRawSync(s.bytes);
    },
  })),
};

const dir = mkdtempSync(join(tmpdir(), 'maidkit-zip-bench-'));
const zipPath = join(dir, 'mixed.zip');
writeFileSync(zipPath, zip);
const mem = {
  readZip: memoryOf(zipPath, 'readZip'),
  readZipAsync: memoryOf(zipPath, 'readZipAsync'),
  floor: memoryOf(zipPath, 'floor'),
  jszip: memoryOf(zipPath, 'jszip'),
};
rmSync(dir, { recursive: true, force: true });

row('structural check: indexZip', ms(t.index), ms(t.jszipList), 'jszip loadAsync (lists, inflates nothing)', '< 20 ms');
row('readZip: inflate + size + CRC-32, all files', ms(t.read), ms(t.floor), 'floor: bare inflateRawSync, same entries', '');
row('full check: readZip + SHA-256 each file', ms(t.full), ms(t.floor), 'floor: bare inflateRawSync, same entries', '≤ 1.3×');
row('  (same)', ms(t.full), ms(t.floorHash), 'bare inflateRawSync + SHA-256 each', '');
row('  (same)', ms(t.full), ms(t.jszipFull), 'jszip loadAsync + async() + SHA-256', '');
row('full check: readZipAsync + SHA-256 each file', ms(t.fullAsync), ms(t.floor), 'floor: bare inflateRawSync, same entries', '≤ 1.3×');
row('overlap bomb refused: indexZip', ms(t.bomb), ms(t.bombNaive), `a reader without the check: ${bombParts.length} inflates`, '< 10 ms');
const note = mem.readZip.reset ? '' : ' (peak mark not reset)';
row(`peak RSS above input, readZip + hash${note}`, mib(mem.readZip.peakAbove), mib(mem.floor.peakAbove), 'bare inflateRawSync keeping outputs', '< 60 MiB');
row('  (same)', mib(mem.readZip.peakAbove), mib(mem.jszip.peakAbove), 'jszip full check', '');
row('peak RSS above input, readZipAsync + hash', mib(mem.readZipAsync.peakAbove), mib(mem.floor.peakAbove), 'bare inflateRawSync keeping outputs', '< 60 MiB');
console.log(`\narrayBuffers held after readZip: ${mib(mem.readZip.arrayBuffersAfter)} (the output itself)`);

// Add figures here (e.g. readPlugin's layout + manifest checks) with row(label, value, baseline, baselineLabel, target).

if (process.argv.includes('--json')) console.log(JSON.stringify({ node: process.version, runs: RUNS, zipBytes: zip.length, unzipped, ms: t, mem }));
