import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildCreatePayload } from '@maidkit/discordjs/testing';
import { ADMIN_ID, GUILD_ID, MEMBER_ID, admin, registeredNames, startBot, writes, type Running } from './helpers.js';

describe('the example bot: plugin slash commands synced per server, and answered through interaction callbacks', () => {
  let r: Running;
  beforeAll(async () => {
    r = await startBot();
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'interactions-plugin' }])).toContain('Commands: /greet /menu /feedback');
  });
  afterAll(async () => r.close());

  it('GIVEN the interactions plugin installed THEN its three commands are registered beside /plugins', () => {
    expect(registeredNames(r)).toEqual(['feedback', 'greet', 'menu', 'plugins']);
    expect(r.bot.lastSync.get(GUILD_ID)).toMatchObject({ created: ['greet', 'menu', 'feedback'], collisions: [] });
  });

  it('GIVEN a sync with nothing changed THEN no command write reaches Discord', async () => {
    const since = r.standIn.calls.length;
    const report = await r.bot.sync(GUILD_ID);
    expect(report.unchanged.sort()).toEqual(['feedback', 'greet', 'menu', 'plugins']);
    expect(writes(r.standIn.calls.slice(since))).toEqual([]);
  });

  it('GIVEN /greet user:@member THEN the seed handler answers with a type-4 callback mentioning the user', async () => {
    const since = r.standIn.calls.length;
    const id = r.standIn.interaction({ kind: 'slash_command', name: 'greet', guildId: GUILD_ID, userId: ADMIN_ID, options: [{ name: 'user', type: 6, value: MEMBER_ID }] });
    const callback = await r.standIn.waitForCall((c) => c.path === `/interactions/${id}/token_${id}/callback`, { since, timeoutMs: 15_000 });
    expect(callback.body).toMatchObject({ type: 4, data: { content: `<@${MEMBER_ID}> Hey there!` } });
    expect(callback.status).toBe(204);
  });

  it('GIVEN /menu and a click on its button THEN the reply carries the buttons and the click is answered ephemerally', async () => {
    let since = r.standIn.calls.length;
    const id = r.standIn.interaction({ kind: 'slash_command', name: 'menu', guildId: GUILD_ID, userId: ADMIN_ID });
    const reply = await r.standIn.waitForCall((c) => c.path === `/interactions/${id}/token_${id}/callback`, { since, timeoutMs: 15_000 });
    const row = (reply.body as { data: { components: Array<{ components: Array<{ custom_id: string; label: string }> }> } }).data.components[0]!;
    expect(row.components.map((b) => b.label)).toEqual(['Yes', 'No']);
    const yes = row.components[0]!.custom_id; // as minted by the host (scoped to the plugin)
    since = r.standIn.calls.length;
    const click = r.standIn.interaction({ kind: 'component', customId: yes, guildId: GUILD_ID, userId: MEMBER_ID });
    const answer = await r.standIn.waitForCall((c) => c.path === `/interactions/${click}/token_${click}/callback`, { since, timeoutMs: 15_000 });
    expect(answer.body).toMatchObject({ type: 4, data: { content: '✅', flags: 64 } });
  });

  it('GIVEN /feedback and its modal submitted THEN a modal (type 9) opens and the submit is thanked', async () => {
    let since = r.standIn.calls.length;
    const id = r.standIn.interaction({ kind: 'slash_command', name: 'feedback', guildId: GUILD_ID, userId: ADMIN_ID });
    const modal = await r.standIn.waitForCall((c) => c.path === `/interactions/${id}/token_${id}/callback`, { since, timeoutMs: 15_000 });
    const data = (modal.body as { type: number; data: { custom_id: string; title: string } }).data;
    expect((modal.body as { type: number }).type).toBe(9);
    expect(data.title).toBe('Send Feedback');
    since = r.standIn.calls.length;
    const submit = r.standIn.interaction({ kind: 'modal_submit', customId: data.custom_id, guildId: GUILD_ID, userId: ADMIN_ID, values: { subject: 'Great bot', details: 'More plugins please' } });
    const thanks = await r.standIn.waitForCall((c) => c.path === `/interactions/${submit}/token_${submit}/callback`, { since, timeoutMs: 15_000 });
    expect(thanks.body).toMatchObject({ type: 4, data: { content: 'Thanks for the feedback!', flags: 64 } });
  });

  it('GIVEN a command no enabled plugin handles THEN the user gets an ephemeral explanation, not a failed interaction', async () => {
    expect(await admin(r, 'disable', [{ name: 'plugin', type: 3, value: 'my_plugin' }])).toContain('disabled');
    expect(registeredNames(r)).toEqual(['plugins']);
    const since = r.standIn.calls.length;
    const id = r.standIn.interaction({ kind: 'slash_command', name: 'greet', guildId: GUILD_ID, userId: ADMIN_ID, options: [{ name: 'user', type: 6, value: MEMBER_ID }] });
    const callback = await r.standIn.waitForCall((c) => c.path === `/interactions/${id}/token_${id}/callback`, { since });
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('GIVEN the bot joins a new server THEN that server gets /plugins, and nothing of the plugins installed elsewhere', async () => {
    const joined = { id: '220000000000000001', name: 'New Server', ownerId: ADMIN_ID, channels: [{ id: '320000000000000001', name: 'general' }], roles: [], members: [{ id: ADMIN_ID, username: 'admin' }] };
    r.standIn.guilds.push(joined);
    const since = r.standIn.calls.length;
    r.standIn.dispatch('GUILD_CREATE', guildCreatePayload(joined));
    const created = await r.standIn.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/guilds/${joined.id}/commands`), { since });
    expect(created.body).toMatchObject({ name: 'plugins' });
    for (let i = 0; i < 100 && !r.bot.lastSync.has(joined.id); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.bot.lastSync.get(joined.id)).toMatchObject({ created: ['plugins'], collisions: [] });
  });
});
