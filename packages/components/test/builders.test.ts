import { ActionRowBuilder, ButtonBuilder, ContainerBuilder, LabelBuilder, ModalBuilder, StringSelectMenuBuilder, createComponentBuilder } from '@discordjs/builders';
import { describe, expect, it } from 'vitest';
import {
  ActionRow,
  Button,
  ChannelSelect,
  Checkbox,
  CheckboxGroup,
  Container,
  File,
  FileUpload,
  Label,
  MediaGallery,
  MentionableSelect,
  Modal,
  RadioGroup,
  RoleSelect,
  Section,
  SelectMenu,
  SelectOption,
  Separator,
  TextDisplay,
  TextInput,
  Thumbnail,
  UnknownComponent,
  UserSelect,
  ValidationError,
  buildMessage,
  buttonRows,
  componentFromJSON,
  setValidationEnabled,
  toEmoji,
} from '../src/index.js';

/** The seed 001 samples, written with the TypeScript builders. */
const seedButton = () => new Button({ label: 'Click me', custom_id: 'btn_hi', style: 'primary', emoji: '🎉', disabled: false });
const seedLink = () => new Button({ label: 'Docs', url: 'https://mmomaid.cloud/dev/docs', style: 'link' });
const seedMenu = () =>
  new SelectMenu({
    custom_id: 'pick_role',
    options: [
      new SelectOption({ label: 'Gamer', value: 'role_gamer', description: 'Get pinged for game nights' }),
      new SelectOption({ label: 'Music', value: 'role_music' }),
      new SelectOption({ label: 'Art', value: 'role_art', emoji: '🎨' }),
    ],
    placeholder: 'Pick your interests…',
    min_values: 1,
    max_values: 2,
  });
const seedModal = () =>
  new Modal({
    title: 'Send Feedback',
    custom_id: 'feedback_form',
    fields: [
      new TextInput({ label: 'Subject', custom_id: 'subject', style: 'short', placeholder: 'Quick summary', required: true, max_length: 100 }),
      new TextInput({ label: 'Details', custom_id: 'details', style: 'paragraph', required: false, max_length: 2000 }),
    ],
  });

describe('seed shapes', () => {
  it('GIVEN the seed button, link and menu THEN plain Discord JSON with numeric styles', () => {
    expect(seedButton().toJSON()).toEqual({ type: 2, style: 1, label: 'Click me', custom_id: 'btn_hi', emoji: { name: '🎉' }, disabled: false });
    expect(seedLink().toJSON()).toEqual({ type: 2, style: 5, label: 'Docs', url: 'https://mmomaid.cloud/dev/docs' });
    expect(seedMenu().toJSON()).toEqual({
      type: 3,
      custom_id: 'pick_role',
      placeholder: 'Pick your interests…',
      min_values: 1,
      max_values: 2,
      options: [
        { label: 'Gamer', value: 'role_gamer', description: 'Get pinged for game nights' },
        { label: 'Music', value: 'role_music' },
        { label: 'Art', value: 'role_art', emoji: { name: '🎨' } },
      ],
    });
  });

  it('GIVEN the seed Yes/No row in a message THEN buildMessage returns the payload without the v2 flag', () => {
    const row = new ActionRow(new Button({ label: 'Yes', custom_id: 'yes', style: 'success' }), new Button({ label: 'No', custom_id: 'no', style: 'danger' }));
    expect(buildMessage({ content: 'Pick one:', components: [row] })).toEqual({
      content: 'Pick one:',
      components: [{ type: 1, components: [{ type: 2, style: 3, label: 'Yes', custom_id: 'yes' }, { type: 2, style: 4, label: 'No', custom_id: 'no' }] }],
    });
  });

  it('GIVEN the seed modal THEN each text input is wrapped in a Label carrying its label', () => {
    expect(seedModal().toJSON()).toEqual({
      title: 'Send Feedback',
      custom_id: 'feedback_form',
      components: [
        { type: 18, label: 'Subject', component: { type: 4, style: 1, custom_id: 'subject', placeholder: 'Quick summary', required: true, max_length: 100 } },
        { type: 18, label: 'Details', component: { type: 4, style: 2, custom_id: 'details', required: false, max_length: 2000 } },
      ],
    });
  });

  it('GIVEN a custom emoji string THEN it is parsed like the Python SDK does', () => {
    expect(toEmoji('<a:party:123456789012345678>')).toEqual({ name: 'party', id: '123456789012345678', animated: true });
    expect(toEmoji('<:x:1>')).toEqual({ name: 'x', id: '1' });
    expect(toEmoji('🎉')).toEqual({ name: '🎉' });
  });
});

describe('string values through one table', () => {
  it('GIVEN an unknown style THEN toJSON throws naming the valid set; setters never throw', () => {
    const b = new Button({ label: 'x', custom_id: 'y' }).setStyle('blurple' as never);
    expect(() => b.toJSON()).toThrow(/button style "blurple" is invalid; expected primary\|secondary\|success\|danger\|link\|premium/);
    expect(b.validate().map((i) => i.code)).toEqual(['INVALID_ENUM']);
    expect(() => new TextInput({ label: 'a', custom_id: 'b', style: 'long' as never }).toJSON()).toThrow(/expected short\|paragraph/);
    expect(() => new Separator({ spacing: 'huge' as never }).toJSON()).toThrow(/expected small\|large/);
  });

  it('GIVEN numbers THEN they are accepted as well as names', () => {
    expect(new Button({ label: 'x', custom_id: 'y', style: 4 }).toJSON().style).toBe(4);
    expect(new Separator({ spacing: 'large', divider: true }).toJSON()).toEqual({ type: 14, divider: true, spacing: 2 });
  });

  it('GIVEN no style THEN url means link and anything else primary (like the Python SDK)', () => {
    expect(new Button({ label: 'x', custom_id: 'y' }).toJSON().style).toBe(1);
    expect(new Button({ label: 'x', url: 'https://e.x' }).toJSON().style).toBe(5);
  });
});

describe('validation at build time', () => {
  it('GIVEN an invalid builder THEN ValidationError carries every issue with paths relative to it', () => {
    const b = new Button({ style: 'link', custom_id: 'x', label: 'y'.repeat(81) });
    try {
      b.toJSON();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const err = e as ValidationError;
      expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['TOO_LONG /label', 'REQUIRED /url', 'FIELD_NOT_ALLOWED /custom_id']);
      expect(err.message).toContain('button.label');
      expect(err.toJSON().issues).toHaveLength(3);
    }
    expect((b.toJSON(false) as { label?: string }).label).toHaveLength(81);
  });

  it('GIVEN validation switched off globally THEN toJSON skips it until switched back on', () => {
    const bad = new Button({ label: '' , custom_id: 'x' });
    setValidationEnabled(false);
    try {
      expect((bad.toJSON() as { label?: string }).label).toBe('');
      expect(() => bad.toJSON(true)).toThrow(ValidationError);
    } finally {
      setValidationEnabled(true);
    }
    expect(() => bad.toJSON()).toThrow(ValidationError);
  });

  it('GIVEN toJSON twice THEN the outputs are fresh copies', () => {
    const menu = seedMenu();
    const a = menu.toJSON();
    a.options[0]!.label = 'changed';
    expect(menu.toJSON().options[0]!.label).toBe('Gamer');
  });

  it('GIVEN a message with v2 components THEN buildMessage sets 1<<15 and refuses content', () => {
    const json = buildMessage({ components: [new TextDisplay('hello')], flags: ['suppressNotifications'] });
    expect(json.flags).toBe(32768 | 4096);
    expect(() => buildMessage({ content: 'x', components: [new TextDisplay('hello')] })).toThrow(/cannot carry content/);
    expect(() => buildMessage({ flags: ['loud' as never] })).toThrow(/expected suppressEmbeds\|ephemeral/);
    expect(buildMessage({ content: 'x', ephemeral: true }).flags).toBe(64);
  });
});

describe('buttonRows', () => {
  const buttons = (n: number) => Array.from({ length: n }, (_, i) => new Button({ label: `${i}`, custom_id: `b${i}` }));

  it('GIVEN 12 buttons THEN rows of 5, 5 and 2', () => {
    expect(buttonRows(buttons(12)).map((r) => r.toJSON().components.length)).toEqual([5, 5, 2]);
  });

  it('GIVEN 25 buttons THEN 5 full rows; 26 THEN TOO_MANY; maxRows Infinity lifts it for v2', () => {
    expect(buttonRows(buttons(25))).toHaveLength(5);
    expect(() => buttonRows(buttons(26))).toThrow(/need 6 rows, but a message holds at most 5/);
    expect(buttonRows(buttons(26), { maxRows: Infinity })).toHaveLength(6);
    expect(buttonRows(buttons(6), { perRow: 3 }).map((r) => r.components.length)).toEqual([3, 3]);
  });
});

describe('every builder', () => {
  const all = () => [
    seedButton(),
    seedMenu(),
    new UserSelect({ custom_id: 'u', default_values: [{ id: '80351110224678912', type: 'user' as never }] }),
    new RoleSelect({ custom_id: 'r', max_values: 3 }),
    new MentionableSelect({ custom_id: 'm' }),
    new ChannelSelect({ custom_id: 'c', channel_types: [0, 2] }),
    new ActionRow(seedButton(), seedLink()),
    new TextInput({ label: 'Subject', custom_id: 'subject' }),
    new Label({ label: 'Pick', description: 'one', component: new RadioGroup({ custom_id: 'r', options: [{ label: 'a', value: 'a' }, { label: 'b', value: 'b', default: true }] }) }),
    new TextDisplay('**hi**'),
    new Section({ components: ['one', new TextDisplay('two')], accessory: new Thumbnail({ url: 'https://e.x/a.png', description: 'alt' }) }),
    new Container({ accent_color: 0x5865f2, components: [new TextDisplay('t'), new Separator({ spacing: 'small' }), new MediaGallery([{ url: 'https://e.x/a.png' }]), new File({ url: 'attachment://a.pdf' })] }),
    new Label({ label: 'Upload', component: new FileUpload({ custom_id: 'f', max_values: 3, file_types: ['image', '.pdf'] }) }),
    new Label({ label: 'Pick', component: new CheckboxGroup({ custom_id: 'g', options: [{ label: 'a', value: 'a' }], min_values: 0, max_values: 1 }) }),
    new Label({ label: 'Agree', component: new Checkbox({ custom_id: 'ok', default: true }) }),
    new UnknownComponent({ type: 99, future: { x: 1 } }),
  ];

  it('GIVEN each builder THEN it validates and round-trips through componentFromJSON', () => {
    for (const b of all()) {
      expect(b.validate(), b.constructor.name).toEqual([]);
      const json = b.toJSON();
      expect(componentFromJSON(json).toJSON(), b.constructor.name).toEqual(json);
    }
  });

  it('GIVEN a modal THEN it round-trips through Modal.fromJSON', () => {
    const json = seedModal().toJSON();
    expect(Modal.fromJSON(json).toJSON()).toEqual(json);
  });

  it('GIVEN fields Discord added later on a known component THEN fromJSON keeps them', () => {
    const json = { type: 2, style: 1, label: 'x', custom_id: 'y', future_field: [1] };
    expect(componentFromJSON(json).toJSON(false)).toEqual(json);
  });

  it('GIVEN junk THEN componentFromJSON throws a ValidationError', () => {
    expect(() => componentFromJSON(null)).toThrow(ValidationError);
    expect(() => componentFromJSON({ type: 'button' })).toThrow(/numeric type/);
  });
});

describe('discord.js accepts the output as-is', () => {
  it('GIVEN our JSON THEN @discordjs/builders parses it and emits the same JSON', () => {
    const row = new ActionRow(seedButton(), seedLink()).toJSON();
    expect(new ActionRowBuilder(row).toJSON()).toEqual(row);
    expect(createComponentBuilder(seedMenu().toJSON()).toJSON()).toEqual(seedMenu().toJSON());
    expect(new ButtonBuilder(seedLink().toJSON()).toJSON()).toEqual(seedLink().toJSON());
    const menuRow = new ActionRow(seedMenu()).toJSON();
    expect(new ActionRowBuilder<StringSelectMenuBuilder>(menuRow).toJSON()).toEqual(menuRow);
    const modal = seedModal().toJSON();
    expect(new ModalBuilder(modal as never).toJSON()).toEqual(modal);
  });

  it('GIVEN components-v2 and modal-input JSON THEN discord.js reads it back unchanged too', () => {
    const container = new Container({
      accent_color: 0x5865f2,
      components: [
        new TextDisplay('t'),
        new Separator({ spacing: 'small' }),
        new MediaGallery([{ url: 'https://e.x/a.png' }]),
        new File({ url: 'attachment://a.pdf' }),
        new Section({ components: ['one'], accessory: new Thumbnail({ url: 'https://e.x/a.png', description: 'alt' }) }),
      ],
    }).toJSON();
    expect(new ContainerBuilder(container).toJSON()).toEqual(container);
    const label = new Label({ label: 'Upload', component: new FileUpload({ custom_id: 'f', max_values: 3 }) }).toJSON();
    expect(new LabelBuilder(label).toJSON()).toEqual(label);
  });
});
