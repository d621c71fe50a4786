import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

describe('README', () => {
  it('GIVEN the example as written THEN it runs and prints what the README says', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const start = readme.indexOf('```js\n') + 6;
    const code = readme.slice(start, readme.indexOf('```', start));
    const file = join(mkdtempSync(join(tmpdir(), 'rpc-readme-')), 'example.mjs');
    writeFileSync(file, code);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    try {
      await import(file);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual(['host: guest speaks 1.0 and handles ["message_create"]', 'host: #42 <- Pong!', 'guest: sent 900000000000000001']);
  });
});
