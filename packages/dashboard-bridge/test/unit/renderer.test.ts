import { describe, expect, it } from 'vitest';
import { niceMax } from '../../src/renderer/chartSvg.js';
import { readField } from '../../src/renderer/formWidget.js';
import { validateDashboardManifest } from '../../src/renderer/validateDashboardManifest.js';
import { expectedShape, validateWidgetData } from '../../src/renderer/widgetData.js';

const seedManifest = {
  pages: [
    {
      id: 'overview',
      title: 'Overview',
      widgets: [
        { id: 'active_users', type: 'stat_card', title: 'Active users', rpc_method: 'dashboard.get_active_users' },
        { id: 'messages_chart', type: 'chart', chart_type: 'line', title: 'Messages per day', rpc_method: 'dashboard.get_messages_chart' },
        {
          id: 'settings_form',
          type: 'form',
          title: 'Settings',
          rpc_method: 'dashboard.get_settings',
          save_method: 'dashboard.save_settings',
          fields: [
            { name: 'channel_id', label: 'Welcome channel', type: 'channel' },
            { name: 'message', label: 'Welcome text', type: 'text' },
          ],
        },
      ],
    },
  ],
};

describe('validateDashboardManifest', () => {
  it("GIVEN seed 002's manifest THEN no problems", () => {
    expect(validateDashboardManifest(seedManifest)).toEqual([]);
  });

  it('GIVEN a broken manifest THEN every problem at once, with paths and codes', () => {
    const problems = validateDashboardManifest({
      pages: [
        { id: 'a', title: 'A', widgets: [{ id: 'w', type: 'pie', rpc_method: 'dashboard.x' }, { id: 'w', type: 'form', rpc_method: 'javascript:alert(1)', fields: [{ name: 'f', type: 'select' }, { name: 'f', type: 'color' }] }] },
        { id: 'a', widgets: 'none' },
        'page',
      ],
    });
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '/pages/0/widgets/0/type enum',
      '/pages/0/widgets/1/id duplicate',
      '/pages/0/widgets/1/rpc_method pattern',
      '/pages/0/widgets/1/save_method required',
      '/pages/0/widgets/1/fields/0/options required',
      '/pages/0/widgets/1/fields/1/name duplicate',
      '/pages/0/widgets/1/fields/1/type enum',
      '/pages/1/id duplicate',
      '/pages/1/title required',
      '/pages/1/widgets type',
      '/pages/2 type',
    ]);
    expect(validateDashboardManifest(null)[0]?.code).toBe('type');
    expect(validateDashboardManifest({})[0]).toMatchObject({ path: '/pages', code: 'required' });
  });
});

describe('validateWidgetData: the handler return shapes of seed 002', () => {
  it('GIVEN the seed table examples THEN all pass', () => {
    const ok: [Parameters<typeof validateWidgetData>[0], unknown][] = [
      ['stat_card', { value: 1234, change: '+12%' }],
      ['chart', { labels: ['a', 'b'], series: [{ name: 'Messages', data: [1, 2] }] }],
      ['table', { rows: [{ a: 1 }], total: 100 }],
      ['list', { items: [{ label: 'x', value: 'y' }] }],
      ['progress_bar', { value: 75, max: 100, label: '…' }],
      ['text', { text: 'Plain text content' }],
      ['markdown', { markdown: '# Heading\n- bullet' }],
      ['alert', { level: 'info', message: '…' }],
      ['form', { values: {} }],
      ['form_save', { ok: true }],
    ];
    for (const [t, d] of ok) expect(validateWidgetData(t, d), t).toEqual([]);
  });

  it('GIVEN wrong shapes THEN the problems say where (the host-side check of @maidkit/manifest, one line each)', () => {
    expect(validateWidgetData('stat_card', { count: 3 })).toEqual(['/value: value is missing']);
    expect(validateWidgetData('stat_card', { value: [] })).toEqual(['/value: value must be a number or a string, got an array']);
    expect(validateWidgetData('chart', { labels: ['a'], series: [{ name: 'm', data: [1, 'x'] }] })).toEqual(['/series/0/data: data has 2 values for 1 labels', '/series/0/data/1: must be a number (or null), got string']);
    expect(validateWidgetData('table', { rows: [1] })).toEqual(['/rows/0: a row must be an object, got number']);
    expect(validateWidgetData('alert', { level: 'fatal', message: 1 })).toHaveLength(2);
    expect(validateWidgetData('progress_bar', { value: 1, max: 0 })).toEqual(['/max: max must be a positive number, got number']);
    expect(validateWidgetData('text', 'hello')).toEqual(['the handler returned string, not an object']);
    expect(validateWidgetData('form', null)).toEqual(['the handler returned null, not an object']);
    expect(validateWidgetData('form_save', { ok: 'yes' })).toEqual(['/ok: ok must be true or false, got string']);
  });

  it('GIVEN a widget type THEN the expected shape is the one seed 002 documents', () => {
    expect(expectedShape('stat_card')).toBe('Expected {"value": 1234, "change": "+12%"}');
    expect(expectedShape('nope')).toBe('Expected an object');
  });
});

describe('form fields and chart scale', () => {
  it('GIVEN channel/role/user fields THEN ids and mentions pass, anything else is refused', () => {
    const channel = { name: 'c', label: 'Welcome channel', type: 'channel' as const };
    expect(readField(channel, '123456789012345678')).toEqual({ value: '123456789012345678' });
    expect(readField(channel, '<#123456789012345678>')).toEqual({ value: '123456789012345678' });
    expect(readField(channel, 'general')).toEqual({ error: 'Welcome channel must be a channel id (17–20 digits) or mention' });
    expect(readField({ name: 'r', type: 'role' }, '<@&123456789012345678>')).toEqual({ value: '123456789012345678' });
    expect(readField({ name: 'u', type: 'user', required: true }, ' ')).toEqual({ error: 'u is required' });
    expect(readField(channel, '')).toEqual({ value: '' });
    expect(readField({ name: 'n', type: 'number', min: 1, max: 5 }, '9')).toEqual({ error: 'n must be at most 5' });
    expect(readField({ name: 'b', type: 'boolean' }, true)).toEqual({ value: true });
    expect(readField({ name: 't', type: 'text', max_length: 3 }, 'abcd')).toEqual({ error: 't is longer than 3 characters' });
  });

  it('GIVEN maxima THEN niceMax rounds up to 1/2/2.5/4/5/6/8 steps', () => {
    expect([0, 7, 12, 23, 480, 1234].map(niceMax)).toEqual([1, 8, 20, 25, 500, 2000]);
  });
});
