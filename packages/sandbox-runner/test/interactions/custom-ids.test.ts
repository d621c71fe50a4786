import { afterAll, describe, expect, it } from 'vitest';
import { scopeComponents, scopeModal, type IncomingInteraction } from '../../src/index.js';
import { cleanupScratch, makeHost, pluginDir, waitFor } from '../helpers.js';

afterAll(cleanupScratch);

describe('custom_id ownership', () => {
  it('scopes buttons and selects at any depth (rows, sections, containers), leaves link buttons and text inputs alone', () => {
    const out = scopeComponents('p', [
      { type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: 'a' }, { type: 2, style: 5, label: 'l', url: 'https://x.test' }, { type: 3, custom_id: 's', options: [] }] },
      { type: 17, components: [{ type: 9, components: [{ type: 10, content: 't' }], accessory: { type: 2, style: 1, label: 'b', custom_id: 'b' } }] },
      { type: 4, custom_id: 'input' },
    ]);
    expect(JSON.stringify(out)).toBe(
      JSON.stringify([
        { type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: 'p:a' }, { type: 2, style: 5, label: 'l', url: 'https://x.test' }, { type: 3, custom_id: 'p:s', options: [] }] },
        { type: 17, components: [{ type: 9, components: [{ type: 10, content: 't' }], accessory: { type: 2, style: 1, label: 'b', custom_id: 'p:b' } }] },
        { type: 4, custom_id: 'input' },
      ]),
    );
    expect(scopeModal('p', { custom_id: 'form', components: [{ type: 18, component: { type: 4, custom_id: 'subject' } }] })).toEqual({ custom_id: 'p:form', components: [{ type: 18, component: { type: 4, custom_id: 'subject' } }] });
  });

  it('GIVEN hostile nesting or non-arrays THEN it neither throws nor recurses without bound; GIVEN an id too long with its prefix THEN TOO_LONG', () => {
    let deep: Record<string, unknown> = { type: 2, style: 1, label: 'x', custom_id: 'deep' };
    for (let i = 0; i < 100_000; i++) deep = { type: 1, components: [deep] };
    expect(() => scopeComponents('p', [deep])).not.toThrow();
    expect(scopeComponents('p', 'nope')).toBe('nope');
    expect(scopeComponents('p', [null, 1, 'x', []])).toEqual([null, 1, 'x', []]);
    expect(() => scopeComponents('my_plugin', [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'x'.repeat(95) }] }])).toThrow(expect.objectContaining({ code: 'TOO_LONG' }));
  });

  it('GIVEN two plugins on one server both using custom_id "yes" THEN each click reaches its own plugin, which sees "yes", and neither can answer the other\'s interaction', async () => {
    const t = makeHost();
    try {
      const code = (who: string) => `import raw_guest as g
from mmo_maid_sdk import Plugin, Context, Button, ActionRow
plugin = Plugin()

@plugin.on_slash_command("${who}_menu")
def menu(ctx: Context, event: dict):
    ctx.interaction.respond(content="${who}", components=[ActionRow(Button("Yes", custom_id="yes", style="success"))])

@plugin.on_component("yes")
def yes(ctx: Context, event: dict):
    ctx.log("${who} got %s" % event["custom_id"])
    ctx.interaction.respond(content="${who} says yes", ephemeral=True)

@plugin.on_slash_command("${who}_steal")
def steal(ctx: Context, event: dict):
    try:
        ctx.kv.set("x", 1)
        ctx._session.call("interaction.respond", {"install_id": ctx.install_id, "interaction_id": event["options"][0]["value"], "content": "stolen"})
    except Exception as e:
        ctx.log("steal refused: %s" % (e,))
    ctx.interaction.respond(content="ok")

plugin.run()
`;
      await t.host.install({ id: 'alpha', version: '1.0.0', dir: pluginDir(code('alpha')), capabilities: ['interaction:respond'] }, { serverId: '1' });
      await t.host.install({ id: 'beta', version: '1.0.0', dir: pluginDir(code('beta')), capabilities: ['interaction:respond'] }, { serverId: '1' });
      const base = { guild_id: '1', user_id: '2', token: 'tok' };
      await t.host.interact({ ...base, id: '10', type: 'slash_command', command_name: 'alpha_menu' });
      await t.host.interact({ ...base, id: '11', type: 'slash_command', command_name: 'beta_menu' });
      expect(t.discord.actions.map((a) => JSON.stringify(a.params['data']).match(/"custom_id":"([^"]+)"/)![1])).toEqual(['alpha:yes', 'beta:yes']);
      await t.host.interact({ ...base, id: '12', type: 'component', custom_id: 'beta:yes' });
      await t.host.interact({ ...base, id: '13', type: 'component', custom_id: 'alpha:yes' });
      expect(t.discord.actions.slice(2).map((a) => [a.installId === t.discord.actions[0]!.installId ? 'alpha' : 'beta', (a.params['data'] as { content: string }).content])).toEqual([
        ['beta', 'beta says yes'],
        ['alpha', 'alpha says yes'],
      ]);
      await waitFor(() => t.events.find((e) => e.type === 'log' && e.message === 'beta got yes'));
      await waitFor(() => t.events.find((e) => e.type === 'log' && e.message === 'alpha got yes'));
      // Beta names alpha's live interaction 13: refused, and alpha's interaction is untouched.
      const steal: IncomingInteraction = { ...base, id: '14', type: 'slash_command', command_name: 'beta_steal', options: [{ name: 'id', type: 3, value: '13' }] };
      await t.host.interact(steal);
      const log = (await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('steal refused')))) as { message: string };
      expect(log.message).toMatch(/not one this install is handling/);
      expect(t.discord.actions.filter((a) => JSON.stringify(a.params).includes('stolen'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
