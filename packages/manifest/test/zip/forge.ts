/**
 * A tiny zip writer for tests that can lie in every field. jszip and friends only write honest archives;
 * the hostile suite needs the lies. Defaults produce a valid archive; every override breaks one thing.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32Js } from '../../src/zip/crc32.js';

export interface LocalOverrides {
  signature: number;
  name: string | Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  extra: Uint8Array;
}

export interface ForgeEntry {
  name: string | Uint8Array;
  /** Content (default empty). Compressed with deflate when method is 8, stored otherwise. */
  data?: Uint8Array;
  method?: number;
  /** The bytes written as the entry's compressed data, instead of compressing `data`. */
  payload?: Uint8Array;
  crc?: number;
  compressedSize?: number;
  uncompressedSize?: number;
  flags?: number;
  versionMadeBy?: number;
  externalAttributes?: number;
  diskStart?: number;
  centralExtra?: Uint8Array;
  comment?: Uint8Array;
  local?: Partial<LocalOverrides>;
  /** With flag bit 3: the descriptor written after the data (default: honest, with signature), or none. */
  descriptor?: 'omit' | { signature?: boolean; crc?: number; compressedSize?: number; uncompressedSize?: number };
  /** Write no local header: the central record points at entry `sharesLocalOf`'s one (overlap bombs). */
  sharesLocalOf?: number;
  /** Central record's local header offset, instead of where the local header was written. */
  localHeaderOffset?: number;
  /** Bytes written right after this entry (a gap). */
  after?: Uint8Array;
}

export interface EocdOverrides {
  signature: number;
  disk: number;
  cdDisk: number;
  onDisk: number;
  total: number;
  cdSize: number;
  cdOffset: number;
  commentLength: number;
}

export interface ForgeOptions {
  prefix?: Uint8Array;
  /** Bytes inside the central directory after the records, counted in its size. */
  centralTail?: Uint8Array;
  /** Bytes between the central directory and the end record. */
  beforeEocd?: Uint8Array;
  comment?: Uint8Array;
  trailing?: Uint8Array;
  eocd?: Partial<EocdOverrides>;
}

const enc = new TextEncoder();
const bytesOf = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? enc.encode(s) : s);
const isAscii = (b: Uint8Array): boolean => b.every((x) => x < 0x80);

class Writer {
  private chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v & 0xffff, true);
    return this.bytes(b);
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.bytes(b);
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

export function forgeZip(entries: ForgeEntry[], options: ForgeOptions = {}): Uint8Array {
  const w = new Writer();
  if (options.prefix) w.bytes(options.prefix);
  const offsets: number[] = [];
  const resolved = entries.map((e) => {
    const data = e.data ?? new Uint8Array(0);
    const method = e.method ?? 0;
    const payload = e.payload ?? (method === 8 ? deflateRawSync(data) : data);
    const name = bytesOf(e.name);
    const flags = e.flags ?? (isAscii(name) ? 0 : 0x800);
    return {
      e,
      name,
      flags,
      method,
      payload,
      crc: e.crc ?? crc32Js(data),
      compressedSize: e.compressedSize ?? payload.length,
      uncompressedSize: e.uncompressedSize ?? data.length,
    };
  });
  for (const r of resolved) {
    if (r.e.sharesLocalOf !== undefined) {
      offsets.push(-1);
      continue;
    }
    offsets.push(w.length);
    const l = r.e.local ?? {};
    const descriptor = (r.flags & 8) !== 0;
    const lname = bytesOf(l.name ?? r.name);
    const lextra = l.extra ?? new Uint8Array(0);
    w.u32(l.signature ?? 0x04034b50)
      .u16(20)
      .u16(l.flags ?? r.flags)
      .u16(l.method ?? r.method)
      .u16(0)
      .u16(0x21)
      .u32(l.crc ?? (descriptor ? 0 : r.crc))
      .u32(l.compressedSize ?? (descriptor ? 0 : r.compressedSize))
      .u32(l.uncompressedSize ?? (descriptor ? 0 : r.uncompressedSize))
      .u16(lname.length)
      .u16(lextra.length)
      .bytes(lname)
      .bytes(lextra)
      .bytes(r.payload);
    if (descriptor && r.e.descriptor !== 'omit') {
      const d = r.e.descriptor ?? {};
      if (d.signature !== false) w.u32(0x08074b50);
      w.u32(d.crc ?? r.crc)
        .u32(d.compressedSize ?? r.compressedSize)
        .u32(d.uncompressedSize ?? r.uncompressedSize);
    }
    if (r.e.after) w.bytes(r.e.after);
  }
  const cdOffset = w.length;
  for (const [i, r] of resolved.entries()) {
    const shared = r.e.sharesLocalOf;
    const lho = r.e.localHeaderOffset ?? (shared !== undefined ? (offsets[shared] as number) : (offsets[i] as number));
    const extra = r.e.centralExtra ?? new Uint8Array(0);
    const comment = r.e.comment ?? new Uint8Array(0);
    w.u32(0x02014b50)
      .u16(r.e.versionMadeBy ?? 0x031e)
      .u16(20)
      .u16(r.flags)
      .u16(r.method)
      .u16(0)
      .u16(0x21)
      .u32(r.crc)
      .u32(r.compressedSize)
      .u32(r.uncompressedSize)
      .u16(r.name.length)
      .u16(extra.length)
      .u16(comment.length)
      .u16(r.e.diskStart ?? 0)
      .u16(0)
      .u32(r.e.externalAttributes ?? (r.name[r.name.length - 1] === 0x2f ? (0o40755 << 16) | 0x10 : 0o100644 << 16))
      .u32(lho)
      .bytes(r.name)
      .bytes(extra)
      .bytes(comment);
  }
  if (options.centralTail) w.bytes(options.centralTail);
  const cdSize = w.length - cdOffset;
  if (options.beforeEocd) w.bytes(options.beforeEocd);
  const comment = options.comment ?? new Uint8Array(0);
  const o = options.eocd ?? {};
  w.u32(o.signature ?? 0x06054b50)
    .u16(o.disk ?? 0)
    .u16(o.cdDisk ?? 0)
    .u16(o.onDisk ?? entries.length)
    .u16(o.total ?? entries.length)
    .u32(o.cdSize ?? cdSize)
    .u32(o.cdOffset ?? cdOffset)
    .u16(o.commentLength ?? comment.length)
    .bytes(comment);
  if (options.trailing) w.bytes(options.trailing);
  return w.done();
}

/** An extra field record. */
export function extraField(id: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, id, true);
  v.setUint16(2, data.length, true);
  out.set(data, 4);
  return out;
}

/**
 * A raw DEFLATE stream that inflates to `1 + 258 * matches` zero bytes, ~13 bits per 258 bytes: one fixed
 * Huffman block holding a literal 0 then `matches` copies of (length 258, distance 1). 1 GB fits in 6.5 MB.
 */
export function zeroBomb(matches: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((3 + 8 + matches * 13 + 7) / 8) + 1);
  let bitPos = 0;
  const put = (value: number, n: number): void => {
    for (let i = 0; i < n; i++) {
      if ((value >>> i) & 1) out[bitPos >>> 3] = (out[bitPos >>> 3] as number) | (1 << (bitPos & 7));
      bitPos++;
    }
  };
  // Fixed Huffman codes are sent most-significant bit first.
  const huff = (code: number, n: number): void => {
    let r = 0;
    for (let i = 0; i < n; i++) r |= ((code >>> i) & 1) << (n - 1 - i);
    put(r, n);
  };
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE = fixed
  huff(0x30, 8); // literal 0
  // Length 258 is symbol 285 (8-bit code 0xC5), distance 1 is code 0 (5 bits); the 13 bits repeat.
  for (let m = 0; m < matches; m++) {
    huff(0xc5, 8);
    huff(0, 5);
  }
  huff(0, 7); // end of block (symbol 256)
  return out.subarray(0, Math.ceil(bitPos / 8));
}
