/** The file trees the seeds draw, built as they show them, each read as the seed says it is. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPlugin } from '../src/index.js';
import { HELLO_MAIN, mmoManifest, scratch, zipOf } from './helpers/fixtures.js';

const fs = scratch('seeds');
afterAll(() => fs.cleanup());
const examples = resolve(__dirname, '../../../examples');
const hello = (f: string) => readFileSync(join(examples, 'hello-plugin', f));

describe('seed 000/002 MMO Maid layouts', () => {
  it('GIVEN the full tree of seed 000 zipped as my_plugin/ THEN valid', async () => {
    const b = await readPlugin(
      await zipOf({
        'my_plugin/manifest.json': hello('manifest.json'),
        'my_plugin/__main__.py': hello('__main__.py'),
        'my_plugin/requirements.txt': '',
        'my_plugin/dashboard_manifest.json': readFileSync(join(examples, 'dashboard-plugin/dashboard_manifest.json')),
        'my_plugin/dashboard/index.html': '<!DOCTYPE html>',
      }),
    );
    // The hello plugin has no dashboard handlers, so the manifest-mode widgets warn; nothing is an error.
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(b.diagnostics.every((d) => d.code === 'dashboard.handler_not_found')).toBe(true);
    expect(b.files.map((f) => f.path).sort()).toEqual(['__main__.py', 'dashboard/index.html', 'dashboard_manifest.json', 'manifest.json', 'requirements.txt']);
  });

  it('GIVEN the seed 002 iframe-mode tree (index.html, style.css, app.js, the bundled style pack) THEN valid with the assets listed', async () => {
    const html = '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<link rel="stylesheet" href="/static/dashboard.css">\n</head>\n<body>\n<h1>My plugin</h1>\n<div id="stat">Loading…</div>\n<script src="/static/mmo-maid-sdk.js"></script>\n</body>\n</html>\n';
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'dashboard/index.html': html, 'dashboard/style.css': '', 'dashboard/app.js': '', 'dashboard/sdk/ui.css': '', 'dashboard/sdk/ui.js': '' });
    const b = await readPlugin(dir);
    expect(b.diagnostics).toEqual([]);
    expect(b.dashboard.assets.map((a) => a.path)).toEqual(['dashboard/app.js', 'dashboard/index.html', 'dashboard/sdk/ui.css', 'dashboard/sdk/ui.js', 'dashboard/style.css']);
  });
});

describe('seed 004 MCDR trees', () => {
  const metadata = JSON.stringify({ id: 'my_plugin', version: '1.0.0' });

  it('GIVEN the minimum packed plugin MyPlugin.mcdr THEN valid', async () => {
    const path = join(fs.dir({}), 'MyPlugin.mcdr');
    writeFileSync(path, await zipOf({ 'my_plugin/__init__.py': '', 'mcdreforged.plugin.json': metadata }));
    expect(await readPlugin(path)).toMatchObject({ ok: true, format: 'mcdr-packed', entry: 'my_plugin/__init__.py' });
  });

  it('GIVEN the packed plugin with every optional file of the seed THEN valid, with lang files listed', async () => {
    const path = join(fs.dir({}), 'MyPlugin.mcdr');
    writeFileSync(
      path,
      await zipOf({
        'my_plugin/__init__.py': '',
        'my_plugin/my_lib.py': '',
        'my_data/default_config.json': '{}',
        'my_data/some_data.txt': '',
        'lang/en_us.json': '{}',
        'lang/zh_cn.json': '{}',
        'mcdreforged.plugin.json': metadata,
        'requirements.txt': '',
      }),
    );
    const b = await readPlugin(path);
    expect(b.diagnostics).toEqual([]);
    if (b.format !== 'mcdr-packed') throw new Error(b.format);
    expect(b.mcdr.langFiles).toEqual(['lang/en_us.json', 'lang/zh_cn.json']);
  });

  it('GIVEN the .pyz form of the same plugin THEN it is read as packed too', async () => {
    const path = join(fs.dir({}), 'MyPlugin.pyz');
    writeFileSync(path, await zipOf({ 'my_plugin/__init__.py': '', 'mcdreforged.plugin.json': metadata }));
    expect((await readPlugin(path)).format).toBe('mcdr-packed');
  });

  it('GIVEN the linked directory plugin of the seed (target + skip_package_legality_check) THEN its target is read', async () => {
    const target = fs.dir({ 'my_plugin/__init__.py': '', 'my_plugin/my_lib.py': '', 'mcdreforged.plugin.json': metadata, 'requirements.txt': '' });
    const linked = fs.dir({ 'mcdreforged.linked_directory_plugin.json': JSON.stringify({ target, skip_package_legality_check: false }) });
    expect(await readPlugin(linked)).toMatchObject({ ok: true, format: 'mcdr-linked', entry: 'my_plugin/__init__.py', mcdr: { linkedTarget: target } });
  });
});
