import { EVENT_NAMES, isEventName, validateParams } from '@maidkit/rpc-protocol';

/**
 * The `maidkit run` events file: JSON lines, one step per line, in the order they run. Blank lines
 * and lines starting with `#` are skipped. Each step names exactly one kind:
 *
 *   {"event": "message_create", "payload": {...}, "server_id"?: "..."}   a Discord event (§6 of PROTOCOL.md)
 *   {"lifecycle": "disable" | "enable" | "uninstall" | "install"}       a lifecycle transition
 *   {"wait_ms": 250}                                                    let time pass (schedules, slow handlers)
 *
 *   {"slash_command": {"name": "greet", "options": {"user": "42"} | [{name, type, value}], "user_id"?, "channel_id"?}}
 *   {"component": {"custom_id": "yes", "values"?: ["a"], "user_id"?, "channel_id"?}}  the plugin's own custom_id
 *   {"modal_submit": {"custom_id": "feedback_form", "values": {"subject": "…"}, "user_id"?}}
 *   {"dashboard": {"method": "get_settings", "params"?: {...}, "widget"?: "form"}}
 */
export type ScenarioStep =
  | { kind: 'event'; line: number; name: string; payload: Record<string, unknown>; serverId?: string }
  | { kind: 'lifecycle'; line: number; hook: 'install' | 'enable' | 'disable' | 'uninstall' }
  | { kind: 'wait'; line: number; ms: number }
  | { kind: 'interaction'; line: number; type: 'slash_command' | 'component' | 'modal_submit'; name: string; options?: Array<{ name: string; type: number; value: unknown }>; values?: string[]; modalValues?: Record<string, string>; userId?: string; channelId?: string }
  | { kind: 'dashboard'; line: number; method: string; params: Record<string, unknown>; widget?: string };

export interface ScenarioProblem {
  line: number;
  /** JSON Pointer inside the line's object. */
  path: string;
  code: 'invalid_json' | 'not_an_object' | 'unknown_step' | 'ambiguous_step' | 'unsupported_step' | 'invalid_event' | 'invalid_field';
  message: string;
}

const KINDS = ['event', 'lifecycle', 'wait_ms', 'slash_command', 'component', 'modal_submit', 'dashboard'] as const;
/** Step kinds a later version may add; named here so a file written for them fails loudly, not silently. */
const LATER: readonly string[] = [];
const HOOKS = ['install', 'enable', 'disable', 'uninstall'] as const;
const MAX_WAIT_MS = 60_000;

/** Parses a whole events file, returning every step and every problem (all lines are checked). */
export function parseScenario(text: string): { steps: ScenarioStep[]; problems: ScenarioProblem[] } {
  const steps: ScenarioStep[] = [];
  const problems: ScenarioProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const step = parseStep(raw, i + 1, problems);
    if (step) steps.push(step);
  }
  return { steps, problems };
}

function parseStep(raw: string, line: number, problems: ScenarioProblem[]): ScenarioStep | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    problems.push({ line, path: '', code: 'invalid_json', message: `not JSON: ${(error as Error).message}` });
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ line, path: '', code: 'not_an_object', message: 'each line must be one JSON object, e.g. {"event": "message_create", "payload": {...}}' });
    return undefined;
  }
  const obj = value as Record<string, unknown>;
  const later = LATER.filter((k) => k in obj);
  if (later.length > 0) {
    problems.push({ line, path: `/${later[0]}`, code: 'unsupported_step', message: `"${later[0]}" steps are not supported by this maidkit version yet` });
    return undefined;
  }
  const kinds = KINDS.filter((k) => k in obj);
  if (kinds.length === 0) {
    problems.push({ line, path: '', code: 'unknown_step', message: `a step needs one of ${KINDS.map((k) => `"${k}"`).join(', ')}; got keys ${Object.keys(obj).map((k) => `"${k}"`).join(', ') || '(none)'}` });
    return undefined;
  }
  if (kinds.length > 1) {
    problems.push({ line, path: '', code: 'ambiguous_step', message: `a step has exactly one kind; this line has ${kinds.join(' and ')}` });
    return undefined;
  }
  const kind = kinds[0]!;
  if (kind === 'slash_command' || kind === 'component' || kind === 'modal_submit' || kind === 'dashboard') return parseInteractionStep(kind, obj[kind], line, problems);
  if (kind === 'wait_ms') {
    const ms = obj['wait_ms'];
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_WAIT_MS) {
      problems.push({ line, path: '/wait_ms', code: 'invalid_field', message: `wait_ms must be a number of milliseconds from 0 to ${MAX_WAIT_MS}` });
      return undefined;
    }
    return { kind: 'wait', line, ms };
  }
  if (kind === 'lifecycle') {
    const hook = obj['lifecycle'];
    if (typeof hook !== 'string' || !(HOOKS as readonly string[]).includes(hook)) {
      problems.push({ line, path: '/lifecycle', code: 'invalid_field', message: `lifecycle must be one of ${HOOKS.join(', ')} ("ready" runs by itself when the worker starts)` });
      return undefined;
    }
    return { kind: 'lifecycle', line, hook: hook as (typeof HOOKS)[number] };
  }
  const name = obj['event'];
  if (!isEventName(name)) {
    problems.push({ line, path: '/event', code: 'invalid_event', message: `event must be one of the 16 Discord events (${EVENT_NAMES.join(', ')}); got ${JSON.stringify(name)}` });
    return undefined;
  }
  const payload = obj['payload'] ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    problems.push({ line, path: '/payload', code: 'invalid_field', message: 'payload must be a JSON object' });
    return undefined;
  }
  const serverId = obj['server_id'];
  if (serverId !== undefined && typeof serverId !== 'string') {
    problems.push({ line, path: '/server_id', code: 'invalid_field', message: 'server_id must be a string (snowflakes are strings)' });
    return undefined;
  }
  const filled = withDefaults(name, payload as Record<string, unknown>);
  const issues = validateParams('event', { ctx: { install_id: 'x', server_id: '0' }, name, payload: filled });
  if (issues.length > 0) {
    for (const issue of issues) problems.push({ line, path: issue.path, code: 'invalid_event', message: `${name}: ${issue.path || '(payload)'} ${issue.message}` });
    return undefined;
  }
  return { kind: 'event', line, name, payload: filled, ...(serverId === undefined ? {} : { serverId }) };
}

let nextSnowflake = 1_300_000_000_000_000_000n;
const snowflake = () => String(nextSnowflake++);

/**
 * Fills the guaranteed fields an author left out with plausible values, so a test file can say just
 * `{"event": "message_create", "payload": {"content": "!ping"}}`. Given fields always win; the result
 * is still validated against PROTOCOL.md §6 before it is dispatched.
 */
export function withDefaults(name: string, payload: Record<string, unknown>): Record<string, unknown> {
  const defaults: Record<string, () => unknown> = {
    message_id: snowflake,
    channel_id: () => '100000000000000001',
    author_id: () => '100000000000000002',
    user_id: () => '100000000000000002',
    guild_id: () => '100000000000000000',
    author_bot: () => false,
    content: () => '',
    timestamp: () => new Date().toISOString(),
    username: () => 'tester',
    roles: () => [],
    emoji: () => '👍',
    self_mute: () => false,
    self_deaf: () => false,
    interaction_id: snowflake,
    interaction_type: () => 'slash_command',
    id: snowflake,
    name: () => 'general',
    type: () => 0,
  };
  const fields: Record<string, string[]> = {
    message_create: ['message_id', 'channel_id', 'author_id', 'author_bot', 'content', 'timestamp'],
    message_edit: ['message_id', 'channel_id', 'content'],
    message_delete: ['message_id', 'channel_id'],
    member_join: ['user_id', 'username', 'guild_id'],
    member_leave: ['user_id', 'username', 'guild_id'],
    member_update: ['user_id', 'roles'],
    reaction_add: ['message_id', 'channel_id', 'user_id', 'emoji'],
    reaction_remove: ['message_id', 'channel_id', 'user_id', 'emoji'],
    voice_state_update: ['user_id', 'channel_id', 'self_mute', 'self_deaf'],
    interaction_create: ['interaction_id', 'interaction_type'],
    channel_create: ['id', 'name', 'type'],
    channel_delete: ['id', 'name'],
    channel_update: ['id', 'name'],
    role_create: ['id', 'name'],
    role_delete: ['id', 'name'],
    role_update: ['id', 'name'],
  };
  const out: Record<string, unknown> = {};
  for (const field of fields[name] ?? []) if (!(field in payload)) out[field] = defaults[field]!();
  return { ...out, ...payload };
}

const SNOWFLAKE = /^[0-9]{1,20}$/;

/** Option types for the object form: strings are STRING (3), integers INTEGER (4), booleans BOOLEAN (5), other numbers NUMBER (10). */
function optionType(value: unknown): number | undefined {
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? 4 : 10;
  return undefined;
}

function parseInteractionStep(kind: 'slash_command' | 'component' | 'modal_submit' | 'dashboard', body: unknown, line: number, problems: ScenarioProblem[]): ScenarioStep | undefined {
  const before = problems.length;
  const bad = (path: string, message: string) => problems.push({ line, path: `/${kind}${path}`, code: 'invalid_field', message });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    bad('', `${kind} must be an object`);
    return undefined;
  }
  const b = body as Record<string, unknown>;
  if (kind === 'dashboard') {
    if (typeof b['method'] !== 'string' || b['method'].length === 0) bad('/method', 'method must name an @plugin.on_dashboard handler ("get_settings" or "dashboard.get_settings")');
    const params = b['params'] ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) bad('/params', 'params must be a JSON object');
    if (b['widget'] !== undefined && typeof b['widget'] !== 'string') bad('/widget', 'widget must be a widget type such as "stat_card"');
    if (problems.length > before) return undefined;
    return { kind: 'dashboard', line, method: b['method'] as string, params: params as Record<string, unknown>, ...(typeof b['widget'] === 'string' ? { widget: b['widget'] } : {}) };
  }
  for (const key of ['user_id', 'channel_id'] as const) {
    if (b[key] !== undefined && (typeof b[key] !== 'string' || !SNOWFLAKE.test(b[key]))) bad(`/${key}`, `${key} must be a snowflake string`);
  }
  const common = { line, type: kind, ...(typeof b['user_id'] === 'string' ? { userId: b['user_id'] } : {}), ...(typeof b['channel_id'] === 'string' ? { channelId: b['channel_id'] } : {}) };
  if (kind === 'slash_command') {
    if (typeof b['name'] !== 'string' || !/^[-_\p{L}\p{N}]{1,32}$/u.test(b['name'])) bad('/name', 'name must be the slash command\'s name');
    const raw = b['options'] ?? [];
    let options: Array<{ name: string; type: number; value: unknown }> = [];
    if (Array.isArray(raw)) {
      raw.forEach((o, i) => {
        const opt = o as Record<string, unknown>;
        if (typeof o !== 'object' || o === null || typeof opt['name'] !== 'string' || !('value' in opt)) bad(`/options/${i}`, 'each option is {name, type?, value}');
        else {
          const type = opt['type'] ?? optionType(opt['value']);
          if (!Number.isInteger(type)) bad(`/options/${i}/type`, 'type must be a Discord option type (3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number)');
          else options.push({ name: opt['name'], type: type as number, value: opt['value'] });
        }
      });
    } else if (typeof raw === 'object' && raw !== null) {
      options = Object.entries(raw as Record<string, unknown>).flatMap(([name, value]) => {
        const type = optionType(value);
        if (type === undefined) {
          bad(`/options/${name}`, 'option values are strings, numbers or booleans');
          return [];
        }
        return [{ name, type, value }];
      });
    } else bad('/options', 'options must be an object {name: value} or an array of {name, type, value}');
    if (problems.length > before) return undefined;
    return { kind: 'interaction', ...common, name: b['name'] as string, options };
  }
  if (typeof b['custom_id'] !== 'string' || b['custom_id'].length === 0 || b['custom_id'].length > 100) bad('/custom_id', 'custom_id must be the plugin\'s own custom_id (1–100 characters)');
  const values = b['values'];
  if (kind === 'component') {
    if (values !== undefined && (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))) bad('/values', 'values (a select menu\'s choices) must be an array of strings');
    if (problems.length > before) return undefined;
    return { kind: 'interaction', ...common, name: b['custom_id'] as string, ...(values === undefined ? {} : { values: values as string[] }) };
  }
  if (values !== undefined && (typeof values !== 'object' || values === null || Array.isArray(values) || Object.values(values).some((v) => typeof v !== 'string'))) {
    bad('/values', 'values must be an object of text input custom_id → string');
  }
  if (problems.length > before) return undefined;
  return { kind: 'interaction', ...common, name: b['custom_id'] as string, modalValues: (values ?? {}) as Record<string, string> };
}
