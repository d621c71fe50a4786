import { describe, expect, it } from 'vitest';
import {
  validateInteractionResponse,
  validateMessagePayload,
  validateModal,
  type ValidationIssue,
} from '../src/index.js';

const s = (n: number, ch = 'x') => ch.repeat(n);
const btn = (i: number, extra: Record<string, unknown> = {}) => ({ type: 2, style: 1, label: `b${i}`, custom_id: `b${i}`, ...extra });
const row = (...components: unknown[]) => ({ type: 1, components });
const msg = (components: unknown[], extra: Record<string, unknown> = {}) => validateMessagePayload({ components, ...extra });
const v2 = (components: unknown[]) => validateMessagePayload({ components, flags: 1 << 15 });
const text = (content: string) => ({ type: 10, content });
const option = (i: number, extra: Record<string, unknown> = {}) => ({ label: `o${i}`, value: `v${i}`, ...extra });
const select = (extra: Record<string, unknown> = {}) => ({ type: 3, custom_id: 's', options: [option(0)], ...extra });
const input = (extra: Record<string, unknown> = {}) => ({ type: 4, style: 1, custom_id: 'ti', ...extra });
const label = (component: unknown, extra: Record<string, unknown> = {}) => ({ type: 18, label: 'L', component, ...extra });
const modal = (components: unknown[], extra: Record<string, unknown> = {}) => validateModal({ title: 'T', custom_id: 'm', components, ...extra });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(i));
const thumb = (extra: Record<string, unknown> = {}) => ({ type: 11, media: { url: 'https://cdn.example/a.png' }, ...extra });
const embed = (extra: Record<string, unknown>) => validateMessagePayload({ embeds: [extra] });

interface Case {
  name: string;
  at: number;
  build: (n: number) => ValidationIssue[];
  code: string;
  path: string;
  /** The first value that fails; `at + 1` unless given. */
  past?: number;
}

/** Every single-field and count limit of research/components.md §1: at the limit passes, one past fails. */
const cases: Case[] = [
  { name: 'custom_id ≤100', at: 100, build: (n) => msg([row(btn(0, { custom_id: s(n) }))]), code: 'TOO_LONG', path: '/components/0/components/0/custom_id' },
  { name: 'custom_id ≥1', at: 1, past: 0, build: (n) => msg([row(btn(0, { custom_id: s(n) }))]), code: 'TOO_SHORT', path: '/components/0/components/0/custom_id' },
  { name: 'component id ≤2^31−1', at: 2 ** 31 - 1, build: (n) => msg([row(btn(0, { id: n }))]), code: 'OUT_OF_RANGE', path: '/components/0/components/0/id' },
  { name: 'button label ≤80', at: 80, build: (n) => msg([row(btn(0, { label: s(n) }))]), code: 'TOO_LONG', path: '/components/0/components/0/label' },
  { name: 'button url ≤512', at: 512, build: (n) => msg([row({ type: 2, style: 5, label: 'go', url: 'https://e.x/' + s(n - 12) })]), code: 'TOO_LONG', path: '/components/0/components/0/url' },
  { name: '≤5 buttons per row', at: 5, build: (n) => msg([row(...Array.from({ length: n }, (_, i) => btn(i)))]), code: 'TOO_MANY', path: '/components/0/components/5' },
  { name: '≤5 rows in a legacy message', at: 5, build: (n) => msg(Array.from({ length: n }, (_, i) => row(btn(i)))), code: 'TOO_MANY', path: '/components/5' },
  { name: 'content ≤2000', at: 2000, build: (n) => validateMessagePayload({ content: s(n) }), code: 'TOO_LONG', path: '/content' },
  { name: '≤40 components in a v2 message', at: 40, build: (n) => v2(Array.from({ length: n }, () => ({ type: 14 }))), code: 'TOO_MANY_COMPONENTS', path: '/components' },
  { name: 'nested components count toward 40', at: 40, build: (n) => v2([{ type: 17, components: Array.from({ length: n - 1 }, () => ({ type: 14 })) }]), code: 'TOO_MANY_COMPONENTS', path: '/components' },
  { name: '≤4000 text characters per v2 message', at: 4000, build: (n) => v2([text(s(2000)), text(s(n - 2000))]), code: 'TEXT_TOO_LONG', path: '/components' },
  { name: 'text display ≤4000', at: 4000, build: (n) => modal([text(s(n))]), code: 'TOO_LONG', path: '/components/0/content' },
  { name: 'select options ≤25', at: 25, build: (n) => msg([row(select({ options: options(n) }))]), code: 'TOO_MANY', path: '/components/0/components/0/options/25' },
  { name: 'select options ≥1', at: 1, past: 0, build: (n) => msg([row(select({ options: options(n) }))]), code: 'TOO_FEW', path: '/components/0/components/0/options' },
  { name: 'option label ≤100', at: 100, build: (n) => msg([row(select({ options: [option(0, { label: s(n) })] }))]), code: 'TOO_LONG', path: '/components/0/components/0/options/0/label' },
  { name: 'option value ≤100', at: 100, build: (n) => msg([row(select({ options: [option(0, { value: s(n) })] }))]), code: 'TOO_LONG', path: '/components/0/components/0/options/0/value' },
  { name: 'option description ≤100', at: 100, build: (n) => msg([row(select({ options: [option(0, { description: s(n) })] }))]), code: 'TOO_LONG', path: '/components/0/components/0/options/0/description' },
  { name: 'placeholder ≤150', at: 150, build: (n) => msg([row(select({ placeholder: s(n) }))]), code: 'TOO_LONG', path: '/components/0/components/0/placeholder' },
  { name: 'min_values ≤25', at: 25, build: (n) => msg([row(select({ options: options(25), min_values: n, max_values: 25 }))]), code: 'OUT_OF_RANGE', path: '/components/0/components/0/min_values' },
  { name: 'max_values ≤25', at: 25, build: (n) => msg([row(select({ options: options(25), max_values: n }))]), code: 'OUT_OF_RANGE', path: '/components/0/components/0/max_values' },
  { name: 'max_values ≥1', at: 1, past: 0, build: (n) => msg([row(select({ max_values: n, min_values: 0 }))]), code: 'OUT_OF_RANGE', path: '/components/0/components/0/max_values' },
  { name: 'user select default_values ≤ max_values', at: 3, build: (n) => msg([row({ type: 5, custom_id: 'u', max_values: 3, default_values: Array.from({ length: n }, (_, i) => ({ id: `${100 + i}`, type: 'user' })) })]), code: 'DEFAULTS_OUT_OF_RANGE', path: '/components/0/components/0' },
  { name: 'modal title ≤45', at: 45, build: (n) => modal([label(input())], { title: s(n) }), code: 'TOO_LONG', path: '/title' },
  { name: 'modal custom_id ≤100', at: 100, build: (n) => modal([label(input())], { custom_id: s(n) }), code: 'TOO_LONG', path: '/custom_id' },
  { name: 'modal components ≤5', at: 5, build: (n) => modal(Array.from({ length: n }, (_, i) => label(input({ custom_id: `t${i}` })))), code: 'TOO_MANY', path: '/components/5' },
  { name: 'modal components ≥1', at: 1, past: 0, build: (n) => modal(Array.from({ length: n }, (_, i) => label(input({ custom_id: `t${i}` })))), code: 'TOO_FEW', path: '/components' },
  { name: 'label ≤45', at: 45, build: (n) => modal([label(input(), { label: s(n) })]), code: 'TOO_LONG', path: '/components/0/label' },
  { name: 'label description ≤100', at: 100, build: (n) => modal([label(input(), { description: s(n) })]), code: 'TOO_LONG', path: '/components/0/description' },
  { name: 'text input min_length ≤4000', at: 4000, build: (n) => modal([label(input({ min_length: n }))]), code: 'OUT_OF_RANGE', path: '/components/0/component/min_length' },
  { name: 'text input min_length ≥0', at: 0, past: -1, build: (n) => modal([label(input({ min_length: n }))]), code: 'OUT_OF_RANGE', path: '/components/0/component/min_length' },
  { name: 'text input max_length ≤4000', at: 4000, build: (n) => modal([label(input({ max_length: n }))]), code: 'OUT_OF_RANGE', path: '/components/0/component/max_length' },
  { name: 'text input max_length ≥1', at: 1, past: 0, build: (n) => modal([label(input({ max_length: n }))]), code: 'OUT_OF_RANGE', path: '/components/0/component/max_length' },
  { name: 'text input value ≤4000', at: 4000, build: (n) => modal([label(input({ value: s(n) }))]), code: 'TOO_LONG', path: '/components/0/component/value' },
  { name: 'text input placeholder ≤100', at: 100, build: (n) => modal([label(input({ placeholder: s(n) }))]), code: 'TOO_LONG', path: '/components/0/component/placeholder' },
  { name: 'legacy text input label ≤45', at: 45, build: (n) => modal([row(input({ label: s(n) }))]), code: 'TOO_LONG', path: '/components/0/components/0/label' },
  { name: 'file upload max_values ≤10', at: 10, build: (n) => modal([label({ type: 19, custom_id: 'f', max_values: n })]), code: 'OUT_OF_RANGE', path: '/components/0/component/max_values' },
  { name: 'file upload min_values ≤10', at: 10, build: (n) => modal([label({ type: 19, custom_id: 'f', min_values: n, max_values: 10 })]), code: 'OUT_OF_RANGE', path: '/components/0/component/min_values' },
  { name: 'file upload file_types ≤10', at: 10, build: (n) => modal([label({ type: 19, custom_id: 'f', file_types: Array.from({ length: n }, (_, i) => `.e${i}`) })]), code: 'TOO_MANY', path: '/components/0/component/file_types/10' },
  { name: 'radio options ≥2', at: 2, past: 1, build: (n) => modal([label({ type: 21, custom_id: 'r', options: options(n) })]), code: 'TOO_FEW', path: '/components/0/component/options' },
  { name: 'radio options ≤10', at: 10, build: (n) => modal([label({ type: 21, custom_id: 'r', options: options(n) })]), code: 'TOO_MANY', path: '/components/0/component/options/10' },
  { name: 'radio option label ≤100', at: 100, build: (n) => modal([label({ type: 21, custom_id: 'r', options: [option(0, { label: s(n) }), option(1)] })]), code: 'TOO_LONG', path: '/components/0/component/options/0/label' },
  { name: 'checkbox group options ≤10', at: 10, build: (n) => modal([label({ type: 22, custom_id: 'c', options: options(n) })]), code: 'TOO_MANY', path: '/components/0/component/options/10' },
  { name: 'checkbox group max_values ≤10', at: 10, build: (n) => modal([label({ type: 22, custom_id: 'c', options: options(10), max_values: n })]), code: 'OUT_OF_RANGE', path: '/components/0/component/max_values' },
  { name: 'checkbox group min_values ≤10', at: 10, build: (n) => modal([label({ type: 22, custom_id: 'c', options: options(10), min_values: n, max_values: 10 })]), code: 'OUT_OF_RANGE', path: '/components/0/component/min_values' },
  { name: 'section text displays ≤3', at: 3, build: (n) => v2([{ type: 9, components: Array.from({ length: n }, () => text('t')), accessory: thumb() }]), code: 'TOO_MANY', path: '/components/0/components/3' },
  { name: 'gallery items ≤10', at: 10, build: (n) => v2([{ type: 12, items: Array.from({ length: n }, () => ({ media: { url: 'https://e.x/a.png' } })) }]), code: 'TOO_MANY', path: '/components/0/items/10' },
  { name: 'media alt text ≤1024', at: 1024, build: (n) => v2([{ type: 9, components: [text('t')], accessory: thumb({ description: s(n) }) }]), code: 'TOO_LONG', path: '/components/0/accessory/description' },
  { name: 'accent_color ≤0xFFFFFF', at: 0xffffff, build: (n) => v2([{ type: 17, accent_color: n, components: [text('t')] }]), code: 'OUT_OF_RANGE', path: '/components/0/accent_color' },
  { name: 'embeds ≤10', at: 10, build: (n) => validateMessagePayload({ embeds: Array.from({ length: n }, () => ({ title: 't' })) }), code: 'TOO_MANY', path: '/embeds/10' },
  { name: 'embed title ≤256', at: 256, build: (n) => embed({ title: s(n) }), code: 'TOO_LONG', path: '/embeds/0/title' },
  { name: 'embed description ≤4096', at: 4096, build: (n) => embed({ description: s(n) }), code: 'TOO_LONG', path: '/embeds/0/description' },
  { name: 'embed fields ≤25', at: 25, build: (n) => embed({ fields: Array.from({ length: n }, () => ({ name: 'n', value: 'v' })) }), code: 'TOO_MANY', path: '/embeds/0/fields/25' },
  { name: 'embed field name ≤256', at: 256, build: (n) => embed({ fields: [{ name: s(n), value: 'v' }] }), code: 'TOO_LONG', path: '/embeds/0/fields/0/name' },
  { name: 'embed field value ≤1024', at: 1024, build: (n) => embed({ fields: [{ name: 'n', value: s(n) }] }), code: 'TOO_LONG', path: '/embeds/0/fields/0/value' },
  { name: 'embed footer ≤2048', at: 2048, build: (n) => embed({ footer: { text: s(n) } }), code: 'TOO_LONG', path: '/embeds/0/footer/text' },
  { name: 'embed author ≤256', at: 256, build: (n) => embed({ author: { name: s(n) } }), code: 'TOO_LONG', path: '/embeds/0/author/name' },
  { name: 'embeds ≤6000 characters in total', at: 6000, build: (n) => validateMessagePayload({ embeds: [{ description: s(4000) }, { description: s(n - 4000) }] }), code: 'TOO_LONG', path: '/embeds' },
  { name: 'autocomplete ≤25 choices', at: 25, build: (n) => validateInteractionResponse({ type: 8, data: { choices: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, value: i })) } }), code: 'TOO_MANY', path: '/data/choices/25' },
];

describe('every limit, at the boundary', () => {
  it.each(cases)('$name', ({ at, past, build, code, path }) => {
    expect(build(at)).toEqual([]);
    const issues = build(past ?? at + 1);
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([`${code} ${path}`]);
    expect(issues[0]!.message.length).toBeGreaterThan(10);
  });
});

describe('length counts code points', () => {
  it('GIVEN 80 emoji in a button label (160 UTF-16 units) THEN it passes; 81 THEN TOO_LONG', () => {
    expect(msg([row(btn(0, { label: s(80, '🎉') }))])).toEqual([]);
    expect(msg([row(btn(0, { label: s(81, '🎉') }))]).map((i) => i.code)).toEqual(['TOO_LONG']);
  });
});
