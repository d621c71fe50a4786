import { PassThrough } from 'node:stream';
import { createPeer, initializeGuest, acceptInitialize, Methods, RpcError, ErrorCodes } from '@maidkit/rpc-protocol';

const hostToGuest = new PassThrough();
const guestToHost = new PassThrough();
const host = createPeer(guestToHost, hostToGuest);
const guest = createPeer(hostToGuest, guestToHost);

// The guest: answer the handshake, handle events, call the host.
const ready = acceptInitialize(guest, {
  sdk: { name: 'example-guest', version: '0.1.0', language: 'typescript' },
  handlers: { events: ['message_create'] },
});
guest.onNotification(Methods.event, async ({ ctx, name, payload }) => {
  if (name !== 'message_create' || !payload.content.includes('!ping')) return;
  const { message_id } = await guest.request(Methods.discordSendMessage, {
    install_id: ctx.install_id, channel_id: payload.channel_id, content: 'Pong!',
  });
  console.log('guest: sent', message_id);
});

// The host: carry out what the guest asks, within its capabilities.
const granted = new Set(['discord:send_message']);
host.onRequest(Methods.discordSendMessage, ({ channel_id, content }) => {
  if (!granted.has('discord:send_message')) {
    throw new RpcError(ErrorCodes.CapabilityDenied, 'not granted', { capability: 'discord:send_message' });
  }
  console.log(`host: #${channel_id} <- ${content}`);
  return { message_id: '900000000000000001' };
});

const ctx = { install_id: 'inst_1', server_id: '123456789012345678' };
const hello = await initializeGuest(host, {
  protocol_versions: ['1.0'],
  host: { name: 'maidkit', version: '0.1.0' },
  plugin: { id: 'hello', version: '1.0.0' },
  mode: 'single',
  install: ctx,
  capabilities: [...granted],
  limits: { max_message_bytes: 1 << 20, request_timeout_ms: 10_000, max_concurrency: 8, flow_window: 1024 },
});
await ready;
console.log('host: guest speaks', hello.protocol_version, 'and handles', hello.handlers.events);

host.notify(Methods.event, {
  ctx, name: 'message_create',
  payload: { message_id: '1', channel_id: '42', author_id: '7', author_bot: false, content: '!ping', timestamp: new Date().toISOString() },
});
await new Promise((r) => setTimeout(r, 50));
host.close();
