import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePython, capabilityUses, readPlugin } from '../src/index.js';

const uses = (src: string) => capabilityUses(analyzePython(src).tokens, 'm.py').map((u) => [u.call, u.capability, u.line]);

describe('capability use in Python code', () => {
  it('GIVEN gated ctx calls THEN each maps to the capability PROTOCOL.md names', () => {
    const src = [
      'ctx.discord.send_message(channel_id=1)',
      'context.discord.ban_member(user_id=1)',
      'ctx.discord.get_channel(1)',
      'ctx.interaction.respond(content="x")',
      'ctx.sql.query("select 1")',
      'ctx.http.get("https://a.example.com")',
      'ctx.kv.set("a", 1)',
      'ctx.metrics.query("m", period="7d")',
      'ctx.discord.unknown_method()',
    ].join('\n');
    expect(uses(src)).toEqual([
      ['ctx.discord.send_message', 'discord:send_message', 1],
      ['context.discord.ban_member', 'discord:ban_members', 2],
      ['ctx.discord.get_channel', 'discord:read', 3],
      ['ctx.interaction.respond', 'interaction:respond', 4],
      ['ctx.sql.query', 'storage:sql', 5],
      ['ctx.http.get', 'proxy:http', 6],
    ]);
  });

  it('GIVEN the same text in strings, comments or a longer chain THEN nothing counts', () => {
    expect(uses('# ctx.discord.ban_member(1)\nx = "ctx.discord.ban_member(1)"\nself.ctx.discord.ban_member(1)\nctx.discord.ban_member\n')).toEqual([]);
  });

  it('GIVEN every example plugin THEN none calls an API it has not declared', async () => {
    for (const ex of ['hello-plugin', 'lifecycle-plugin', 'interactions-plugin', 'components-plugin', 'tasks-plugin', 'dashboard-plugin']) {
      const b = await readPlugin(resolve(__dirname, '../../../examples', ex));
      expect(b.diagnostics.filter((d) => d.code === 'manifest.capability_not_declared'), ex).toEqual([]);
    }
  });

  it('GIVEN a plugin calling ctx.sql without storage:sql THEN one warning per capability, at the first call', async () => {
    const { scratch, mmoManifest, HELLO_MAIN } = await import('./helpers/fixtures.js');
    const fs = scratch('capuse');
    try {
      const b = await readPlugin(fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': `${HELLO_MAIN}def a(ctx):\n    ctx.sql.query("x")\n    ctx.sql.execute("y")\n` }));
      expect(b.ok).toBe(true);
      expect(b.diagnostics.map((d) => [d.code, d.path])).toEqual([['manifest.capability_not_declared', '__main__.py:5']]);
    } finally {
      fs.cleanup();
    }
  });
});
