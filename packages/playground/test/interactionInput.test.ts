import { describe, expect, it } from 'vitest';
import { PlaygroundError, parseComponentClick, parseMessage, parseModalSubmit, parseSlashCommand, type CommandDeclaration } from '../src/index.js';

const ids = { interactionId: '1300000000000000001', userId: '100000000000000002', channelId: '100000000000000001', guildId: '100000000000000000' };

/** The thrown PlaygroundError (the test fails if nothing is thrown). */
function refusal(fn: () => unknown): PlaygroundError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlaygroundError);
    return error as PlaygroundError;
  }
  throw new Error('expected a PlaygroundError');
}

// Seed 001's greet, plus one option of every other type the form offers.
const commands: CommandDeclaration[] = [
  {
    name: 'greet',
    description: 'Say hello to someone',
    options: [
      { name: 'user', description: 'Who to greet', type: 6, required: true },
      { name: 'message', description: 'Custom greeting', type: 3, required: false },
    ],
  },
  {
    name: 'all',
    options: [
      { name: 'n', type: 4 },
      { name: 'x', type: 10 },
      { name: 'flag', type: 5 },
      { name: 'channel', type: 7 },
      { name: 'role', type: 8 },
      { name: 'size', type: 3, choices: [{ name: 'Small', value: 's' }, { name: 'Large', value: 'l' }] },
    ],
  },
];

describe('slash commands from the form', () => {
  it('GIVEN seed 001 greet with a mention and a message THEN the interaction carries typed options in declaration order', () => {
    const ix = parseSlashCommand({ name: 'greet', options: { message: 'Hi!', user: '<@!123456789012345678>' } }, commands, ids);
    expect(ix).toEqual({ interaction_id: ids.interactionId, interaction_type: 'slash_command', command_name: 'greet', options: [{ name: 'user', type: 6, value: '123456789012345678' }, { name: 'message', type: 3, value: 'Hi!' }], user_id: ids.userId, channel_id: ids.channelId, guild_id: ids.guildId });
  });

  it('GIVEN every option type THEN each value is converted to what Discord sends (integers, floats, booleans, snowflakes, choices)', () => {
    const ix = parseSlashCommand({ name: 'all', options: { n: '-42', x: '2.5', flag: 'false', channel: '<#123456789012345678>', role: '<@&123456789012345679>', size: 'l' } }, commands, ids);
    expect(ix.options).toEqual([
      { name: 'n', type: 4, value: -42 },
      { name: 'x', type: 10, value: 2.5 },
      { name: 'flag', type: 5, value: false },
      { name: 'channel', type: 7, value: '123456789012345678' },
      { name: 'role', type: 8, value: '123456789012345679' },
      { name: 'size', type: 3, value: 'l' },
    ]);
  });

  it('GIVEN wrong values everywhere THEN every problem is reported at once, each at its option path', () => {
    const e = refusal(() => parseSlashCommand({ name: 'all', options: { n: '1.5', x: 'abc', flag: 'yes', channel: 'general', role: '12', size: 'm', extra: 1 } }, commands, ids));
    expect(e.code).toBe('invalid_request');
    expect(e.problems.map((p) => [p.path, p.code])).toEqual([
      ['/options/extra', 'unknown_option'],
      ['/options/n', 'type'],
      ['/options/x', 'type'],
      ['/options/flag', 'type'],
      ['/options/channel', 'snowflake'],
      ['/options/role', 'snowflake'],
      ['/options/size', 'choice'],
    ]);
  });

  it('GIVEN a missing required option, an undeclared command or a hostile body THEN it is refused and names what is wrong', () => {
    expect(refusal(() => parseSlashCommand({ name: 'greet', options: {} }, commands, ids)).problems).toEqual([{ path: '/options/user', code: 'required', message: 'option "user" is required' }]);
    const unknown = refusal(() => parseSlashCommand({ name: 'nope' }, commands, ids));
    expect(unknown.code).toBe('not_found');
    expect(unknown.problems[0]?.message).toBe('declared: /greet, /all');
    expect(refusal(() => parseSlashCommand({ name: '__proto__' }, commands, ids)).code).toBe('not_found');
    expect(refusal(() => parseSlashCommand({ name: 'greet', options: [] }, commands, ids)).problems[0]?.path).toBe('/options');
    expect(refusal(() => parseSlashCommand({ name: 'greet', options: JSON.parse('{"__proto__": {"user": "123456789012345678"}}') }, commands, ids)).problems.map((p) => p.code)).toEqual(['unknown_option', 'required']);
    for (const body of [null, [], 'greet', 42]) expect(refusal(() => parseSlashCommand(body, commands, ids)).problems[0]).toMatchObject({ path: '', code: 'type' });
  });
});

const menuMessage = [
  { type: 1, components: [{ type: 2, style: 3, label: 'Yes', custom_id: 'my_plugin:yes' }, { type: 2, style: 4, label: 'No', custom_id: 'my_plugin:no', disabled: true }] },
  { type: 1, components: [{ type: 3, custom_id: 'my_plugin:pick_role', min_values: 1, max_values: 2, options: [{ label: 'Gamer', value: 'role_gamer' }, { label: 'Music', value: 'role_music' }, { label: 'Art', value: 'role_art' }] }] },
  { type: 1, components: [{ type: 5, custom_id: 'my_plugin:who', max_values: 3 }] },
];
const lookup = (id: string) => (id === 'm1' ? menuMessage : undefined);

describe('component clicks', () => {
  it('GIVEN a button and a select on a message the plugin sent THEN the interaction carries the custom_id (and the values)', () => {
    expect(parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:yes' }, lookup, ids)).toEqual({ interaction_id: ids.interactionId, interaction_type: 'component', custom_id: 'my_plugin:yes', user_id: ids.userId, channel_id: ids.channelId, guild_id: ids.guildId });
    expect(parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:pick_role', values: ['role_gamer', 'role_art'] }, lookup, ids).values).toEqual(['role_gamer', 'role_art']);
    expect(parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:who', values: ['123456789012345678'] }, lookup, ids).values).toEqual(['123456789012345678']);
  });

  it('GIVEN clicks the page could forge THEN each is refused: unknown message, unknown or disabled component, bad values', () => {
    expect(refusal(() => parseComponentClick({ messageId: 'm2', custom_id: 'my_plugin:yes' }, lookup, ids)).problems[0]?.code).toBe('unknown_message');
    expect(refusal(() => parseComponentClick({ messageId: 'm1', custom_id: 'other_plugin:yes' }, lookup, ids)).problems[0]?.code).toBe('unknown_component');
    expect(refusal(() => parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:no' }, lookup, ids)).problems[0]?.code).toBe('disabled');
    expect(refusal(() => parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:pick_role', values: ['role_admin', 'role_gamer', 'role_gamer'] }, lookup, ids)).problems.map((p) => `${p.path} ${p.code}`)).toEqual(['/values count', '/values/0 unknown_value', '/values duplicate']);
    expect(refusal(() => parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:pick_role', values: 'role_gamer' }, lookup, ids)).problems[0]?.code).toBe('type');
    expect(refusal(() => parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:pick_role', values: [] }, lookup, ids)).problems[0]?.code).toBe('count');
    expect(refusal(() => parseComponentClick({ messageId: 'm1', custom_id: 'my_plugin:who', values: ['@everyone'] }, lookup, ids)).problems[0]?.code).toBe('snowflake');
    expect(refusal(() => parseComponentClick({ messageId: { toString: 'm1' }, custom_id: 'my_plugin:yes' }, lookup, ids)).problems[0]?.code).toBe('unknown_message');
  });
});

describe('modal submits', () => {
  // The SDK's Modal (legacy action rows), and the Label (type 18) layout of @maidkit/components.
  const legacy = { customId: 'my_plugin:feedback_form', components: [{ type: 1, components: [{ type: 4, custom_id: 'subject', style: 1, label: 'Subject', required: true, max_length: 100 }] }, { type: 1, components: [{ type: 4, custom_id: 'details', style: 2, label: 'Details', required: false, max_length: 2000 }] }] };
  const labelled = { customId: 'f', components: [{ type: 18, label: 'Name', component: { type: 4, custom_id: 'name', style: 1, min_length: 2 } }] };

  it('GIVEN seed 001 feedback values THEN modal_values has every field (an optional one left empty as "")', () => {
    expect(parseModalSubmit({ values: { subject: 'Hi' } }, legacy, ids)).toEqual({ interaction_id: ids.interactionId, interaction_type: 'modal_submit', custom_id: 'my_plugin:feedback_form', modal_values: { subject: 'Hi', details: '' }, user_id: ids.userId, channel_id: ids.channelId, guild_id: ids.guildId });
    expect(parseModalSubmit({ values: { name: 'Ann' } }, labelled, ids).modal_values).toEqual({ name: 'Ann' });
  });

  it('GIVEN missing, too long, foreign or non-text values THEN every problem is listed with the field', () => {
    const e = refusal(() => parseModalSubmit({ values: { subject: '', details: 'x'.repeat(2001), evil: 'x' } }, legacy, ids));
    expect(e.problems.map((p) => `${p.path} ${p.code}`)).toEqual(['/values/evil unknown_field', '/values/subject required', '/values/details length']);
    expect(refusal(() => parseModalSubmit({ values: { name: 'A' } }, labelled, ids)).problems[0]?.message).toBe('"Name" must be 2–4000 characters (got 1)');
    expect(refusal(() => parseModalSubmit({ values: { name: 42 } }, labelled, ids)).problems[0]?.code).toBe('type');
    expect(refusal(() => parseModalSubmit({ values: null }, labelled, ids)).problems[0]?.path).toBe('/values');
  });
});

describe('typed messages', () => {
  it('GIVEN text THEN up to 2000 code points are accepted (emoji count once) and empty or longer text is refused', () => {
    expect(parseMessage({ content: '!ping' })).toEqual({ content: '!ping' });
    expect(parseMessage({ content: '🎉'.repeat(2000) }).content).toHaveLength(4000);
    expect(refusal(() => parseMessage({ content: 'x'.repeat(2001) })).problems[0]).toMatchObject({ path: '/content', code: 'length' });
    expect(refusal(() => parseMessage({ content: '' })).problems[0]?.code).toBe('length');
    expect(refusal(() => parseMessage({ content: 5 })).problems[0]?.code).toBe('type');
  });
});
