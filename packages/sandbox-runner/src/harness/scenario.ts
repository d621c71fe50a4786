import { EVENT_NAMES, isEventName, validateParams } from '@maidkit/rpc-protocol';

/**
 * The `maidkit run` events file: JSON lines, one step per line, in the order they run. Blank lines
 * and lines starting with `#` are skipped. Each step names exactly one kind:
 *
 *   {"event": "message_create", "payload": {...}, "server_id"?: "..."}   a Discord event (§6 of PROTOCOL.md)
 *   {"lifecycle": "disable" | "enable" | "uninstall" | "install"}       a lifecycle transition
 *   {"wait_ms": 250}                                                    let time pass (schedules, slow handlers)
 *
 * Later versions add `slash_command`, `component`, `modal_submit` and `dashboard` steps with the same
 * shape (`{"<kind>": ..., ...}`); today they are refused with a clear error, never ignored.
 */
export type ScenarioStep =
  | { kind: 'event'; line: number; name: string; payload: Record<string, unknown>; serverId?: string }
  | { kind: 'lifecycle'; line: number; hook: 'install' | 'enable' | 'disable' | 'uninstall' }
  | { kind: 'wait'; line: number; ms: number };

export interface ScenarioProblem {
  line: number;
  /** JSON Pointer inside the line's object. */
  path: string;
  code: 'invalid_json' | 'not_an_object' | 'unknown_step' | 'ambiguous_step' | 'unsupported_step' | 'invalid_event' | 'invalid_field';
  message: string;
}

const KINDS = ['event', 'lifecycle', 'wait_ms'] as const;
/** Step kinds a later issue adds; named here so a file written for them fails loudly, not silently. */
const LATER = ['slash_command', 'component', 'modal_submit', 'dashboard'] as const;
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
