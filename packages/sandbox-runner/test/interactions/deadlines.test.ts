import { afterAll, describe, expect, it } from 'vitest';
import type { IncomingInteraction } from '../../src/index.js';
import { cleanupScratch, makeHost, pluginDir, waitFor } from '../helpers.js';

afterAll(cleanupScratch);

const SERVER = '100000000000000000';
let nextId = 1_500_000_000_000_000_000n;
const slash = (command_name: string, extra: Partial<IncomingInteraction> = {}): IncomingInteraction => ({ id: String(nextId++), token: `tok-${nextId}`, type: 'slash_command', guild_id: SERVER, user_id: '11', command_name, ...extra });

const SLOW = `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_slash_command("slow")
def slow(ctx: Context, event: dict):
    time.sleep(4)
    ctx.interaction.respond(content="done at last")

@plugin.on_slash_command("slow_private")
def slow_private(ctx: Context, event: dict):
    time.sleep(4)
    ctx.interaction.respond(content="secret", ephemeral=True)

@plugin.on_slash_command("twice")
def twice(ctx: Context, event: dict):
    ctx.interaction.respond(content="one")
    try:
        ctx.interaction.respond(content="two")
    except Exception as e:
        ctx.log("second: %s %s" % (type(e).__name__, e))
    ctx.interaction.followup(content="three")

@plugin.on_slash_command("quiet")
def quiet(ctx: Context, event: dict):
    pass

@plugin.on_slash_command("bad_ui")
def bad_ui(ctx: Context, event: dict):
    try:
        ctx.interaction.respond(content="hi", components=[{"type": 1, "components": [{"type": 2, "style": 1, "label": "y" * 81, "custom_id": "b"}, {"type": 2, "style": 1, "label": "no id"}]}])
    except Exception as e:
        ctx.log("refused: %s" % (e,))
    ctx.interaction.respond(content="fixed")

@plugin.on_modal_submit("form")
def form(ctx: Context, event: dict):
    try:
        ctx.interaction.send_modal(title="Again", custom_id="again", fields=[])
    except Exception as e:
        ctx.log("modal refused: %s" % (e,))
    ctx.interaction.respond(content="ok", ephemeral=True)

plugin.run()
`;

const plugin = () => ({ id: 'slowpoke', version: '1.0.0', dir: pluginDir(SLOW), capabilities: ['interaction:respond'] });

describe('Discord\'s 3-second rule and the 15-minute token', () => {
  it('GIVEN a slash handler sleeping 4 s THEN the host defers (type 5) before 3 s and the late respond edits the original', async () => {
    const t = makeHost();
    try {
      await t.host.install(plugin(), { serverId: SERVER });
      const started = Date.now();
      const sentAt: number[] = [];
      t.discord.onAction(() => sentAt.push(Date.now() - started));
      const i = slash('slow');
      const outcome = await t.host.interact(i);
      expect(t.discord.actions.map((a) => a.method)).toEqual(['interaction.callback', 'interaction.edit_original']);
      expect(t.discord.actions[0]!.params).toEqual({ interaction_id: i.id, token: i.token, type: 5 });
      expect(sentAt[0]).toBeLessThanOrEqual(3_000);
      expect(sentAt[1]).toBeGreaterThanOrEqual(3_900);
      expect(t.discord.actions[1]!.params).toEqual({ interaction_id: i.id, token: i.token, data: { content: 'done at last' } });
      expect(outcome).toMatchObject({ routed: true, initial: { type: 5, by: 'auto' } });
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'interaction_auto_deferred' }));
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'interaction_late', data: expect.objectContaining({ sent_as: 'edit_original' }) }));

      // An ephemeral late answer cannot edit a public "thinking…": it becomes an ephemeral follow-up.
      await t.host.interact(slash('slow_private'));
      expect(t.discord.actions.slice(2).map((a) => [a.method, a.params['type'] ?? a.params['data']])).toEqual([
        ['interaction.callback', 5],
        ['interaction.followup', { content: 'secret', flags: 64 }],
      ]);
    } finally {
      await t.close();
    }
  }, 20_000);

  it('GIVEN auto-defer turned off THEN a respond after 3 s is refused with -32002 and reported', async () => {
    const t = makeHost({ interactions: { autoDeferMs: false } });
    try {
      await t.host.install(plugin(), { serverId: SERVER });
      const outcome = await t.host.interact(slash('slow'));
      expect(t.discord.actions).toEqual([]);
      expect(outcome).toMatchObject({ routed: true, initial: null, error: { code: 'handler_error' } });
      expect(outcome.routed && outcome.error?.message).toMatch(/3000 ms/);
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'interaction_late' }));
    } finally {
      await t.close();
    }
  }, 20_000);

  it('GIVEN a handler answering twice THEN the second is refused with a clear error and a warning, follow-ups still work', async () => {
    const t = makeHost();
    try {
      await t.host.install(plugin(), { serverId: SERVER });
      await t.host.interact(slash('twice'));
      expect(t.discord.actions.map((a) => a.method)).toEqual(['interaction.callback', 'interaction.followup']);
      const log = await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('second:')));
      expect((log as { message: string }).message).toMatch(/InvalidParams.*already answered/);
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'interaction_answered_twice' }));
    } finally {
      await t.close();
    }
  });

  it('GIVEN a handler that answers nothing THEN it is reported and no deferral is sent after it returned', async () => {
    // A short auto-defer delay keeps the test quick; the rule is the same at 2.5 s.
    const t = makeHost({ interactions: { autoDeferMs: 1_000 } });
    try {
      await t.host.install(plugin(), { serverId: SERVER });
      await t.host.interact(slash('quiet'));
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'interaction_unanswered' }));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(t.discord.actions).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('GIVEN an invalid message THEN -32602 lists every problem and nothing is sent; GIVEN a modal answering a modal THEN it is refused', async () => {
    const t = makeHost();
    try {
      await t.host.install(plugin(), { serverId: SERVER });
      await t.host.interact(slash('bad_ui'));
      const refused = (await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('refused:')))) as { message: string };
      // Both problems at once: a label over 80 characters and a button with neither custom_id nor url.
      expect(refused.message).toMatch(/components\/0\/components\/0\/label/);
      expect(refused.message).toMatch(/components\/0\/components\/1/);
      expect(t.discord.actions.map((a) => a.params['data'])).toEqual([{ content: 'fixed' }]);

      await t.host.interact({ id: String(nextId++), token: 'tm', type: 'modal_submit', guild_id: SERVER, user_id: '11', custom_id: 'slowpoke:form', modal_values: {} });
      const modal = (await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('modal refused:')))) as { message: string };
      expect(modal.message).toMatch(/modal/i);
      expect(t.discord.actions[1]!.params).toMatchObject({ type: 4, data: { content: 'ok', flags: 64 } });
    } finally {
      await t.close();
    }
  });

  it('GIVEN the token has expired THEN follow-ups are refused (a short TTL stands in for 15 minutes)', async () => {
    const t = makeHost({ interactions: { tokenTtlMs: 1_500 } });
    try {
      const code = `import time
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_slash_command("later")
def later(ctx: Context, event: dict):
    ctx.interaction.defer()
    time.sleep(2)
    try:
        ctx.interaction.followup(content="too late")
    except Exception as e:
        ctx.log("followup: %s" % (e,))

plugin.run()
`;
      await t.host.install({ id: 'later', version: '1.0.0', dir: pluginDir(code), capabilities: ['interaction:respond'] }, { serverId: SERVER });
      await t.host.interact(slash('later'));
      const log = (await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('followup:')))) as { message: string };
      expect(log.message).toMatch(/not one this install is handling|expired/);
      expect(t.discord.actions.map((a) => a.method)).toEqual(['interaction.callback']);
    } finally {
      await t.close();
    }
  });

  it('GIVEN malformed interactions from the bot THEN interact throws invalid_event listing every problem', async () => {
    const t = makeHost();
    try {
      await expect(t.host.interact({ id: 'x', token: '', type: 'nope', guild_id: 1 } as unknown as IncomingInteraction)).rejects.toMatchObject({
        code: 'invalid_event',
        data: { issues: expect.arrayContaining(['/id must be a snowflake string', '/guild_id must be a snowflake string', '/user_id must be a snowflake string', expect.stringMatching(/^\/token/), expect.stringMatching(/^\/type/)]) },
      });
      await expect(t.host.interact(null as unknown as IncomingInteraction)).rejects.toMatchObject({ code: 'invalid_event' });
    } finally {
      await t.close();
    }
  });
});
