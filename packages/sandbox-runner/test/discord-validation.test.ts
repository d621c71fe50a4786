import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupScratch, makeHost, message, pluginDir, waitFor } from './helpers.js';

afterAll(cleanupScratch);

const INTERACTIONS = resolve(__dirname, '../../../examples/interactions-plugin');

describe('what a plugin sends is checked against Discord\'s rules before DiscordActions sees it', () => {
  it('GIVEN the seed 001 interactions sample THEN its button row and its modal pass and are performed', async () => {
    const t = makeHost();
    try {
      const { installId } = await t.host.install({ id: 'my_plugin', version: '1.0.0', dir: INTERACTIONS, capabilities: ['interaction:respond'], slashCommands: ['greet', 'menu', 'feedback'] }, { serverId: '1' });
      const base = { type: 'slash_command' as const, token: 't', user_id: '5', channel_id: '6', guild_id: '1' };
      await t.host.interact({ ...base, id: '900', command_name: 'menu' }, { installId });
      await t.host.interact({ ...base, id: '901', command_name: 'feedback' }, { installId });
      expect(t.discord.actions.map((a) => [a.method, a.params['type']])).toEqual([['interaction.callback', 4], ['interaction.callback', 9]]);
      // custom_ids go out prefixed with the plugin id (src/interactions/scopeComponents.ts).
      expect(t.discord.actions[0]!.params).toMatchObject({ interaction_id: '900', data: { content: 'Pick one:', components: [{ type: 1, components: [{ type: 2, label: 'Yes', custom_id: 'my_plugin:yes', style: 3 }, { type: 2, label: 'No', custom_id: 'my_plugin:no', style: 4 }] }] } });
      expect(t.events.filter((e) => e.type === 'error' || e.type === 'warning')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN components Discord would refuse THEN the call fails with -32602 listing every problem and nothing is sent', async () => {
    const t = makeHost();
    try {
      const code = `import raw_guest as g
def on_event(install, params):
    long_label = {"type": 2, "style": 1, "label": "x" * 200, "custom_id": "a"}
    no_id = {"type": 2, "style": 1, "label": "ok"}
    r = g.call("discord.send_message", {"install_id": install["install_id"], "channel_id": "1", "content": "hi", "components": [{"type": 1, "components": [long_label, no_id]}]})
    g.log("answer %s %s" % (r["error"]["code"], " | ".join(e["path"] for e in r["error"]["data"]["errors"])))
g.run(on_event)
`;
      const { installId } = await t.host.install({ id: 'bad_ui', version: '1.0.0', dir: pluginDir(code), capabilities: ['discord:send_message'] }, { serverId: '1' });
      t.host.dispatch('message_create', message('go'));
      const log = await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('answer')));
      const [, codeText, ...rest] = (log as { message: string }).message.split(' ');
      expect(codeText).toBe('-32602');
      // Both problems at once: a label over 80 characters, and a button with neither custom_id nor url.
      const paths = rest.join(' ').split(' | ');
      expect(paths).toEqual(expect.arrayContaining(['/components/0/components/0/label']));
      expect(paths.some((p) => p.startsWith('/components/0/components/1'))).toBe(true);
      expect(t.discord.actions).toEqual([]);
      expect(t.events).toContainEqual(expect.objectContaining({ installId, type: 'error', code: 'invalid_params', during: 'discord.send_message' }));
    } finally {
      await t.close();
    }
  });
});
