import { PlaygroundError, PlaygroundErrorCodes, type PlaygroundProblem } from './PlaygroundError.js';

/** A slash command option as manifest.json declares it (seed 001). */
export interface OptionDeclaration {
  name: string;
  description?: string;
  type: number;
  required?: boolean;
  choices?: Array<{ name: string; value: string | number }>;
}

export interface CommandDeclaration {
  name: string;
  description?: string;
  options?: OptionDeclaration[];
}

/** The interaction object of PROTOCOL.md §7, as the page's clicks become it. */
export interface Interaction {
  interaction_id: string;
  interaction_type: 'slash_command' | 'component' | 'modal_submit';
  command_name?: string;
  custom_id?: string;
  options?: Array<{ name: string; type: number; value: string | number | boolean }>;
  values?: string[];
  modal_values?: Record<string, string>;
  user_id: string;
  channel_id: string | null;
  guild_id: string | null;
}

const SNOWFLAKE = /^\d{17,20}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body must be a plain object (not an array, not null). */
export function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, `${what}: the body must be a JSON object`, { problems: [{ path: '', code: 'type', message: 'expected an object' }] });
  return body;
}

/** A typed chat line: `{content}` with 1–2000 characters. */
export function parseMessage(body: unknown): { content: string } {
  const b = requireObject(body, 'message');
  const content = b['content'];
  if (typeof content !== 'string' || content.length === 0 || [...content].length > 2000) {
    throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'message: content must be 1–2000 characters', { problems: [{ path: '/content', code: typeof content === 'string' ? 'length' : 'type', message: 'a string of 1–2000 characters' }] });
  }
  return { content };
}

/** Converts one raw option value from the form to its Discord type; a problem string when it does not fit. */
function convertOption(decl: OptionDeclaration, raw: unknown): { value: string | number | boolean } | { problem: string; code: string } {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (decl.type) {
    case 3:
      return typeof raw === 'string' && [...raw].length <= 6000 ? { value: raw } : { problem: 'a string (at most 6000 characters)', code: 'type' };
    case 4: {
      const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+$/.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(n) ? { value: n } : { problem: 'an integer', code: 'type' };
    }
    case 10: {
      const n = typeof text === 'number' ? text : typeof text === 'string' && text !== '' ? Number(text) : NaN;
      return Number.isFinite(n) ? { value: n } : { problem: 'a number', code: 'type' };
    }
    case 5:
      if (text === true || text === 'true') return { value: true };
      if (text === false || text === 'false') return { value: false };
      return { problem: 'true or false', code: 'type' };
    case 6:
    case 7:
    case 8:
    case 9: {
      // A mention (<@123>, <#123>, <@&123>) or a bare id, like Discord's pickers resolve to.
      const m = typeof text === 'string' ? /^(?:<(?:@[!&]?|#))?(\d{17,20})>?$/.exec(text) : null;
      return m ? { value: m[1]! } : { problem: 'a snowflake id or a mention such as <@123456789012345678>', code: 'snowflake' };
    }
    default:
      return typeof raw === 'string' ? { value: raw } : { problem: 'a string', code: 'type' };
  }
}

/**
 * `{name, options: {optionName: rawValue}}` from the slash command form → the interaction, checked
 * against the command's declaration in manifest.json. Every problem is reported at once.
 */
export function parseSlashCommand(body: unknown, commands: readonly CommandDeclaration[], ids: { interactionId: string; userId: string; channelId: string; guildId: string }): Interaction {
  const b = requireObject(body, 'slash command');
  const problems: PlaygroundProblem[] = [];
  const name = b['name'];
  const command = typeof name === 'string' ? commands.find((c) => c.name === name) : undefined;
  if (!command) {
    throw new PlaygroundError(PlaygroundErrorCodes.NotFound, `slash command ${JSON.stringify(name)} is not declared in manifest.json`, {
      problems: [{ path: '/name', code: 'unknown_command', message: `declared: ${commands.map((c) => `/${c.name}`).join(', ') || '(none)'}` }],
      hint: 'declare it under slash_commands in manifest.json',
    });
  }
  const given = b['options'] === undefined ? {} : b['options'];
  if (!isObject(given)) {
    throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'slash command: options must be an object {name: value}', { problems: [{ path: '/options', code: 'type', message: 'expected an object' }] });
  }
  const declared = command.options ?? [];
  for (const key of Object.keys(given)) {
    if (!declared.some((o) => o.name === key)) problems.push({ path: `/options/${key}`, code: 'unknown_option', message: `/${command.name} has no option "${key}"` });
  }
  const options: NonNullable<Interaction['options']> = [];
  for (const decl of declared) {
    const raw = Object.hasOwn(given, decl.name) ? given[decl.name] : undefined;
    if (raw === undefined || raw === null || raw === '') {
      if (decl.required) problems.push({ path: `/options/${decl.name}`, code: 'required', message: `option "${decl.name}" is required` });
      continue;
    }
    const converted = convertOption(decl, raw);
    if ('problem' in converted) problems.push({ path: `/options/${decl.name}`, code: converted.code, message: `option "${decl.name}" must be ${converted.problem}` });
    else if (decl.choices && decl.choices.length > 0 && !decl.choices.some((c) => c.value === converted.value)) {
      problems.push({ path: `/options/${decl.name}`, code: 'choice', message: `option "${decl.name}" must be one of ${decl.choices.map((c) => JSON.stringify(c.value)).join(', ')}` });
    } else options.push({ name: decl.name, type: decl.type, value: converted.value });
  }
  if (problems.length > 0) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, `/${command.name}: ${problems.map((p) => p.message).join('; ')}`, { problems });
  return { interaction_id: ids.interactionId, interaction_type: 'slash_command', command_name: command.name, options, user_id: ids.userId, channel_id: ids.channelId, guild_id: ids.guildId };
}

/** Every interactive component (`custom_id` → the component) in a message's component tree. */
export function componentsById(components: readonly unknown[]): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > 8 || !isObject(node)) return;
    if (typeof node['custom_id'] === 'string') found.set(node['custom_id'], node);
    for (const key of ['components', 'accessory', 'component']) {
      const child = node[key];
      if (Array.isArray(child)) for (const c of child) walk(c, depth + 1);
      else walk(child, depth + 1);
    }
  };
  for (const c of components) walk(c, 0);
  return found;
}

/** `{messageId, custom_id, values?}` → a component interaction, checked against the message it was clicked on. */
export function parseComponentClick(body: unknown, messageComponents: (messageId: string) => readonly unknown[] | undefined, ids: { interactionId: string; userId: string; channelId: string; guildId: string }): Interaction {
  const b = requireObject(body, 'component');
  const messageId = b['messageId'];
  const customId = b['custom_id'];
  const components = typeof messageId === 'string' ? messageComponents(messageId) : undefined;
  if (!components) throw new PlaygroundError(PlaygroundErrorCodes.NotFound, `component: no message ${JSON.stringify(messageId)} with components`, { problems: [{ path: '/messageId', code: 'unknown_message', message: 'not a message the plugin sent' }] });
  const component = typeof customId === 'string' ? componentsById(components).get(customId) : undefined;
  if (!component) throw new PlaygroundError(PlaygroundErrorCodes.NotFound, `component: the message has no component with custom_id ${JSON.stringify(customId)}`, { problems: [{ path: '/custom_id', code: 'unknown_component', message: 'not a custom_id of this message' }] });
  if (component['disabled'] === true) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, `component ${String(customId)} is disabled`, { problems: [{ path: '/custom_id', code: 'disabled', message: 'disabled components cannot be used' }] });
  const interaction: Interaction = { interaction_id: ids.interactionId, interaction_type: 'component', custom_id: customId as string, user_id: ids.userId, channel_id: ids.channelId, guild_id: ids.guildId };
  const type = component['type'];
  if (type === 3 || type === 5 || type === 6 || type === 7 || type === 8) {
    const values = b['values'];
    const problems: PlaygroundProblem[] = [];
    const min = typeof component['min_values'] === 'number' ? component['min_values'] : 1;
    const max = typeof component['max_values'] === 'number' ? component['max_values'] : 1;
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) problems.push({ path: '/values', code: 'type', message: 'values must be an array of strings' });
    else {
      if (values.length < min || values.length > max) problems.push({ path: '/values', code: 'count', message: `pick ${min === max ? min : `${min}–${max}`} value(s), got ${values.length}` });
      if (type === 3) {
        const allowed = new Set((Array.isArray(component['options']) ? component['options'] : []).map((o) => (isObject(o) ? o['value'] : undefined)));
        values.forEach((v, i) => allowed.has(v) || problems.push({ path: `/values/${i}`, code: 'unknown_value', message: `${JSON.stringify(v)} is not an option of this menu` }));
      } else values.forEach((v, i) => SNOWFLAKE.test(v) || problems.push({ path: `/values/${i}`, code: 'snowflake', message: `${JSON.stringify(v)} is not a snowflake id` }));
      if (new Set(values).size !== values.length) problems.push({ path: '/values', code: 'duplicate', message: 'a value was picked twice' });
    }
    if (problems.length > 0) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, `select ${String(customId)}: ${problems.map((p) => p.message).join('; ')}`, { problems });
    interaction.values = values as string[];
  }
  return interaction;
}

/** The text inputs of a modal, whether in legacy action rows or in Labels (type 18). */
export function modalInputs(components: readonly unknown[]): Array<Record<string, unknown>> {
  const inputs: Array<Record<string, unknown>> = [];
  const walk = (node: unknown, label: unknown, depth: number): void => {
    if (depth > 4 || !isObject(node)) return;
    // A Label carries the input's label (the input itself has none there).
    if (node['type'] === 18) return walk(node['component'], node['label'], depth + 1);
    if (node['type'] === 4 && typeof node['custom_id'] === 'string') inputs.push(label !== undefined && node['label'] === undefined ? { ...node, label } : node);
    if (Array.isArray(node['components'])) for (const c of node['components']) walk(c, label, depth + 1);
  };
  for (const c of components) walk(c, undefined, 0);
  return inputs;
}

/** `{values: {custom_id: text}}` → a modal_submit interaction, checked against the modal the plugin opened. */
export function parseModalSubmit(body: unknown, modal: { customId: string; components: readonly unknown[] }, ids: { interactionId: string; userId: string; channelId: string; guildId: string }): Interaction {
  const b = requireObject(body, 'modal submit');
  const values = b['values'];
  if (!isObject(values)) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, 'modal submit: values must be an object {custom_id: text}', { problems: [{ path: '/values', code: 'type', message: 'expected an object' }] });
  const inputs = modalInputs(modal.components);
  const problems: PlaygroundProblem[] = [];
  for (const key of Object.keys(values)) {
    if (!inputs.some((i) => i['custom_id'] === key)) problems.push({ path: `/values/${key}`, code: 'unknown_field', message: `the modal has no field "${key}"` });
  }
  const modalValues: Record<string, string> = {};
  for (const input of inputs) {
    const id = input['custom_id'] as string;
    const raw = Object.hasOwn(values, id) ? values[id] : '';
    if (typeof raw !== 'string') {
      problems.push({ path: `/values/${id}`, code: 'type', message: `"${id}" must be text` });
      continue;
    }
    const length = [...raw].length;
    const required = input['required'] !== false;
    const min = typeof input['min_length'] === 'number' ? input['min_length'] : 0;
    const max = typeof input['max_length'] === 'number' ? input['max_length'] : 4000;
    if (required && length === 0) problems.push({ path: `/values/${id}`, code: 'required', message: `"${String(input['label'] ?? id)}" is required` });
    else if (length > 0 && (length < min || length > max)) problems.push({ path: `/values/${id}`, code: 'length', message: `"${String(input['label'] ?? id)}" must be ${min}–${max} characters (got ${length})` });
    modalValues[id] = raw;
  }
  if (problems.length > 0) throw new PlaygroundError(PlaygroundErrorCodes.InvalidRequest, `modal ${modal.customId}: ${problems.map((p) => p.message).join('; ')}`, { problems });
  return { interaction_id: ids.interactionId, interaction_type: 'modal_submit', custom_id: modal.customId, modal_values: modalValues, user_id: ids.userId, channel_id: ids.channelId, guild_id: ids.guildId };
}
