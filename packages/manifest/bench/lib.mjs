// Shared pieces of the manifest benchmark: the API loader, an honest zip writer, the fixtures and timing
// helpers. bench/run.mjs prints the figures; add a figure there with `row(...)` (see the end of run.mjs).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
export const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7;
export const sha256 = (data) => createHash('sha256').update(data).digest();

// ---------------------------------------------------------------------------------------------------------
// The API under test.
/** The package API: dist/index.js when it exports the zip reader, else src/zip bundled by esbuild. */
export async function loadApi() {
  const dist = join(here, '../dist/index.js');
  let why = 'no dist/index.js';
  if (existsSync(dist)) {
    try {
      const mod = await import(pathToFileURL(dist).href);
      if (typeof mod.readZipAsync === 'function') return { api: mod, from: 'dist/index.js' };
      why = 'dist/index.js lacks the zip API';
    } catch (error) {
      // e.g. a dependency's dist is missing or being rebuilt: measure the source instead.
      why = `dist/index.js failed to load (${error.code ?? error.message})`;
    }
  }
  const { buildSync } = require('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'maidkit-zip-bench-'));
  const out = join(dir, 'zip.mjs');
  buildSync({ entryPoints: [join(here, '../src/zip/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning' });
  const api = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
  return { api, from: `src/zip (esbuild bundle; ${why})` };
}

// ---------------------------------------------------------------------------------------------------------
// A small honest zip writer (the bench must not depend on test helpers), and the fixtures.
function u16(v) { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; }
function u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; }
function crc(data) { return zlib.crc32 ? zlib.crc32(data) >>> 0 : 0; }

/** entries: [{ name, data, method, centralOnly?: index of the entry whose local header to share }] */
export function writeZip(entries) {
  const parts = [];
  let offset = 0;
  const locals = [];
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const payload = e.method === 8 ? deflateRawSync(e.data, { level: 6 }) : e.data;
    const c = crc(e.data);
    const rec = { name, payload, crc: c, size: e.data.length, method: e.method, offset };
    locals.push(rec);
    if (e.shareLocalOf !== undefined) continue;
    const header = Buffer.concat([u32(0x04034b50), u16(20), u16(0), u16(e.method), u16(0), u16(0x21), u32(c), u32(payload.length), u32(e.data.length), u16(name.length), u16(0), name]);
    parts.push(header, payload);
    offset += header.length + payload.length;
  }
  const cdStart = offset;
  for (const [i, e] of entries.entries()) {
    const r = locals[i];
    const lho = e.shareLocalOf !== undefined ? locals[e.shareLocalOf].offset : r.offset;
    const rec = Buffer.concat([u32(0x02014b50), u16(0x031e), u16(20), u16(0), u16(r.method), u16(0), u16(0x21), u32(r.crc), u32(r.payload.length), u32(r.size), u16(r.name.length), u16(0), u16(0), u16(0), u16(0), u32(0o100644 << 16), u32(lho), r.name]);
    parts.push(rec);
    offset += rec.length;
  }
  parts.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(offset - cdStart), u32(cdStart), u16(0)]));
  return Buffer.concat(parts);
}

/** Source-like text: repetitive structure with varying identifiers and numbers (deflates ~6:1). */
export function textLike(size, seed) {
  const words = ['def', 'return', 'self', 'await', 'import', 'async', 'class', 'plugin', 'event', 'guild', 'member', 'None', 'True', 'if', 'else', 'for', 'in', 'ctx', 'reply', 'embed'];
  let x = seed * 2654435761 >>> 0;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8);
  const chunks = [];
  let n = 0;
  while (n < size) {
    const line = `${'    '.repeat(rnd() % 3)}${words[rnd() % words.length]} ${words[rnd() % words.length]}_${rnd() % 10000}(${rnd() % 997}, "${words[rnd() % words.length]}")\n`;
    chunks.push(line);
    n += line.length;
  }
  return Buffer.from(chunks.join('')).subarray(0, size);
}

export function buildMixedZip() {
  // 200 files × 199,999 bytes ≈ 40.0 MB out; the random share is tuned so the zip lands just under 10 MB.
  const FILE = 199_999;
  const entries = [];
  const randomCount = 28;
  for (let i = 0; i < 200; i++) {
    const data = i < randomCount ? randomBytes(FILE) : textLike(FILE, i + 1);
    entries.push({ name: `plugin/${i < randomCount ? 'assets' : 'src'}/file${String(i).padStart(3, '0')}.${i < randomCount ? 'bin' : 'py'}`, data, method: 8 });
  }
  return writeZip(entries);
}

/** Fifield-style overlap bomb: 200 central records on one local entry of 199,999 compressible bytes (40 MB declared). */
export function buildOverlapBomb() {
  const kernel = { name: 'k/000.py', data: textLike(199_999, 7), method: 8 };
  return writeZip([kernel, ...Array.from({ length: 199 }, (_, i) => ({ ...kernel, name: `k/${String(i + 1).padStart(3, '0')}.py`, shareLocalOf: 0 }))]);
}

/** The same entries' compressed slices, found by walking the central directory (for the floor). */
export function slices(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const total = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < total; i++) {
    const method = zip.readUInt16LE(p + 10);
    const comp = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const lho = zip.readUInt32LE(p + 42);
    const data = lho + 30 + zip.readUInt16LE(lho + 26) + zip.readUInt16LE(lho + 28);
    out.push({ method, bytes: zip.subarray(data, data + comp) });
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Timing helpers.
export function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
export function timeSync(fn, runs = RUNS) {
  fn(); // warm-up
  const xs = [];
  for (let i = 0; i < runs; i++) { globalThis.gc?.(); const t = performance.now(); fn(); xs.push(performance.now() - t); }
  return median(xs);
}
export async function timeAsync(fn, runs = RUNS) {
  await fn();
  const xs = [];
  for (let i = 0; i < runs; i++) { globalThis.gc?.(); const t = performance.now(); await fn(); xs.push(performance.now() - t); }
  return median(xs);
}
/**
 * Times several variants round-robin (one run of each in turn, after a warm-up of each), so that load from
 * other processes falls on all of them alike; returns the median per variant. Functions may be async.
 */
export async function timeRoundRobin(variants, runs = RUNS) {
  const names = Object.keys(variants);
  const xs = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await variants[n]();
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      globalThis.gc?.();
      const t = performance.now();
      await variants[n]();
      xs[n].push(performance.now() - t);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(xs[n])]));
}
export const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
export const mib = (x) => `${(x / 1048576).toFixed(1).padStart(6)} MiB`;

/** Prints one figure beside its baseline, as a ratio, with the target when there is one. */
export function row(label, value, base, baseLabel, target = '') {
  const ratio = Number.parseFloat(value) / Number.parseFloat(base);
  console.log(`${label.padEnd(46)} ${value}   vs ${baseLabel.padEnd(40)} ${base}   ratio ${ratio.toFixed(2)}×${target ? `   (target ${target})` : ''}`);
}
