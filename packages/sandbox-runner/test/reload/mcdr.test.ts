/**
 * Seed 004's packaging for maidkit plugins: solo `.py`, packed `.mcdr`/`.pyz`, directory and linked
 * directory, each read and validated by @maidkit/manifest, staged, and run by the host in real sandboxes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHostedPlugin } from '../../src/index.js';
import { makeHost, message } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'maidkit-mcdr-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const META = { id: 'mcdr_hello', version: '1.2.0', name: 'MCDR Hello', capabilities_required: ['discord:send_message'] };

/** The seed's hello plugin as an MCDR package: a relative import, and no plugin.run() (the launcher runs it). */
const PACKAGE = {
  'mcdreforged.plugin.json': JSON.stringify(META),
  'mcdr_hello/__init__.py': `from mmo_maid_sdk import Plugin, Context
from .replies import PONG

plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    if event.get("author_bot"):
        return
    if "!ping" in event.get("content", ""):
        ctx.discord.send_message(channel_id=event["channel_id"], content=PONG)
`,
  'mcdr_hello/replies.py': 'PONG = "Pong from a package!"\n',
};

function writeTree(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function zipTo(path: string, files: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  writeFileSync(path, await zip.generateAsync({ type: 'uint8array' }));
  return path;
}

async function pingThrough(source: string): Promise<{ content: unknown; id: string; version: string; entry: string | undefined }> {
  const loaded = await loadHostedPlugin(source);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n'));
  const t = makeHost();
  try {
    const info = await t.host.install(loaded.plugin, { serverId: '1' });
    expect(info.capabilities).toContain('discord:send_message');
    t.host.dispatch('message_create', message('!ping', { channel_id: '42' }));
    expect(await t.host.settled()).toBe(true);
    expect(t.events.filter((e) => e.type === 'error')).toEqual([]);
    return { content: t.discord.actions[0]?.params['content'], id: info.pluginId, version: info.pluginVersion, entry: loaded.plugin.entry };
  } finally {
    await t.close();
    loaded.dispose();
  }
}

describe('maidkit plugins in MCDR packaging (seed 004)', () => {
  it('GIVEN a solo .py with PLUGIN_METADATA THEN the file itself is the entry and the seed hello answers', async () => {
    const file = join(root, 'HelloSolo.py');
    writeFileSync(
      file,
      `PLUGIN_METADATA = {'id': 'hello_solo', 'version': '1.0.0', 'capabilities_required': ['discord:send_message']}
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    if "!ping" in event.get("content", ""):
        ctx.discord.send_message(channel_id=event["channel_id"], content="Pong!")

plugin.run()
`,
    );
    expect(await pingThrough(file)).toEqual({ content: 'Pong!', id: 'hello_solo', version: '1.0.0', entry: 'HelloSolo.py' });
  });

  it('GIVEN a packed .mcdr and .pyz THEN the entrypoint package is imported (relative imports work) and its Plugin is run', async () => {
    for (const ext of ['mcdr', 'pyz']) {
      const file = await zipTo(join(root, `Hello.${ext}`), PACKAGE);
      expect(await pingThrough(file)).toEqual({ content: 'Pong from a package!', id: 'mcdr_hello', version: '1.2.0', entry: '__maidkit_mcdr__.py' });
    }
  });

  it('GIVEN a directory plugin and a linked directory plugin pointing at it THEN both run; plugin.run() at import works too', async () => {
    const dir = writeTree(join(root, 'HelloDir'), { ...PACKAGE, 'mcdr_hello/__init__.py': `${PACKAGE['mcdr_hello/__init__.py']}\nplugin.run()\n` });
    expect((await pingThrough(dir)).content).toBe('Pong from a package!');
    const link = writeTree(join(root, 'HelloLinked'), { 'mcdreforged.linked_directory_plugin.json': JSON.stringify({ target: dir }) });
    expect((await pingThrough(link)).content).toBe('Pong from a package!');
  });

  it('GIVEN maidkit fields that break manifest rules, or an MCDR layout error THEN loading fails with every diagnostic, at its place', async () => {
    const bad = writeTree(join(root, 'BadCaps'), {
      ...PACKAGE,
      'mcdreforged.plugin.json': JSON.stringify({ ...META, capabilities_required: ['discord:send_mesage'], server_crons: [{ name: 'x', spec: '61 * * * *' }] }),
    });
    const loaded = await loadHostedPlugin(bad);
    expect(loaded.ok).toBe(false);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path, d.file])).toEqual(
      expect.arrayContaining([
        ['manifest.unknown_capability', '/capabilities_required/0', 'mcdreforged.plugin.json'],
        ['manifest.invalid_cron', '/server_crons/0/spec', 'mcdreforged.plugin.json'],
      ]),
    );
    const illegal = writeTree(join(root, 'Illegal'), { ...PACKAGE, 'other_pkg/__init__.py': '' });
    const refused = await loadHostedPlugin(illegal);
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics.map((d) => d.code)).toContain('mcdr.illegal_package');
  });

  it('GIVEN an entrypoint that defines no Plugin and never runs one THEN install fails with the launcher saying so', async () => {
    const dir = writeTree(join(root, 'NoPlugin'), { ...PACKAGE, 'mcdr_hello/__init__.py': 'VALUE = 1\n' });
    const loaded = await loadHostedPlugin(dir);
    if (!loaded.ok) throw new Error('expected a valid bundle');
    const t = makeHost();
    try {
      await expect(t.host.install(loaded.plugin, { serverId: '1' })).rejects.toThrow(/must define exactly one mmo_maid_sdk\.Plugin \(found 0\)/);
    } finally {
      await t.close();
      loaded.dispose();
    }
  });
});
