// Peak memory of one full check, in a fresh process: read the zip, collect garbage, reset the kernel's
// peak-RSS mark (/proc/self/clear_refs), run the check once, print VmHWM − RSS before as JSON.
// Usage: node --expose-gc bench/memory-child.mjs <zip> readZip|readZipAsync|floor|jszip
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import { loadApi, sha256, slices } from './lib.mjs';

const [zipPath, which] = process.argv.slice(2);
const { api } = await loadApi();
const JSZip = createRequire(import.meta.url)('jszip');
const zip = readFileSync(zipPath);
globalThis.gc?.();
let reset = false;
try {
  writeFileSync('/proc/self/clear_refs', '5');
  reset = true;
} catch {
  // Not Linux, or not allowed: the peak then includes start-up.
}
const before = process.memoryUsage();
let kept;
if (which === 'readZip') {
  const out = api.readZip(zip, undefined, { sha256: true });
  if (out.diagnostics.length) throw new Error(JSON.stringify(out.diagnostics.slice(0, 3)));
  kept = [...out.files.values()];
} else if (which === 'readZipAsync') {
  const out = await api.readZipAsync(zip, undefined, { sha256: true });
  if (out.diagnostics.length) throw new Error(JSON.stringify(out.diagnostics.slice(0, 3)));
  kept = [...out.files.values()];
} else if (which === 'floor') {
  kept = slices(zip).map((s) => (s.method === 8 ? inflateRawSync(s.bytes) : s.bytes));
} else {
  const z = await JSZip.loadAsync(zip);
  kept = [];
  for (const f of Object.values(z.files)) if (!f.dir) kept.push(sha256(await f.async('uint8array')));
}
const hwm = Number(/VmHWM:\s+(\d+) kB/u.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({ peakAbove: hwm - before.rss, reset, arrayBuffersAfter: after.arrayBuffers - before.arrayBuffers, n: kept.length }));
