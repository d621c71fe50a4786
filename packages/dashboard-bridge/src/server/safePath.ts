/**
 * Map a URL path below a plugin's `dashboard/` directory to a file, refusing everything that could leave
 * it: `..` (raw or percent-encoded, once or twice), backslashes, NUL, drive letters, hidden files, and
 * symlinks that resolve outside the directory.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

export type SafePathResult = { ok: true; file: string; size: number } | { ok: false; status: 400 | 403 | 404; reason: string };

export function splitSafeSegments(urlPath: string): string[] | { reason: string } {
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { reason: 'malformed percent-encoding' };
    }
    if (seg === '.' || seg === '..') return { reason: 'dot segment' };
    if (/[\\\0]/.test(seg) || seg.includes('/')) return { reason: 'encoded separator or NUL' };
    if (/%2e|%2f|%5c|%00/i.test(seg)) return { reason: 'double-encoded character' };
    if (seg.startsWith('.')) return { reason: 'hidden file' };
    if (/^[A-Za-z]:/.test(seg)) return { reason: 'drive letter' };
    if (seg.length > 255) return { reason: 'segment too long' };
    segments.push(seg);
  }
  if (segments.length > 32) return { reason: 'path too deep' };
  return segments;
}

export async function resolveInside(root: string, urlPath: string, index = 'index.html'): Promise<SafePathResult> {
  const segments = splitSafeSegments(urlPath);
  if (!Array.isArray(segments)) return { ok: false, status: 400, reason: segments.reason };
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { ok: false, status: 404, reason: 'no dashboard directory' };
  }
  let candidate = join(realRoot, ...segments);
  try {
    let info = await stat(candidate);
    if (info.isDirectory()) {
      candidate = join(candidate, index);
      info = await stat(candidate);
    }
    const real = await realpath(candidate);
    const rel = relative(realRoot, real);
    if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return { ok: false, status: 403, reason: 'outside the dashboard directory' };
    const realInfo = await stat(real);
    if (!realInfo.isFile()) return { ok: false, status: 404, reason: 'not a file' };
    return { ok: true, file: real, size: realInfo.size };
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
  wasm: 'application/wasm',
};

export function contentTypeFor(file: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}
