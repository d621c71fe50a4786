import { describe, expect, it } from 'vitest';
import {
  usesComponentsV2,
  validateMessageComponents,
  validateMessagePayload,
  validateModal,
  withComponentsV2Flag,
  type ValidationIssue,
} from '../src/index.js';

const codes = (issues: ValidationIssue[]) => issues.map((i) => `${i.code} ${i.path}`);
const btn = (id: string, extra: Record<string, unknown> = {}) => ({ type: 2, style: 1, label: id, custom_id: id, ...extra });
const row = (...components: unknown[]) => ({ type: 1, components });
const select = (extra: Record<string, unknown> = {}) => ({ type: 3, custom_id: 's', options: [{ label: 'a', value: 'a' }], ...extra });
const input = (extra: Record<string, unknown> = {}) => ({ type: 4, style: 1, custom_id: 'ti', ...extra });
const label = (component: unknown) => ({ type: 18, label: 'L', component });
const modal = (components: unknown[]) => validateModal({ title: 'T', custom_id: 'm', components });

describe('cross-component rules', () => {
  it('GIVEN the same custom_id twice in a message THEN DUPLICATE_CUSTOM_ID names both places', () => {
    const issues = validateMessageComponents([row(btn('a'), btn('b')), row(select({ custom_id: 'a' }))]);
    expect(codes(issues)).toEqual(['DUPLICATE_CUSTOM_ID /1/components/0/custom_id']);
    expect(issues[0]!.message).toBe('components[1].components[0].custom_id: custom_id "a" is already used by components[0].components[0]');
  });

  it('GIVEN the same custom_id twice in a modal THEN DUPLICATE_CUSTOM_ID', () => {
    expect(codes(modal([label(input()), label(input())]))).toEqual(['DUPLICATE_CUSTOM_ID /components/1/component/custom_id']);
  });

  it('GIVEN duplicate option values THEN DUPLICATE_VALUE on the second', () => {
    const issues = validateMessageComponents([row(select({ options: [{ label: 'A', value: 'x' }, { label: 'B', value: 'x' }] }))]);
    expect(codes(issues)).toEqual(['DUPLICATE_VALUE /0/components/0/options/1/value']);
    expect(issues[0]!.message).toContain('label "B"');
  });

  it('GIVEN more default options than max_values THEN DEFAULTS_OUT_OF_RANGE', () => {
    const opts = [{ label: 'a', value: 'a', default: true }, { label: 'b', value: 'b', default: true }];
    expect(codes(validateMessageComponents([row(select({ options: opts }))]))).toEqual(['DEFAULTS_OUT_OF_RANGE /0/components/0']);
    expect(validateMessageComponents([row(select({ options: opts, max_values: 2 }))])).toEqual([]);
    expect(codes(validateMessageComponents([row(select({ options: [...opts, { label: 'c', value: 'c' }], min_values: 3, max_values: 3 }))]))).toEqual(['DEFAULTS_OUT_OF_RANGE /0/components/0']);
  });

  it('GIVEN min_values > max_values, or max_values beyond the options THEN the right code', () => {
    expect(codes(validateMessageComponents([row(select({ min_values: 2, max_values: 1, options: [{ label: 'a', value: 'a' }, { label: 'b', value: 'b' }] }))]))).toEqual(['MIN_GREATER_THAN_MAX /0/components/0/min_values']);
    expect(codes(validateMessageComponents([row(select({ max_values: 2 }))]))).toEqual(['OUT_OF_RANGE /0/components/0/max_values']);
  });

  it('GIVEN disabled anywhere in a modal THEN FIELD_NOT_ALLOWED', () => {
    expect(codes(modal([label(select({ disabled: false }))]))).toEqual(['FIELD_NOT_ALLOWED /components/0/component/disabled']);
  });

  it('GIVEN min_values 0 in a modal select THEN required:false is needed', () => {
    expect(codes(modal([label(select({ min_values: 0 }))]))).toEqual(['OUT_OF_RANGE /components/0/component/min_values']);
    expect(modal([label(select({ min_values: 0, required: false }))])).toEqual([]);
  });

  it('GIVEN a text input with its own label inside a Label THEN FIELD_NOT_ALLOWED; without a label in a row THEN REQUIRED', () => {
    expect(codes(modal([label(input({ label: 'x' }))]))).toEqual(['FIELD_NOT_ALLOWED /components/0/component/label']);
    expect(codes(modal([row(input())]))).toEqual(['REQUIRED /components/0/components/0/label']);
  });

  it('GIVEN min_length > max_length THEN MIN_GREATER_THAN_MAX', () => {
    expect(codes(modal([label(input({ min_length: 10, max_length: 5 }))]))).toEqual(['MIN_GREATER_THAN_MAX /components/0/component/min_length']);
  });

  it('GIVEN duplicate component ids THEN DUPLICATE_ID; id 0 may repeat', () => {
    expect(codes(validateMessageComponents([row(btn('a', { id: 7 })), row(btn('b', { id: 7 }))]))).toEqual(['DUPLICATE_ID /1/components/0/id']);
    expect(validateMessageComponents([row(btn('a', { id: 0 })), row(btn('b', { id: 0 }))])).toEqual([]);
  });

  it('GIVEN radio defaults and checkbox group defaults THEN they are bounded', () => {
    const opts = (n: number, d: number) => Array.from({ length: n }, (_, i) => ({ label: `l${i}`, value: `v${i}`, ...(i < d ? { default: true } : {}) }));
    expect(codes(modal([label({ type: 21, custom_id: 'r', options: opts(3, 2) })]))).toEqual(['DEFAULTS_OUT_OF_RANGE /components/0/component']);
    expect(codes(modal([label({ type: 22, custom_id: 'c', options: opts(3, 3), max_values: 2 })]))).toEqual(['DEFAULTS_OUT_OF_RANGE /components/0/component']);
    expect(codes(modal([label({ type: 23, custom_id: 'x', required: true })]))).toEqual(['FIELD_NOT_ALLOWED /components/0/component/required']);
    expect(codes(modal([label({ type: 21, custom_id: 'r', options: opts(2, 0), min_values: 1 })]))).toEqual(['FIELD_NOT_ALLOWED /components/0/component/min_values']);
  });
});

describe('action rows and buttons', () => {
  it('GIVEN 6 buttons in a row THEN the issue reads like the issue asks', () => {
    const issues = validateMessageComponents([row(btn('a')), row(...'bcdefg'.split('').map((c) => btn(c)))]);
    expect(issues.map((i) => i.message)).toEqual(['components[1].components[5] (custom_id "g"): an action row holds at most 5 buttons (got 6)']);
  });

  it('GIVEN a select beside a button, two selects or an empty row THEN INVALID_ROW / TOO_FEW', () => {
    expect(codes(validateMessageComponents([row(btn('a'), select())]))).toEqual(['INVALID_ROW /0/components']);
    expect(codes(validateMessageComponents([row(select({ custom_id: 'x' }), select())]))).toEqual(['INVALID_ROW /0/components']);
    expect(codes(validateMessageComponents([row()]))).toEqual(['TOO_FEW /0/components']);
  });

  it('GIVEN link, premium and interactive buttons THEN each has its own required and forbidden fields', () => {
    const link = { type: 2, style: 5, label: 'Docs', url: 'https://mmomaid.cloud/dev/docs' };
    expect(validateMessageComponents([row(link)])).toEqual([]);
    expect(codes(validateMessageComponents([row({ ...link, custom_id: 'x' })]))).toEqual(['FIELD_NOT_ALLOWED /0/components/0/custom_id']);
    expect(codes(validateMessageComponents([row({ ...link, url: undefined })]))).toEqual(['REQUIRED /0/components/0/url']);
    expect(codes(validateMessageComponents([row({ ...link, url: 'javascript:alert(1)' })]))).toEqual(['INVALID_URL /0/components/0/url']);
    expect(validateMessageComponents([row({ ...link, url: 'discord://-/channels/1/2' })])).toEqual([]);
    expect(codes(validateMessageComponents([row(btn('a', { url: 'https://x.y' }))]))).toEqual(['FIELD_NOT_ALLOWED /0/components/0/url']);
    expect(codes(validateMessageComponents([row({ type: 2, style: 1, label: 'x' })]))).toEqual(['REQUIRED /0/components/0/custom_id']);
    expect(validateMessageComponents([row({ type: 2, style: 6, sku_id: '1234567890123456789' })])).toEqual([]);
    expect(codes(validateMessageComponents([row({ type: 2, style: 6, sku_id: '1', label: 'x' })]))).toEqual(['FIELD_NOT_ALLOWED /0/components/0/label']);
    expect(codes(validateMessageComponents([row({ type: 2, style: 1, custom_id: 'x' })]))).toEqual(['REQUIRED /0/components/0/label']);
    expect(validateMessageComponents([row({ type: 2, style: 1, custom_id: 'x', emoji: { name: '🎉' } })])).toEqual([]);
    expect(codes(validateMessageComponents([row({ type: 2, style: 1, custom_id: 'x', emoji: { id: 'abc' } })]))).toEqual(['TYPE_MISMATCH /0/components/0/emoji/id']);
  });

  it('GIVEN a string style or an unknown number in JSON THEN the valid set is named', () => {
    const issues = validateMessageComponents([row(btn('a', { style: 9 }))]);
    expect(codes(issues)).toEqual(['INVALID_ENUM /0/components/0/style']);
    expect(issues[0]!.message).toContain('expected primary|secondary|success|danger|link|premium');
    expect(codes(validateMessageComponents([row(btn('a', { style: 'primary' }))]))).toEqual(['TYPE_MISMATCH /0/components/0/style']);
  });

  it('GIVEN a bare button at the top level THEN INVALID_NESTING with a hint', () => {
    const issues = validateMessageComponents([btn('a')]);
    expect(codes(issues)).toEqual(['INVALID_NESTING /0']);
    expect(issues[0]!.hint).toContain('action row');
  });

  it('GIVEN auto-populated selects THEN default value types must fit the select', () => {
    expect(validateMessageComponents([row({ type: 7, custom_id: 'm', default_values: [{ id: '1', type: 'role' }] })])).toEqual([]);
    expect(codes(validateMessageComponents([row({ type: 6, custom_id: 'm', default_values: [{ id: '1', type: 'user' }] })]))).toEqual(['INVALID_ENUM /0/components/0/default_values/0/type']);
    expect(codes(validateMessageComponents([row({ type: 5, custom_id: 'm', default_values: [{ id: 1, type: 'user' }] })]))).toEqual(['TYPE_MISMATCH /0/components/0/default_values/0/id']);
    expect(codes(validateMessageComponents([row({ type: 5, custom_id: 'm', channel_types: [0] })]))).toEqual(['FIELD_NOT_ALLOWED /0/components/0/channel_types']);
  });
});

describe('components v2', () => {
  const section = { type: 9, components: [{ type: 10, content: 'hi' }], accessory: { type: 2, style: 1, label: 'go', custom_id: 'go' } };

  it('GIVEN v2 components THEN they are detected, the flag is added, and content/embeds are refused', () => {
    expect(usesComponentsV2([section])).toBe(true);
    expect(usesComponentsV2([row(btn('a'))])).toBe(false);
    expect(codes(validateMessagePayload({ components: [section] }))).toEqual(['REQUIRED /flags']);
    const flagged = withComponentsV2Flag({ components: [section], flags: 4 });
    expect(flagged.flags).toBe(32768 | 4);
    expect(validateMessagePayload(flagged)).toEqual([]);
    expect(codes(validateMessagePayload({ ...flagged, content: 'x', embeds: [{ title: 't' }] }))).toEqual(['FIELD_NOT_ALLOWED /content', 'FIELD_NOT_ALLOWED /embeds']);
  });

  it('GIVEN v2 flag THEN more than 5 top-level rows are allowed, and bad placement is refused', () => {
    const rows = Array.from({ length: 8 }, (_, i) => row(btn(`b${i}`)));
    expect(validateMessagePayload({ components: rows, flags: 32768 })).toEqual([]);
    expect(codes(validateMessagePayload({ components: [{ type: 11, media: { url: 'https://x.y/a.png' } }], flags: 32768 }))).toEqual(['INVALID_NESTING /components/0']);
    expect(codes(validateMessagePayload({ components: [{ type: 17, components: [{ type: 17, components: [] }] }], flags: 32768 }))).toEqual(['INVALID_NESTING /components/0/components/0']);
    expect(codes(validateMessagePayload({ components: [{ type: 9, components: [{ type: 10, content: 'x' }] }], flags: 32768 }))).toEqual(['REQUIRED /components/0/accessory']);
  });

  it('GIVEN v2 components in a legacy message with no flag THEN the hint says how to fix it', () => {
    const issues = validateMessageComponents([{ type: 10, content: 'x' }], { componentsV2: false });
    expect(codes(issues)).toEqual(['INVALID_NESTING /0']);
    expect(issues[0]!.hint).toContain('1<<15');
  });

  it('GIVEN media URLs THEN thumbnails take http(s) or attachment, files only attachment', () => {
    expect(validateMessagePayload({ components: [{ type: 13, file: { url: 'attachment://a.pdf' } }], flags: 32768 })).toEqual([]);
    expect(codes(validateMessagePayload({ components: [{ type: 13, file: { url: 'https://x.y/a.pdf' } }], flags: 32768 }))).toEqual(['INVALID_URL /components/0/file/url']);
    expect(codes(validateMessagePayload({ components: [{ type: 14, spacing: 3 }], flags: 32768 }))).toEqual(['INVALID_ENUM /components/0/spacing']);
  });

  it('GIVEN unknown component types THEN they pass untouched anywhere', () => {
    expect(validateMessagePayload({ components: [{ type: 99, anything: [1, 2] }], flags: 32768 })).toEqual([]);
    expect(validateMessageComponents([row({ type: 42 })])).toEqual([]);
  });
});

describe('modals', () => {
  it('GIVEN the seed modal as legacy rows and as labels THEN both pass', () => {
    expect(modal([row(input({ label: 'Subject', custom_id: 'subject' })), row(input({ label: 'Details', custom_id: 'details', style: 2 }))])).toEqual([]);
    expect(modal([label(input({ custom_id: 'subject' })), { type: 10, content: 'note' }])).toEqual([]);
  });

  it('GIVEN buttons or v2 layout in a modal THEN INVALID_NESTING', () => {
    expect(codes(modal([row(btn('a'))]))).toEqual(['INVALID_NESTING /components/0/components/0']);
    expect(codes(modal([{ type: 17, components: [] }]))).toEqual(['INVALID_NESTING /components/0']);
    expect(codes(modal([label({ type: 2, style: 1, label: 'x', custom_id: 'x' })]))).toEqual(['INVALID_NESTING /components/0/component']);
    expect(codes(modal([row(input({ label: 'a', custom_id: 'a' }), input({ label: 'b', custom_id: 'b' }))]))).toEqual(['TOO_MANY /components/0/components/1']);
  });
});

describe('hostile and malformed input', () => {
  it('GIVEN non-objects and junk THEN typed issues, never a throw', () => {
    expect(codes(validateMessagePayload(null))).toEqual(['TYPE_MISMATCH ']);
    expect(codes(validateMessagePayload({ components: 'x' }))).toEqual(['TYPE_MISMATCH /components']);
    expect(codes(validateMessagePayload({ components: [null, 5, { type: '1' }, {}] }))).toEqual([
      'TYPE_MISMATCH /components/0',
      'TYPE_MISMATCH /components/1',
      'TYPE_MISMATCH /components/2/type',
      'REQUIRED /components/3/type',
    ]);
    expect(codes(validateModal('modal'))).toEqual(['TYPE_MISMATCH ']);
    expect(codes(validateModal({}))).toEqual(['REQUIRED /title', 'REQUIRED /custom_id', 'TYPE_MISMATCH /components']);
    expect(codes(validateMessagePayload({ flags: -1 }))).toEqual(['TYPE_MISMATCH /flags']);
    expect(codes(validateMessagePayload({ content: 5 }))).toEqual(['TYPE_MISMATCH /content']);
  });

  it('GIVEN deep nesting and huge arrays THEN validation stays bounded and reports', () => {
    let node: unknown = { type: 10, content: 'x' };
    for (let i = 0; i < 2000; i++) node = { type: 17, components: [node] };
    const issues = validateMessagePayload({ components: [node], flags: 32768 });
    expect(issues.length).toBeGreaterThan(0);
    const big = validateMessageComponents(Array.from({ length: 10_000 }, () => row(btn('same'))));
    expect(big.filter((i) => i.code === 'DUPLICATE_CUSTOM_ID')).toHaveLength(9_999);
    expect(big.some((i) => i.code === 'TOO_MANY' && i.path === '/5')).toBe(true);
  });

  it('GIVEN __proto__ keys and prototype-less objects THEN nothing is polluted', () => {
    const evil = JSON.parse('{"type":1,"components":[{"type":2,"style":1,"label":"x","custom_id":"__proto__","__proto__":{"polluted":true}}]}');
    expect(validateMessageComponents([evil])).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bare = Object.assign(Object.create(null), { type: 10, content: 'x' });
    expect(validateMessagePayload({ components: [bare], flags: 32768 })).toEqual([]);
  });

  it('GIVEN a payload with every kind of fault THEN every issue comes back at once', () => {
    const issues = validateMessagePayload({
      content: 'x'.repeat(2001),
      components: [row(btn('a'), btn('a', { label: 'x'.repeat(81) })), row(select({ options: [] })), btn('z')],
    });
    expect(codes(issues)).toEqual([
      'TOO_LONG /components/0/components/1/label',
      'DUPLICATE_CUSTOM_ID /components/0/components/1/custom_id',
      'TOO_FEW /components/1/components/0/options',
      'INVALID_NESTING /components/2',
      'TOO_LONG /content',
    ]);
    expect(issues).toHaveLength(5);
  });
});

describe('ValidationError across a process boundary', () => {
  it('GIVEN toJSON → JSON text → fromJSON THEN the issues survive', async () => {
    const { ValidationError } = await import('../src/index.js');
    const err = new ValidationError(validateMessageComponents([row(btn('a'), btn('a'))]));
    const back = ValidationError.fromJSON(JSON.parse(JSON.stringify(err)));
    expect(back.issues).toEqual(err.issues);
    expect(back.code).toBe('DUPLICATE_CUSTOM_ID');
    expect(ValidationError.fromJSON({ issues: 'junk', message: 'boom' }).issues[0]!.message).toBe('boom');
    expect(ValidationError.fromUnknown(new Error('x')).cause).toBeInstanceOf(Error);
  });
});

describe('absurd nesting never crashes', () => {
  const deep = (n: number, make: (inner: unknown) => unknown, leaf: unknown) => {
    let node = leaf;
    for (let i = 0; i < n; i++) node = make(node);
    return node;
  };

  it('GIVEN 100,000 nested containers, rows or labels THEN validators report INVALID_NESTING and return', async () => {
    const { buildMessage, componentFromJSON, validateCommandDeclarations, ValidationError } = await import('../src/index.js');
    const containers = deep(100_000, (c) => ({ type: 17, components: [c] }), { type: 10, content: 'x' });
    expect(validateMessagePayload({ components: [containers], flags: 32768 }).some((i) => i.code === 'INVALID_NESTING')).toBe(true);
    const rows = deep(100_000, (c) => ({ type: 1, components: [c] }), { type: 10, content: 'x' });
    expect(usesComponentsV2([rows])).toBe(false);
    expect(validateMessageComponents([rows]).length).toBeGreaterThan(0);
    const labels = deep(100_000, (c) => ({ type: 18, label: 'l', component: c }), input());
    expect(validateModal({ title: 't', custom_id: 'm', components: [labels] }).some((i) => i.code === 'INVALID_NESTING')).toBe(true);
    const options = deep(100_000, (o) => ({ type: 1, name: 's', description: 'd', options: [o] }), { type: 3, name: 'o', description: 'd' });
    expect(validateCommandDeclarations([{ name: 'c', description: 'd', options: [options] }]).some((i) => i.code === 'INVALID_NESTING')).toBe(true);
    expect(() => componentFromJSON(containers)).toThrow(ValidationError);
    expect(() => buildMessage({ components: [containers as never] })).toThrow(ValidationError);
  });

  it('GIVEN many duplicate custom_ids in a deep-ish tree THEN every duplicate is reported in linear time', () => {
    const rows = Array.from({ length: 20_000 }, () => row(btn('same')));
    const issues = validateMessagePayload({ components: [{ type: 17, components: rows }], flags: 32768 });
    expect(issues.filter((i) => i.code === 'DUPLICATE_CUSTOM_ID')).toHaveLength(19_999);
    expect(issues.find((i) => i.code === 'DUPLICATE_CUSTOM_ID')!.message).toContain('already used by components[0].components[0].components[0]');
  });
});
