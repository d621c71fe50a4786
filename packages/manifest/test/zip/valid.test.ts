import { createHash, randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics.js';
import { findCommonRoot, indexZip, readZip, readZipAsync, stripCommonRoot } from '../../src/zip/index.js';

async function jszip(files: Record<string, Uint8Array | string | null>, compression: 'STORE' | 'DEFLATE'): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) {
    if (data === null) zip.folder(name);
    else zip.file(name, data);
  }
  return zip.generateAsync({ type: 'uint8array', compression, platform: 'UNIX' });
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('valid archives read back byte for byte', () => {
  for (const compression of ['STORE', 'DEFLATE'] as const) {
    it(`GIVEN a jszip ${compression} archive with directories, empty and binary files THEN readZip returns every file unchanged`, async () => {
      const files: Record<string, Uint8Array> = {
        'manifest.json': text('{"id":"demo","version":"1.0.0"}'),
        '__main__.py': text('print("hi")\n'.repeat(500)),
        'pkg/__init__.py': new Uint8Array(0),
        'pkg/data/blob.bin': randomBytes(70_000),
        'pkg/data/zeros.bin': new Uint8Array(50_000),
        'café.txt': text('accent'),
      };
      const bytes = await jszip({ ...files, 'empty-dir': null }, compression);
      const out = readZip(bytes);
      expect(out.diagnostics).toEqual([]);
      expect([...out.files.keys()].sort()).toEqual(Object.keys(files).sort());
      for (const [name, data] of Object.entries(files)) expect(Buffer.from(out.files.get(name) ?? [])).toEqual(Buffer.from(data));
      const hashed = readZip(bytes, undefined, { sha256: true });
      expect(Object.fromEntries(hashed.sha256 ?? [])).toEqual(
        Object.fromEntries(Object.entries(files).map(([n, d]) => [n, createHash('sha256').update(d).digest('hex')])),
      );
      expect(await readZipAsync(bytes, undefined, { sha256: true, concurrency: 2 })).toEqual(hashed);
      expect(await readZipAsync(bytes)).toEqual(out);
      const index = indexZip(bytes);
      expect(index.entries.filter((e) => e.isDirectory).map((e) => e.name).sort()).toEqual(['empty-dir/', 'pkg/', 'pkg/data/']);
    });
  }

  it('GIVEN a zipped folder THEN the common root is found and stripped', async () => {
    const bytes = await jszip({ 'my-plugin/manifest.json': text('{}'), 'my-plugin/src/a.py': text('x = 1') }, 'DEFLATE');
    const out = readZip(bytes);
    expect(hasErrors(out.diagnostics)).toBe(false);
    const names = indexZip(bytes).entries.map((e) => e.name);
    expect(findCommonRoot(names)).toBe('my-plugin');
    expect(stripCommonRoot(names).names.sort()).toEqual(['manifest.json', 'src/', 'src/a.py']);
  });
});

describe('readZipAsync', () => {
  it('GIVEN a 6 MB archive THEN the event loop keeps turning while it is read', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i++) files[`f${i}.bin`] = randomBytes(200_000);
    const bytes = await jszip(files, 'DEFLATE');
    let ticks = 0;
    let running = true;
    const spin = (): void => {
      ticks++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const out = await readZipAsync(bytes, undefined, { concurrency: 2 });
    running = false;
    expect(out.diagnostics).toEqual([]);
    expect(out.files.size).toBe(30);
    expect(ticks).toBeGreaterThan(1);
  });
});
