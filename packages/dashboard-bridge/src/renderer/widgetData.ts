/**
 * The shape each widget's handler must return (seed 002's table), checked before drawing so a wrong
 * return value becomes a clear error state instead of a half-drawn widget.
 */
import type { WidgetType } from './types.js';

export interface StatCardData { value: number | string; change?: string | number | null }
export interface ChartData { labels: (string | number)[]; series: { name: string; data: (number | null)[] }[] }
export interface TableData { rows: Record<string, unknown>[]; total?: number }
export interface ListData { items: { label: string; value?: unknown }[] }
export interface ProgressData { value: number; max?: number; label?: string }
export interface TextData { text: string }
export interface MarkdownData { markdown: string }
export interface AlertData { level: 'info' | 'warn' | 'error'; message: string }
export interface FormGetData { values: Record<string, unknown> }
export interface FormSaveData { ok: boolean; error?: string }

export interface WidgetDataMap {
  stat_card: StatCardData;
  chart: ChartData;
  table: TableData;
  list: ListData;
  progress_bar: ProgressData;
  text: TextData;
  markdown: MarkdownData;
  alert: AlertData;
  form: FormGetData;
}

type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MAX_ITEMS = 5000;

/** Problems with `data` as the result of a `type` widget's handler; empty = OK. */
export function validateWidgetData(type: WidgetType | 'form_save', data: unknown): string[] {
  const p: string[] = [];
  if (!isObj(data)) return [`/ must be an object, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`];
  switch (type) {
    case 'stat_card':
      if (!isNum(data.value) && typeof data.value !== 'string') p.push('/value must be a number or a string');
      if (data.change !== undefined && data.change !== null && typeof data.change !== 'string' && !isNum(data.change)) p.push('/change must be a string like "+12%"');
      break;
    case 'chart': {
      if (!Array.isArray(data.labels)) p.push('/labels must be an array');
      else if (data.labels.length > MAX_ITEMS) p.push(`/labels has more than ${MAX_ITEMS} entries`);
      else data.labels.forEach((l, i) => typeof l !== 'string' && !isNum(l) && p.push(`/labels/${i} must be a string or number`));
      if (!Array.isArray(data.series)) {
        p.push('/series must be an array of {name, data}');
        break;
      }
      const n = Array.isArray(data.labels) ? data.labels.length : 0;
      data.series.forEach((s, i) => {
        if (!isObj(s)) return void p.push(`/series/${i} must be {name, data}`);
        if (typeof s.name !== 'string') p.push(`/series/${i}/name must be a string`);
        if (!Array.isArray(s.data)) return void p.push(`/series/${i}/data must be an array of numbers`);
        if (s.data.length !== n) p.push(`/series/${i}/data has ${s.data.length} values for ${n} labels`);
        s.data.forEach((d, j) => d !== null && !isNum(d) && p.push(`/series/${i}/data/${j} must be a number`));
      });
      break;
    }
    case 'table':
      if (!Array.isArray(data.rows)) p.push('/rows must be an array of objects');
      else data.rows.forEach((r, i) => !isObj(r) && p.push(`/rows/${i} must be an object`));
      if (data.total !== undefined && (!isNum(data.total) || data.total < 0)) p.push('/total must be a non-negative number');
      break;
    case 'list':
      if (!Array.isArray(data.items)) p.push('/items must be an array of {label, value}');
      else data.items.forEach((it, i) => (!isObj(it) || (typeof it.label !== 'string' && !isNum(it.label))) && p.push(`/items/${i} must be {label, value}`));
      break;
    case 'progress_bar':
      if (!isNum(data.value)) p.push('/value must be a number');
      if (data.max !== undefined && (!isNum(data.max) || data.max <= 0)) p.push('/max must be a positive number');
      if (data.label !== undefined && typeof data.label !== 'string') p.push('/label must be a string');
      break;
    case 'text':
      if (typeof data.text !== 'string') p.push('/text must be a string');
      break;
    case 'markdown':
      if (typeof data.markdown !== 'string') p.push('/markdown must be a string');
      break;
    case 'alert':
      if (data.level !== 'info' && data.level !== 'warn' && data.level !== 'error') p.push('/level must be "info", "warn" or "error"');
      if (typeof data.message !== 'string') p.push('/message must be a string');
      break;
    case 'form':
      if (!isObj(data.values)) p.push('/values must be an object of field name → value');
      break;
    case 'form_save':
      if (typeof data.ok !== 'boolean') p.push('/ok must be true or false');
      break;
  }
  return p;
}
