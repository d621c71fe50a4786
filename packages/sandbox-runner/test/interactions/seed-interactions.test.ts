import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncomingInteraction } from '../../src/index.js';
import { cleanupScratch, makeHost, type TestHost } from '../helpers.js';

afterAll(cleanupScratch);

// Seed 001's greet, menu and feedback samples, verbatim (examples/interactions-plugin/__main__.py).
const INTERACTIONS = resolve(__dirname, '../../../../examples/interactions-plugin');
const plugin = { id: 'my_plugin', version: '1.0.0', dir: INTERACTIONS, capabilities: ['interaction:respond'], slashCommands: ['greet', 'menu', 'feedback'] };
const SERVER = '100000000000000000';
let nextId = 1_400_000_000_000_000_000n;

function interaction(extra: Partial<IncomingInteraction> & Pick<IncomingInteraction, 'type'>): IncomingInteraction {
  return { id: String(nextId++), token: `tok-${nextId}`, guild_id: SERVER, user_id: '1100000000000000001', channel_id: '1200000000000000001', ...extra };
}

async function withPlugin(fn: (t: TestHost, installId: string) => Promise<void>, options: Parameters<typeof makeHost>[0] = {}): Promise<void> {
  const t = makeHost(options);
  try {
    const { installId } = await t.host.install(plugin, { serverId: SERVER });
    await fn(t, installId);
  } finally {
    await t.close();
  }
}

describe('seed 001 interactions through PluginHost.interact', () => {
  it('GIVEN /greet with a user and a message THEN the plugin answers with a type-4 callback mentioning the user', async () => {
    await withPlugin(async (t) => {
      const i = interaction({ type: 'slash_command', command_name: 'greet', options: [{ name: 'user', type: 6, value: '1100000000000000042' }, { name: 'message', type: 3, value: 'Welcome aboard!' }] });
      const outcome = await t.host.interact(i);
      expect(outcome).toMatchObject({ routed: true, via: 'handler', initial: { type: 4, by: 'plugin' } });
      expect(t.discord.actions).toEqual([
        expect.objectContaining({ method: 'interaction.callback', params: { interaction_id: i.id, token: i.token, type: 4, data: { content: '<@1100000000000000042> Welcome aboard!' } } }),
      ]);
      // Without the optional message the seed's default greeting is used.
      const j = interaction({ type: 'slash_command', command_name: 'greet', options: [{ name: 'user', type: 6, value: '7' }] });
      await t.host.interact(j);
      expect(t.discord.actions[1]!.params).toMatchObject({ type: 4, data: { content: '<@7> Hey there!' } });
      // The token never appears in host events.
      expect(JSON.stringify(t.events)).not.toContain(i.token);
      expect(t.events.filter((e) => e.type === 'error' || e.type === 'warning')).toEqual([]);
    });
  });

  it('GIVEN /menu THEN the buttons go out scoped to the plugin, and a click on each answers ephemerally with ✅ / ❌', async () => {
    await withPlugin(async (t) => {
      await t.host.interact(interaction({ type: 'slash_command', command_name: 'menu' }));
      const menu = t.discord.actions[0]!;
      expect(menu.params).toMatchObject({
        type: 4,
        data: { content: 'Pick one:', components: [{ type: 1, components: [{ type: 2, label: 'Yes', custom_id: 'my_plugin:yes', style: 3 }, { type: 2, label: 'No', custom_id: 'my_plugin:no', style: 4 }] }] },
      });
      const yes = await t.host.interact(interaction({ type: 'component', custom_id: 'my_plugin:yes' }));
      const no = await t.host.interact(interaction({ type: 'component', custom_id: 'my_plugin:no' }));
      expect(yes).toMatchObject({ routed: true, via: 'handler', initial: { type: 4 } });
      expect(no).toMatchObject({ routed: true, via: 'handler' });
      expect(t.discord.actions.slice(1).map((a) => a.params['data'])).toEqual([
        { content: '✅', flags: 64 },
        { content: '❌', flags: 64 },
      ]);
      // An id minted by no plugin here is not routed (the bot answers it itself).
      expect(await t.host.interact(interaction({ type: 'component', custom_id: 'other_plugin:yes' }))).toMatchObject({ routed: false });
      expect(await t.host.interact(interaction({ type: 'component', custom_id: 'yes' }))).toMatchObject({ routed: false });
      // A button of this plugin that it no longer handles: not routed either, and nothing is sent for it.
      const before = t.discord.actions.length;
      expect(await t.host.interact(interaction({ type: 'component', custom_id: 'my_plugin:maybe' }))).toMatchObject({ routed: false, reason: expect.stringMatching(/registers no handler for component "maybe"/) });
      expect(t.discord.actions.length).toBe(before);
    });
  });

  it('GIVEN /feedback THEN a modal (type 9) goes out, and its submit stores the values in KV and thanks ephemerally', async () => {
    await withPlugin(async (t, installId) => {
      await t.host.interact(interaction({ type: 'slash_command', command_name: 'feedback' }));
      const modal = t.discord.actions[0]!.params as { type: number; data: { title: string; custom_id: string; components: Array<Record<string, unknown>> } };
      expect(modal.type).toBe(9);
      expect(modal.data.title).toBe('Send Feedback');
      expect(modal.data.custom_id).toBe('my_plugin:feedback_form');
      expect(JSON.stringify(modal.data.components)).toContain('"custom_id":"subject"');
      expect(JSON.stringify(modal.data.components)).toContain('"custom_id":"details"');

      const submit = interaction({ type: 'modal_submit', custom_id: 'my_plugin:feedback_form', modal_values: { subject: 'Bug', details: 'The bot fell over' } });
      const outcome = await t.host.interact(submit);
      expect(outcome).toMatchObject({ routed: true, via: 'handler', initial: { type: 4, by: 'plugin' } });
      expect(t.discord.actions[1]!.params).toMatchObject({ type: 4, data: { content: 'Thanks for the feedback!', flags: 64 } });
      expect(await t.host.callService(installId, 'kv.get', { key: `feedback:${submit.id}` })).toEqual({ value: { subject: 'Bug', details: 'The bot fell over' } });
    });
  });

  it('GIVEN a plugin that also listens to interaction_create THEN on_event gets the event, with the unscoped custom_id', async () => {
    const t = makeHost();
    try {
      const code = `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_event("interaction_create")
def seen(ctx: Context, event: dict):
    ctx.log("saw %s %s" % (event["interaction_type"], event["custom_id"]))

@plugin.on_component("go")
def go(ctx: Context, event: dict):
    ctx.interaction.respond(content="went")

plugin.run()
`;
      const { pluginDir, waitFor } = await import('../helpers.js');
      await t.host.install({ id: 'watcher', version: '1.0.0', dir: pluginDir(code), capabilities: ['interaction:respond'] }, { serverId: SERVER });
      await t.host.interact(interaction({ type: 'component', custom_id: 'watcher:go' }));
      await waitFor(() => t.events.find((e) => e.type === 'log' && e.message === 'saw component go'));
      expect(t.discord.actions[0]!.params).toMatchObject({ type: 4, data: { content: 'went' } });
    } finally {
      await t.close();
    }
  });
});
