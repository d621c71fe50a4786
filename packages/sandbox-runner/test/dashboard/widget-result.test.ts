import { WIDGET_RESULT_TYPES, validateWidgetResult } from '@maidkit/manifest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { widgetsByHandler } from '../../src/index.js';

describe('validateWidgetResult (seed 002\'s table)', () => {
  it('GIVEN the seed\'s example return values THEN each fits its widget', () => {
    const examples: Record<string, unknown> = {
      stat_card: { value: 1234, change: '+12%' },
      chart: { labels: ['Mon', 'Tue'], series: [{ name: 'Messages', data: [1, 2] }] },
      table: { rows: [{ a: 1 }], total: 100 },
      list: { items: [{ label: 'a', value: 'b' }] },
      progress_bar: { value: 75, max: 100, label: '…' },
      text: { text: 'Plain text content' },
      markdown: { markdown: '# Heading\n- bullet' },
      alert: { level: 'info', message: '…' },
      form: { values: { channel_id: '', message: 'Welcome!' } },
      form_save: { ok: true },
    };
    for (const type of WIDGET_RESULT_TYPES) expect([type, validateWidgetResult(type, examples[type])]).toEqual([type, []]);
  });

  it('GIVEN wrong shapes THEN every problem comes back at once with a path, a code and the expected shape as hint', () => {
    const chart = validateWidgetResult('chart', { labels: ['a', {}], series: [{ data: [1, 'x', 3] }, 5] });
    expect(chart.map((i) => [i.path, i.code])).toEqual([
      ['/labels/1', 'widget.type'],
      ['/series/0/name', 'widget.type'],
      ['/series/0/data', 'widget.length_mismatch'],
      ['/series/0/data/1', 'widget.type'],
      ['/series/1', 'widget.type'],
    ]);
    expect(chart[0]!.hint).toMatch(/labels.*series/);
    expect(validateWidgetResult('stat_card', {}).map((i) => i.path)).toEqual(['/value']);
    expect(validateWidgetResult('alert', { level: 'fatal' }).map((i) => i.code)).toEqual(['widget.enum', 'widget.required']);
    expect(validateWidgetResult('form_save', { ok: 'yes' })[0]!.code).toBe('widget.type');
    expect(validateWidgetResult('nope', {})[0]!.code).toBe('widget.unknown_type');
  });

  it('GIVEN hostile values THEN it answers with problems, never throws', () => {
    for (const v of [null, undefined, [], 'x', 1, { ['__proto__']: { value: 1 } }, Object.create(null), { labels: new Array(20_000).fill('a'), series: [] }]) {
      for (const type of WIDGET_RESULT_TYPES) expect(Array.isArray(validateWidgetResult(type, v))).toBe(true);
    }
    fc.assert(fc.property(fc.constantFrom(...WIDGET_RESULT_TYPES), fc.anything(), (type, v) => Array.isArray(validateWidgetResult(type, v))));
  });

  it('maps a dashboard manifest\'s handlers to widget types (save_method → form_save), "__proto__" included safely', () => {
    const map = widgetsByHandler({ pages: [{ widgets: [{ type: 'form', rpc_method: 'dashboard.get_settings', save_method: 'dashboard.save_settings' }, { type: 'stat_card', rpc_method: '__proto__' }, { type: 'chart', rpc_method: 'get_settings' }] }] });
    expect(map['get_settings']).toEqual(['form', 'chart']);
    expect(map['save_settings']).toEqual(['form_save']);
    expect(map['__proto__']).toEqual(['stat_card']);
    expect(widgetsByHandler(null)).toEqual({});
    expect(widgetsByHandler({ pages: 'x' })).toEqual({});
  });
});
