// The README example: the seed's hello plugin behind a real discord.js client, against the local
// Discord stand-in (swap the stand-in for `client.login(process.env.DISCORD_TOKEN)` to go live).
// Run: npx turbo run build --filter=@maidkit/discordjs && node packages/discordjs/examples/standin-hello.mjs
import { Client, GatewayIntentBits } from 'discord.js';
import { PluginHost, SubprocessBackend, loadHostedPlugin } from '@maidkit/sandbox-runner';
import { DiscordJsActions, attachPluginHost, syncGuildCommands } from '@maidkit/discordjs';
import { DiscordStandIn, rawMessage } from '@maidkit/discordjs/testing';

const guild = { id: '200000000000000001', name: 'Demo', ownerId: '400000000000000001', channels: [{ id: '300000000000000001', name: 'general' }], roles: [], members: [{ id: '400000000000000001', username: 'ann' }] };
const discord = await new DiscordStandIn({ guilds: [guild] }).start();

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
  rest: { api: discord.apiUrl }, // the gateway URL comes from GET /gateway/bot
});
const host = new PluginHost({ backend: new SubprocessBackend(), discord: new DiscordJsActions(client) });
const ready = new Promise((resolve) => client.once('clientReady', resolve));
await client.login(discord.token);
await ready;

const hello = await loadHostedPlugin(new URL('../../../examples/hello-plugin', import.meta.url).pathname);
if (!hello.ok) throw new Error(hello.diagnostics.map((d) => d.message).join('\n'));
await host.install(hello.plugin, { serverId: guild.id });
attachPluginHost(client, host); // the 16 events and every interaction, from now on

const report = await syncGuildCommands(client.guilds.cache.get(guild.id), [{ pluginId: 'my_plugin', commands: [] }]);
console.log('commands created:', report.created.length, 'deleted:', report.deleted.length); // hello declares none

discord.dispatch('MESSAGE_CREATE', rawMessage({ id: '700000000000000001', channelId: '300000000000000001', guildId: guild.id, author: { id: '400000000000000001', username: 'ann' }, content: '!ping' }));
const post = await discord.waitForCall((call) => call.method === 'POST' && call.path === '/channels/300000000000000001/messages');
console.log(post.method, post.path, post.body.content); // POST /channels/300000000000000001/messages Pong!

await host.close();
await client.destroy();
await discord.close();
hello.dispose();
