import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../src/index.js';
import { chromiumAvailable, launchBrowser, REPO, RESULTS } from './browser.js';
import { buildBundles } from './bundles.js';
import { close, hex, readPng } from './pixels.js';

const HAVE_CHROMIUM = chromiumAvailable();

async function open(browser: BrowserContext, pg: Playground, theme: 'dark' | 'light' = 'dark'): Promise<Page> {
  const page = await browser.newPage();
  if (process.env.DEBUG_BROWSER) page.on('console', (m) => console.log(`[${m.type()}] ${m.text()}`));
  await page.goto(`${pg.url}?theme=${theme}`);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}

/** The plugin's last message whose content is exactly `text`. */
const pluginMessage = (page: Page, text: string) => page.locator('.msg.from-plugin', { has: page.locator('.content', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).last();

describe.skipIf(!HAVE_CHROMIUM)('the playground page in Chromium', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('GIVEN the hello plugin WHEN you type !ping THEN Pong! appears from the plugin, with its log line and the RPC traffic in the side panel', async () => {
    const pg = await startPlayground({ plugin: join(REPO, 'examples/hello-plugin'), bundleDir: await buildBundles(), watch: false });
    try {
      const page = await open(browser, pg);
      await expect.poll(() => page.locator('#plugin-status').textContent()).toBe('running');
      await page.fill('#composer-input', '!ping');
      await page.press('#composer-input', 'Enter');
      await page.locator('.msg.from-user .content', { hasText: '!ping' }).waitFor();
      const pong = pluginMessage(page, 'Pong!');
      await pong.waitFor();
      expect(await pong.locator('.author').textContent()).toBe('My Plugin');
      expect(await pong.locator('.ephemeral-note').count()).toBe(0);
      // The log panel has on_ready's line; the RPC panel the event down and the call up, with its result.
      await page.locator('#panel-logs .entry', { hasText: 'Plugin booted on server 100000000000000000' }).waitFor();
      await page.click('#panel-tab-rpc');
      await page.locator('#panel-rpc .entry.to-guest', { hasText: 'event message_create' }).waitFor();
      const call = page.locator('#panel-rpc .entry.to-host[data-method="discord.send_message"]').last();
      await call.click();
      const detail = JSON.parse((await call.locator('pre').textContent()) ?? '{}');
      expect(detail.params).toMatchObject({ channel_id: '100000000000000001', content: 'Pong!' });
      expect(detail.outcome).toMatchObject({ ok: true, result: { message_id: expect.stringMatching(/^\d+$/) } });
      // A message that is not !ping gets nothing back.
      await page.fill('#composer-input', 'hello there');
      await page.press('#composer-input', 'Enter');
      await page.locator('.msg.from-user .content', { hasText: 'hello there' }).waitFor();
      expect(await page.locator('.msg.from-plugin').count()).toBe(1);
      await page.close();
    } finally {
      await pg.close();
    }
  });

  it('GIVEN the seed 001 interactions plugin WHEN greet, menu and feedback are driven by clicks THEN the replies, the ephemeral ✅ and the modal work as in Discord, in dark and light theme', async () => {
    const pg = await startPlayground({ plugin: join(REPO, 'examples/interactions-plugin'), bundleDir: await buildBundles(), watch: false });
    try {
      const page = await open(browser, pg, 'dark');

      // /greet from the picker: typing "/" lists the manifest's commands; the form takes the options.
      await page.fill('#composer-input', '/');
      await page.locator('#command-picker .cmd-item').first().waitFor();
      expect(await page.locator('#command-picker .cmd-item .cmd-name').allTextContents()).toEqual(['/greet', '/menu', '/feedback']);
      await page.click('#command-picker .cmd-item[data-command=greet]');
      // A required user option left empty is refused with the option named, nothing is sent.
      await page.fill('#command-form input[name=user]', '');
      await page.click('#command-form .run-command');
      await expect.poll(() => page.locator('.opt[data-option=user] .opt-error').textContent()).toContain('required');
      await page.fill('#command-form input[name=user]', '<@123456789012345678>');
      await page.fill('#command-form input[name=message]', 'Welcome aboard!');
      await page.click('#command-form .run-command');
      const greeting = page.locator('.msg.from-plugin', { hasText: 'Welcome aboard!' });
      await greeting.waitFor();
      expect(await greeting.locator('.used').textContent()).toContain('/greet user: 123456789012345678 message: Welcome aboard!');
      expect(await greeting.locator('.mention').getAttribute('title')).toBe('123456789012345678');
      // Without the optional message the seed's default greeting is used, for the user picked by default (you).
      await page.click('#command-list button[data-command=greet]');
      await page.click('#command-form .run-command');
      const defaulted = page.locator('.msg.from-plugin', { hasText: 'Hey there!' });
      await defaulted.waitFor();
      expect(await defaulted.locator('.mention').textContent()).toBe('@you');

      // /menu → "Pick one:" with real Yes/No buttons in the seed's styles; Yes → ephemeral ✅.
      await page.click('#command-list button[data-command=menu]');
      await page.click('#command-form .run-command');
      const menu = pluginMessage(page, 'Pick one:');
      await menu.waitFor();
      const yes = menu.locator('button.dc-button.success', { hasText: 'Yes' });
      const no = menu.locator('button.dc-button.danger', { hasText: 'No' });
      expect(await yes.getAttribute('data-custom-id')).toBe('my_plugin:yes');
      expect(await no.count()).toBe(1);
      await yes.click();
      const check = page.locator('.msg.ephemeral', { has: page.locator('.content', { hasText: '✅' }) });
      await check.waitFor();
      expect(await check.locator('.only-you').textContent()).toBe('Only you can see this');
      await no.click();
      await page.locator('.msg.ephemeral .content', { hasText: '❌' }).waitFor();

      // /feedback → the modal drawn from the plugin's JSON; Subject is required; fill, submit → thanks, and KV holds it.
      await page.click('#command-list button[data-command=feedback]');
      await page.click('#command-form .run-command');
      const modal = page.locator('#modal-root .dc-modal');
      await modal.waitFor();
      expect(await modal.locator('h2').textContent()).toBe('Send Feedback');
      expect(await modal.locator('label').allTextContents()).toEqual([expect.stringMatching(/^Subject \*0\/100$/), expect.stringMatching(/^Details0\/2000$/)]);
      expect(await modal.locator('#field-subject').getAttribute('placeholder')).toBe('Quick summary');
      expect(await modal.locator('#field-subject').getAttribute('maxlength')).toBe('100');
      expect(await modal.locator('textarea#field-details').count()).toBe(1);
      await modal.locator('#field-subject').fill('Playground');
      await modal.locator('#field-details').fill('Buttons, menus and modals all work.');
      await page.screenshot({ path: join(RESULTS, 'modal-dark.png') });
      await modal.locator('.modal-submit').click();
      await modal.waitFor({ state: 'detached' });
      const thanks = page.locator('.msg.ephemeral', { has: page.locator('.content', { hasText: 'Thanks for the feedback!' }) });
      await thanks.waitFor();
      await page.click('#panel-tab-kv');
      const row = page.locator('#panel-kv tr', { hasText: 'feedback:' });
      await row.waitFor();
      expect(JSON.parse((await row.locator('pre').textContent()) ?? '{}')).toEqual({ subject: 'Playground', details: 'Buttons, menus and modals all work.' });
      expect(await page.locator('#count-kv').textContent()).toBe('1');

      // Screenshots in both themes, checked by their pixels: the channel background, and the seed's
      // success/danger button colours (Discord's #248046 and #da373c) where the buttons are drawn.
      await page.locator('.messages').evaluate((m) => (m.scrollTop = 0));
      await menu.scrollIntoViewIfNeeded();
      const shots: Record<string, Buffer> = {};
      for (const theme of ['dark', 'light'] as const) {
        if ((await page.getAttribute('html', 'data-theme')) !== theme) await page.click('#theme-toggle');
        expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
        shots[theme] = await page.screenshot({ path: join(RESULTS, `channel-${theme}.png`) });
        const png = readPng(shots[theme]);
        const box = (await page.locator('#messages').boundingBox())!;
        expect(close(png.at(box.x + box.width - 8, box.y + 8), hex(theme === 'dark' ? '#313338' : '#ffffff'))).toBe(true);
        const yesBox = (await yes.boundingBox())!;
        const noBox = (await no.boundingBox())!;
        expect(close(png.at(yesBox.x + 4, yesBox.y + yesBox.height / 2), hex('#248046'))).toBe(true);
        expect(close(png.at(noBox.x + 4, noBox.y + noBox.height / 2), hex('#da373c'))).toBe(true);
        const side = (await page.locator('.side').boundingBox())!;
        expect(close(png.at(side.x + side.width - 4, side.y + side.height - 4), hex(theme === 'dark' ? '#2b2d31' : '#f2f3f5'))).toBe(true);
      }
      expect(shots['dark']!.equals(shots['light']!)).toBe(false);
      await page.close();
    } finally {
      await pg.close();
    }
  });

  it('GIVEN a select menu THEN picking values sends them to the plugin; a handler that never answers is auto-deferred and reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maidkit-pg-select-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'select_plugin', name: 'Select Plugin', version: '1.0.0', capabilities_required: [], slash_commands: [{ name: 'roles', description: 'Pick roles' }, { name: 'silent', description: 'Never answers' }] }));
    writeFileSync(
      join(dir, '__main__.py'),
      `from mmo_maid_sdk import Plugin, Context, SelectMenu, SelectOption, ActionRow
plugin = Plugin()
menu = SelectMenu(custom_id="pick_role", options=[SelectOption(label="Gamer", value="role_gamer", description="Get pinged for game nights"), SelectOption(label="Music", value="role_music"), SelectOption(label="Art", value="role_art", emoji="🎨")], placeholder="Pick your interests…", min_values=1, max_values=2)

@plugin.on_slash_command("roles")
def roles(ctx: Context, event: dict):
    ctx.interaction.respond(content="Pick your interests:", components=[ActionRow(menu)])

@plugin.on_component("pick_role")
def picked(ctx: Context, event: dict):
    ctx.interaction.respond(content="You picked " + ", ".join(event["values"]), ephemeral=True)

@plugin.on_slash_command("silent")
def silent(ctx: Context, event: dict):
    ctx.log("not answering")

plugin.run()
`,
    );
    const pg = await startPlayground({ plugin: dir, bundleDir: await buildBundles(), watch: false });
    try {
      const page = await open(browser, pg, 'light');
      await page.click('#command-list button[data-command=roles]');
      await page.click('#command-form .run-command');
      const message = pluginMessage(page, 'Pick your interests:');
      await message.waitFor();
      const select = message.locator('.dc-select[data-custom-id="select_plugin:pick_role"]');
      expect(await select.locator('.placeholder').textContent()).toBe('Pick your interests…');
      await select.locator('.dc-select-box').click();
      expect(await select.locator('.dc-option .label').allTextContents()).toEqual(['Gamer', 'Music', 'Art']);
      await select.locator('.dc-option[data-value=role_gamer]').click();
      await select.locator('.dc-option[data-value=role_art]').click();
      await page.screenshot({ path: join(RESULTS, 'select-light.png') });
      await select.locator('.select-done').click();
      await page.locator('.msg.ephemeral .content', { hasText: 'You picked role_gamer, role_art' }).waitFor();

      // The page cannot click a custom_id the plugin never sent, nor pick a value the menu does not offer.
      const refused = await page.evaluate(async (messageId) => {
        const post = (body: unknown) => fetch('/api/component', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
        return [await post({ messageId, custom_id: 'select_plugin:nope' }), await post({ messageId, custom_id: 'select_plugin:pick_role', values: ['role_admin', 'role_art', 'role_music'] })];
      }, await message.getAttribute('data-id'));
      expect(refused[0]).toMatchObject({ status: 404, body: { ok: false, error: { problems: [{ path: '/custom_id', code: 'unknown_component' }] } } });
      expect(refused[1]?.status).toBe(400);
      expect(refused[1]?.body.error.problems.map((p: { code: string }) => p.code).sort()).toEqual(['count', 'unknown_value']);

      // Discord's 3 s: the host defers a handler that does not answer ("thinking…"), then reports it unanswered.
      await page.click('#command-list button[data-command=silent]');
      await page.click('#command-form .run-command');
      await page.locator('.system', { hasText: 'returned without answering' }).waitFor({ timeout: 10_000 });
      await page.close();
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!HAVE_CHROMIUM)('messages that change after they are sent', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('GIVEN embeds, a reaction, an edit, a delete and a deferred click THEN the channel shows each change in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maidkit-pg-changes-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'changes_plugin', name: 'Changes', version: '1.0.0', capabilities_required: ['discord:send_message', 'discord:add_reactions', 'discord:manage_messages', 'interaction:respond'] }));
    writeFileSync(
      join(dir, '__main__.py'),
      `import time
from mmo_maid_sdk import Plugin, Context, Button, ActionRow
plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    ch = event["channel_id"]
    if event["content"] == "!embed":
        sent = ctx.discord.send_message(channel_id=ch, content="Report", embeds=[{"title": "Weekly <b>report</b>", "description": "**12** new members", "color": 0x5865F2, "fields": [{"name": "Joins", "value": "12", "inline": True}], "footer": {"text": "maidkit"}}], components=[ActionRow(Button("Slow", custom_id="slow", style="secondary"))])
        ctx.discord.add_reaction(channel_id=ch, message_id=sent["message_id"], emoji="👍")
        ctx.discord.edit_message(channel_id=ch, message_id=sent["message_id"], content="Report (edited)")
    if event["content"] == "!gone":
        sent = ctx.discord.send_message(channel_id=ch, content="Soon gone")
        ctx.discord.delete_message(channel_id=ch, message_id=sent["message_id"])

@plugin.on_component("slow")
def slow(ctx: Context, event: dict):
    ctx.interaction.defer()
    time.sleep(0.8)
    ctx.interaction.followup(content="Done after thinking")

plugin.run()
`,
    );
    const pg = await startPlayground({ plugin: dir, bundleDir: await buildBundles(), watch: false });
    try {
      const page = await open(browser, pg, 'dark');
      await page.fill('#composer-input', '!embed');
      await page.press('#composer-input', 'Enter');
      const report = pluginMessage(page, 'Report (edited)');
      await report.waitFor();
      // Plugin text is text: the <b> in the title is shown, not parsed.
      expect(await report.locator('.embed-title').textContent()).toBe('Weekly <b>report</b>');
      expect(await report.locator('.embed b').count()).toBe(0);
      expect(await report.locator('.embed-description strong').textContent()).toBe('12');
      expect(await report.locator('.embed-field-name').textContent()).toBe('Joins');
      expect(await report.locator('.embed-footer').textContent()).toBe('maidkit');
      expect(await report.locator('.embed').evaluate((e) => getComputedStyle(e).borderLeftColor)).toBe('rgb(88, 101, 242)');
      expect(await report.locator('.reaction').textContent()).toBe('👍 1');

      // A deferred click: "thinking…" first, then the follow-up takes its place.
      await report.locator('.dc-button[data-custom-id="changes_plugin:slow"]').click();
      const thinking = page.locator('.msg .thinking');
      await thinking.waitFor();
      expect(await thinking.textContent()).toBe('Changes is thinking');
      await pluginMessage(page, 'Done after thinking').waitFor();
      expect(await page.locator('.msg .thinking').count()).toBe(0);

      await page.fill('#composer-input', '!gone');
      await page.press('#composer-input', 'Enter');
      await page.locator('.msg.from-user .content', { hasText: '!gone' }).waitFor();
      await page.locator('#panel-logs .entry', { hasText: 'discord.delete_message' }).waitFor();
      await expect.poll(() => page.locator('.msg .content', { hasText: 'Soon gone' }).count()).toBe(0);
      await page.close();
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
