import { afterAll, describe, expect, it } from 'vitest';
import type { IncomingInteraction } from '../../src/index.js';
import { cleanupScratch, makeHost, pluginDir, waitFor } from '../helpers.js';

afterAll(cleanupScratch);

const SERVER = '100000000000000000';
let nextId = 1_600_000_000_000_000_000n;
const make = (extra: Partial<IncomingInteraction> & Pick<IncomingInteraction, 'type'>): IncomingInteraction => ({ id: String(nextId++), token: `tok-${nextId}`, guild_id: SERVER, user_id: '11', ...extra });

const CODE = `from mmo_maid_sdk import Plugin, Context, Button, ActionRow
plugin = Plugin()

@plugin.on_slash_command("work")
def work(ctx: Context, event: dict):
    ctx.interaction.defer(ephemeral=True)
    ctx.interaction.edit_original(content="finished", components=[ActionRow(Button("Again", custom_id="again"))])
    ctx.interaction.followup(content="and one more", ephemeral=True)

@plugin.on_slash_command("eager")
def eager(ctx: Context, event: dict):
    for call in (lambda: ctx.interaction.followup(content="early"), lambda: ctx.interaction.edit_original(content="early")):
        try:
            call()
        except Exception as e:
            ctx.log("eager: %s" % (e,))
    ctx.interaction.respond(content="now")

@plugin.on_component("again")
def again(ctx: Context, event: dict):
    ctx.interaction.edit_original(content="updated in place")

@plugin.on_slash_command("form")
def form(ctx: Context, event: dict):
    # A button where Discord wants text inputs (the SDK's own TextInput cannot build this): raw call.
    ctx._session.call("interaction.send_modal", {"install_id": ctx.install_id, "interaction_id": event["interaction_id"], "title": "T", "custom_id": "f",
                                                 "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": "b"}]}]})

plugin.run()
`;

describe('every answer kind becomes the right Discord call', () => {
  it('GIVEN defer then edit_original then followup THEN callback 5 (ephemeral), a PATCH of @original with scoped ids, an ephemeral follow-up', async () => {
    const t = makeHost();
    try {
      await t.host.install({ id: 'answers', version: '1.0.0', dir: pluginDir(CODE), capabilities: ['interaction:respond'] }, { serverId: SERVER });
      const i = make({ type: 'slash_command', command_name: 'work' });
      await t.host.interact(i);
      expect(t.discord.actions.map((a) => [a.method, a.params])).toEqual([
        ['interaction.callback', { interaction_id: i.id, token: i.token, type: 5, data: { flags: 64 } }],
        ['interaction.edit_original', { interaction_id: i.id, token: i.token, data: { content: 'finished', components: [{ type: 1, components: [expect.objectContaining({ custom_id: 'answers:again' })] }] } }],
        ['interaction.followup', { interaction_id: i.id, token: i.token, data: { content: 'and one more', flags: 64 } }],
      ]);
      // The follow-up's message id comes back to the plugin, and the action event carries it without the token.
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'action', method: 'interaction.followup', params: { interaction_id: i.id, data: { content: 'and one more', flags: 64 } }, result: { message_id: expect.any(String) } }));

      // On a click, edit_original as the first answer updates the clicked message: callback 7.
      t.discord.clear();
      await t.host.interact(make({ type: 'component', custom_id: 'answers:again' }));
      expect(t.discord.actions.map((a) => [a.params['type'], a.params['data']])).toEqual([[7, { content: 'updated in place' }]]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN followup or edit_original before any answer THEN both are refused (not_acknowledged), and the answer after them goes out', async () => {
    const t = makeHost();
    try {
      await t.host.install({ id: 'answers', version: '1.0.0', dir: pluginDir(CODE), capabilities: ['interaction:respond'] }, { serverId: SERVER });
      await t.host.interact(make({ type: 'slash_command', command_name: 'eager' }));
      await waitFor(() => t.events.filter((e) => e.type === 'log' && e.message.startsWith('eager:')).length === 2);
      const logs = t.events.filter((e) => e.type === 'log' && e.message.startsWith('eager:')).map((e) => (e as { message: string }).message);
      for (const l of logs) expect(l).toMatch(/has no message to follow up or edit yet/);
      expect(t.discord.actions.map((a) => [a.params['type'], a.params['data']])).toEqual([[4, { content: 'now' }]]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN a modal holding a button THEN the plugin gets -32602 naming the component and nothing is sent', async () => {
    const t = makeHost();
    try {
      await t.host.install({ id: 'answers', version: '1.0.0', dir: pluginDir(CODE), capabilities: ['interaction:respond'] }, { serverId: SERVER });
      const outcome = await t.host.interact(make({ type: 'slash_command', command_name: 'form' }));
      expect(outcome).toMatchObject({ routed: true, error: { code: 'handler_error' } });
      expect(outcome.routed && outcome.error?.message).toMatch(/InvalidParams.*components\/0/);
      expect(t.discord.actions).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
