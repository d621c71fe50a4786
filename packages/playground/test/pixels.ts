/** Reads pixels from the PNGs Chromium writes (8-bit RGB/RGBA, non-interlaced), for colour assertions. */
import { inflateSync } from 'node:zlib';

export type Rgb = [number, number, number];

export function readPng(png: Buffer): { width: number; height: number; at(x: number, y: number): Rgb } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const chunk = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      if (chunk[8] !== 8 || chunk[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      channels = chunk[9] === 6 ? 4 : chunk[9] === 2 ? 3 : 0;
      if (channels === 0) throw new Error(`colour type ${chunk[9]} not supported`);
    }
    if (type === 'IDAT') data.push(chunk);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  // Undo the per-row filters (None, Sub, Up, Average, Paeth).
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? px[y * stride + x - channels]! : 0;
      const up = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const corner = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - corner;
        const dl = Math.abs(p - left);
        const du = Math.abs(p - up);
        const dc = Math.abs(p - corner);
        predicted = dl <= du && dl <= dc ? left : du <= dc ? up : corner;
      }
      px[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    at(x, y) {
      const i = Math.round(y) * stride + Math.round(x) * channels;
      return [px[i]!, px[i + 1]!, px[i + 2]!];
    },
  };
}

export const hex = (h: string): Rgb => {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

export const close = (a: Rgb, b: Rgb, tolerance = 8): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
