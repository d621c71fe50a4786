import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlugin } from '../src/index.js';

const examples = resolve(__dirname, '../../../examples');
const expected: Record<string, string> = {
  'hello-plugin': 'mmo-maid',
  'lifecycle-plugin': 'mmo-maid',
  'interactions-plugin': 'mmo-maid',
  'components-plugin': 'mmo-maid',
  'tasks-plugin': 'mmo-maid',
  'dashboard-plugin': 'mmo-maid',
  'casa-hello': 'casa-cloner',
  'casa-auto-react': 'casa-cloner',
  'mcdr-solo/MyPlugin.py': 'mcdr-solo',
  'mcdr-directory': 'mcdr-directory',
};

describe('every seed sample in examples/ validates', () => {
  it('covers every example plugin folder (not the hosts: the dashboard demo and the discord.js bot)', () => {
    const hosts = new Set(['dashboard-demo', 'discord-bot']);
    const dirs = readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory() && !hosts.has(d.name)).map((d) => d.name);
    expect(dirs.sort()).toEqual(Object.keys(expected).map((k) => k.split('/')[0]).sort());
  });
  for (const [path, format] of Object.entries(expected)) {
    it(`${path} reads as ${format} with no error`, async () => {
      const bundle = await readPlugin(resolve(examples, path));
      expect(bundle.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(bundle.format).toBe(format);
      expect(bundle.ok).toBe(true);
      expect(bundle.manifest).toBeDefined();
      expect(bundle.entry).toBeDefined();
    });
  }
});
