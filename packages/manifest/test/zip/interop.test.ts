import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { indexZip, readZip } from '../../src/zip/index.js';

// Archives written by CPython's zipfile (/usr/bin/python3, standard library): a second real writer beside
// jszip, including its streaming mode (data descriptors) and forced ZIP64.
const PY = `
import io, sys, zipfile
mode = sys.argv[1]
class Pipe(io.RawIOBase):
    """Unseekable, so zipfile streams: data descriptors, sizes after the data."""
    def __init__(self): self.buf = bytearray()
    def writable(self): return True
    def write(self, b): self.buf += b; return len(b)
out = Pipe() if mode == 'stream' else io.BytesIO()
method = zipfile.ZIP_STORED if mode == 'stored' else zipfile.ZIP_DEFLATED
with zipfile.ZipFile(out, 'w', method) as z:
    z.writestr('plugin/', b'')
    z.writestr('plugin/manifest.json', b'{"id": "demo"}')
    z.writestr('plugin/__main__.py', b'print("hello")\\n' * 300)
    z.writestr('plugin/pkg/caf\\u00e9.py', 'x = "\\u00e9"\\n'.encode())
    z.writestr('plugin/pkg/empty.py', b'')
    if mode == 'zip64':
        with z.open('plugin/big.bin', 'w', force_zip64=True) as f: f.write(b'z' * 1000)
sys.stdout.buffer.write(bytes(out.buf) if mode == 'stream' else out.getvalue())
`;

function python(mode: string): Uint8Array {
  return new Uint8Array(execFileSync('/usr/bin/python3', ['-c', PY, mode], { maxBuffer: 1 << 20 }));
}

const expected: Record<string, string> = {
  'plugin/manifest.json': '{"id": "demo"}',
  'plugin/__main__.py': 'print("hello")\n'.repeat(300),
  'plugin/pkg/café.py': 'x = "é"\n',
  'plugin/pkg/empty.py': '',
};

describe("archives from Python's zipfile", () => {
  for (const mode of ['stored', 'deflated', 'stream']) {
    it(`GIVEN a ${mode} archive THEN every file reads back byte for byte`, () => {
      const out = readZip(python(mode));
      expect(out.diagnostics).toEqual([]);
      expect(Object.fromEntries([...out.files].map(([k, v]) => [k, new TextDecoder().decode(v)]))).toEqual(expected);
    });
  }

  it('GIVEN a zip app (.pyz) with a shebang from python3 -m zipapp THEN it reads, and the shebang is reported', () => {
    const script = [
      'import io, sys, zipapp, tempfile, pathlib',
      'd = pathlib.Path(tempfile.mkdtemp())',
      "(d / 'app').mkdir()",
      "(d / 'app' / '__main__.py').write_text('print(1)')",
      "(d / 'app' / 'mcdreforged.plugin.json').write_text('{}')",
      'out = io.BytesIO()',
      "zipapp.create_archive(d / 'app', out, interpreter='/usr/bin/env python3')",
      'sys.stdout.buffer.write(out.getvalue())',
    ].join('\n');
    const bytes = new Uint8Array(execFileSync('/usr/bin/python3', ['-c', script]));
    expect(indexZip(bytes).shebang).toBe('#!/usr/bin/env python3');
    const out = readZip(bytes);
    expect(out.diagnostics).toEqual([]);
    expect([...out.files.keys()].sort()).toEqual(['__main__.py', 'mcdreforged.plugin.json']);
  });

  it('GIVEN an entry written with force_zip64 THEN zip.zip64_unsupported names it', () => {
    const out = readZip(python('zip64'));
    expect(out.diagnostics.map((d) => `${d.code}@${d.path}`)).toContain('zip.zip64_unsupported@plugin/big.bin');
    expect(out.files.size).toBe(0);
  });
});
