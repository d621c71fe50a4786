import { rawChannel, rawMember, rawMessage, rawUser, type StandInGuild } from './fixtures.js';

/** What the stand-in remembers between REST calls. */
export interface RestState {
  botId: string;
  guilds: StandInGuild[];
  /** guild id → registered application commands. */
  commands: Map<string, Array<Record<string, unknown>>>;
  /** message id → message (as sent). */
  messages: Map<string, Record<string, unknown>>;
  /** guild id → banned user ids. */
  bans: Map<string, Set<string>>;
  /** interaction id → whether an initial response was sent. */
  interactions?: Map<string, { token: string; acknowledged: boolean }>;
  /** user id → DM channel id. */
  dms?: Map<string, string>;
  nextId: () => string;
}

export interface RestAnswer {
  status: number;
  body?: unknown;
}

const NOT_FOUND = (code: number, what: string): RestAnswer => ({ status: 404, body: { message: `Unknown ${what}`, code } });

type Route = [method: string, pattern: RegExp, handler: (state: RestState, match: string[], query: URLSearchParams, body: Record<string, unknown>) => RestAnswer];

/** Answers one REST call against the state; unknown routes get Discord's 404. */
export function routeRest(state: RestState, method: string, path: string, query: URLSearchParams, body: unknown): RestAnswer {
  const payload = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  for (const [m, pattern, handler] of ROUTES) {
    if (m !== method) continue;
    const match = pattern.exec(path);
    if (match) return handler(state, match.slice(1), query, payload);
  }
  return { status: 404, body: { message: '404: Not Found', code: 0 } };
}

function findChannel(state: RestState, channelId: string): { guild?: StandInGuild; channel: Record<string, unknown> } | undefined {
  for (const guild of state.guilds) {
    const index = guild.channels.findIndex((c) => c.id === channelId);
    const found = guild.channels[index];
    if (found) return { guild, channel: rawChannel(found, guild.id, index) };
  }
  for (const [userId, dmId] of state.dms ?? []) {
    if (dmId === channelId) return { channel: { id: dmId, type: 1, recipients: [rawUser({ id: userId, username: `user_${userId}` })], last_message_id: null } };
  }
  return undefined;
}

function guildOf(state: RestState, guildId: string): StandInGuild | undefined {
  return state.guilds.find((g) => g.id === guildId);
}

function sendMessage(state: RestState, channelId: string, body: Record<string, unknown>, guildId?: string): Record<string, unknown> {
  const message = rawMessage({
    id: state.nextId(),
    channelId,
    ...(guildId === undefined ? {} : { guildId }),
    author: { id: state.botId, username: 'maidkit-bot', bot: true },
    content: typeof body['content'] === 'string' ? body['content'] : '',
    components: Array.isArray(body['components']) ? body['components'] : [],
    embeds: Array.isArray(body['embeds']) ? body['embeds'] : [],
    flags: typeof body['flags'] === 'number' ? body['flags'] : 0,
  });
  state.messages.set(String(message['id']), message);
  return message;
}

function interactionAck(state: RestState, id: string, token: string): RestAnswer | undefined {
  const known = state.interactions?.get(id);
  if (!known || known.token !== token) return NOT_FOUND(10062, 'interaction');
  if (known.acknowledged) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
  known.acknowledged = true;
  return undefined;
}

function member(state: RestState, guildId: string, userId: string): RestAnswer {
  const guild = guildOf(state, guildId);
  if (!guild) return NOT_FOUND(10004, 'Guild');
  const found = guild.members.find((m) => m.id === userId);
  return found ? { status: 200, body: rawMember(found) } : NOT_FOUND(10007, 'Member');
}

function setRole(state: RestState, [guildId, userId, roleId]: string[], add: boolean): RestAnswer {
  const guild = guildOf(state, guildId ?? '');
  if (!guild) return NOT_FOUND(10004, 'Guild');
  const found = guild.members.find((m) => m.id === userId);
  if (!found) return NOT_FOUND(10007, 'Member');
  if (!guild.roles.some((r) => r.id === roleId)) return NOT_FOUND(10011, 'Role');
  const roles = new Set(found.roles ?? []);
  if (add) roles.add(roleId ?? '');
  else roles.delete(roleId ?? '');
  found.roles = [...roles];
  return { status: 204 };
}

function commandsOf(state: RestState, guildId: string): Array<Record<string, unknown>> {
  let list = state.commands.get(guildId);
  if (!list) state.commands.set(guildId, (list = []));
  return list;
}

function registerCommand(state: RestState, appId: string, guildId: string, body: Record<string, unknown>, id = state.nextId()): Record<string, unknown> {
  // Discord fills in defaults and server fields; the diff must see through them.
  return { type: 1, options: [], default_member_permissions: null, dm_permission: true, nsfw: false, ...body, id, application_id: appId, guild_id: guildId, version: state.nextId() };
}

const ROUTES: Route[] = [
  ['POST', /^\/channels\/(\d+)\/messages$/, (state, [channelId], _q, body) => {
    const found = findChannel(state, channelId ?? '');
    if (!found) return NOT_FOUND(10003, 'Channel');
    return { status: 200, body: sendMessage(state, channelId ?? '', body, found.guild?.id) };
  }],
  ['GET', /^\/channels\/(\d+)\/messages\/(\d+)$/, (state, [, messageId]) => {
    const message = state.messages.get(messageId ?? '');
    return message ? { status: 200, body: message } : NOT_FOUND(10008, 'Message');
  }],
  ['PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, (state, [, messageId], _q, body) => {
    const message = state.messages.get(messageId ?? '');
    if (!message) return NOT_FOUND(10008, 'Message');
    Object.assign(message, body, { edited_timestamp: new Date().toISOString() });
    return { status: 200, body: message };
  }],
  ['DELETE', /^\/channels\/(\d+)\/messages\/(\d+)$/, (state, [channelId, messageId]) => {
    if (!findChannel(state, channelId ?? '')) return NOT_FOUND(10003, 'Channel');
    state.messages.delete(messageId ?? '');
    return { status: 204 };
  }],
  ['PUT', /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/, (state, [channelId]) => (findChannel(state, channelId ?? '') ? { status: 204 } : NOT_FOUND(10003, 'Channel'))],
  ['DELETE', /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/(@me|\d+)$/, (state, [channelId]) => (findChannel(state, channelId ?? '') ? { status: 204 } : NOT_FOUND(10003, 'Channel'))],
  ['GET', /^\/channels\/(\d+)$/, (state, [channelId]) => {
    const found = findChannel(state, channelId ?? '');
    return found ? { status: 200, body: found.channel } : NOT_FOUND(10003, 'Channel');
  }],
  ['PUT', /^\/guilds\/(\d+)\/members\/(\d+)\/roles\/(\d+)$/, (state, match) => setRole(state, match, true)],
  ['DELETE', /^\/guilds\/(\d+)\/members\/(\d+)\/roles\/(\d+)$/, (state, match) => setRole(state, match, false)],
  ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, (state, [guildId, userId]) => member(state, guildId ?? '', userId ?? '')],
  ['PATCH', /^\/guilds\/(\d+)\/members\/(\d+)$/, (state, [guildId, userId], _q, body) => {
    const answer = member(state, guildId ?? '', userId ?? '');
    if (answer.status !== 200) return answer;
    return { status: 200, body: { ...(answer.body as object), communication_disabled_until: body['communication_disabled_until'] ?? null } };
  }],
  ['DELETE', /^\/guilds\/(\d+)\/members\/(\d+)$/, (state, [guildId, userId]) => {
    const answer = member(state, guildId ?? '', userId ?? '');
    return answer.status === 200 ? { status: 204 } : answer;
  }],
  ['PUT', /^\/guilds\/(\d+)\/bans\/(\d+)$/, (state, [guildId, userId]) => {
    if (!guildOf(state, guildId ?? '')) return NOT_FOUND(10004, 'Guild');
    let bans = state.bans.get(guildId ?? '');
    if (!bans) state.bans.set(guildId ?? '', (bans = new Set()));
    bans.add(userId ?? '');
    return { status: 204 };
  }],
  ['POST', /^\/users\/@me\/channels$/, (state, _m, _q, body) => {
    const userId = String(body['recipient_id'] ?? '');
    state.dms ??= new Map();
    let id = state.dms.get(userId);
    if (!id) state.dms.set(userId, (id = state.nextId()));
    return { status: 200, body: { id, type: 1, recipients: [rawUser({ id: userId, username: `user_${userId}` })], last_message_id: null } };
  }],
  ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (state, [id, token], query, body) => {
    const refused = interactionAck(state, id ?? '', token ?? '');
    if (refused) return refused;
    if (query.get('with_response') !== 'true') return { status: 204 };
    const type = body['type'];
    const data = (body['data'] ?? {}) as Record<string, unknown>;
    const message = type === 4 ? sendMessage(state, '0', data) : undefined;
    return { status: 200, body: { interaction: { id, type: 2, response_message_loading: type === 5, response_message_ephemeral: false }, resource: { type, ...(message ? { message } : {}) } } };
  }],
  ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (state, _m, _q, body) => ({ status: 200, body: sendMessage(state, '0', body) })],
  ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, (state, _m, _q, body) => ({ status: 200, body: sendMessage(state, '0', body) })],
  ['GET', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (state, [, guildId]) => ({ status: 200, body: commandsOf(state, guildId ?? '') })],
  ['POST', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (state, [appId, guildId], _q, body) => {
    const list = commandsOf(state, guildId ?? '');
    const existing = list.findIndex((c) => c['name'] === body['name']);
    const command = registerCommand(state, appId ?? '', guildId ?? '', body, existing === -1 ? undefined : String(list[existing]?.['id']));
    if (existing === -1) list.push(command);
    else list[existing] = command;
    return { status: existing === -1 ? 201 : 200, body: command };
  }],
  ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (state, [appId, guildId], _q, body) => {
    const list = (Array.isArray(body) ? body : []).map((c: Record<string, unknown>) => registerCommand(state, appId ?? '', guildId ?? '', c));
    state.commands.set(guildId ?? '', list);
    return { status: 200, body: list };
  }],
  ['PATCH', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands\/(\d+)$/, (state, [appId, guildId, id], _q, body) => {
    const list = commandsOf(state, guildId ?? '');
    const index = list.findIndex((c) => c['id'] === id);
    if (index === -1) return NOT_FOUND(10063, 'application command');
    const command = registerCommand(state, appId ?? '', guildId ?? '', { ...list[index], ...body }, id);
    list[index] = command;
    return { status: 200, body: command };
  }],
  ['DELETE', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands\/(\d+)$/, (state, [, guildId, id]) => {
    const list = commandsOf(state, guildId ?? '');
    const index = list.findIndex((c) => c['id'] === id);
    if (index === -1) return NOT_FOUND(10063, 'application command');
    list.splice(index, 1);
    return { status: 204 };
  }],
];
