/**
 * The value a dashboard handler must return for each widget type (seed 002's table), checked by the host
 * before the value leaves it and usable by any renderer. Returns every problem at once, each with a
 * JSON Pointer into the value, a stable code and a hint; an empty list means the value fits.
 */
export type WidgetResultType = 'stat_card' | 'chart' | 'table' | 'list' | 'progress_bar' | 'text' | 'markdown' | 'alert' | 'form' | 'form_save';

export const WIDGET_RESULT_TYPES: readonly WidgetResultType[] = ['stat_card', 'chart', 'table', 'list', 'progress_bar', 'text', 'markdown', 'alert', 'form', 'form_save'];

export interface WidgetResultIssue {
  path: string;
  code: 'widget.not_object' | 'widget.required' | 'widget.type' | 'widget.length_mismatch' | 'widget.enum' | 'widget.too_many' | 'widget.unknown_type';
  message: string;
  hint: string;
}

/** Seed 002's table: what each widget's handler returns. */
export const WIDGET_RESULT_SHAPES: Readonly<Record<WidgetResultType, string>> = {
  stat_card: '{"value": 1234, "change": "+12%"}',
  chart: '{"labels": [...], "series": [{"name": "...", "data": [...]}]}',
  table: '{"rows": [{...}, ...], "total": 100}',
  list: '{"items": [{"label": "...", "value": "..."}, ...]}',
  progress_bar: '{"value": 75, "max": 100, "label": "…"}',
  text: '{"text": "Plain text content"}',
  markdown: '{"markdown": "# Heading\\n- bullet"}',
  alert: '{"level": "info", "message": "…"} (level: info / warn / error)',
  form: '{"values": {...}}',
  form_save: '{"ok": true}',
};

const MAX_ITEMS = 10_000;

type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export function isWidgetResultType(value: unknown): value is WidgetResultType {
  return typeof value === 'string' && (WIDGET_RESULT_TYPES as readonly string[]).includes(value);
}

export function validateWidgetResult(type: string, value: unknown): WidgetResultIssue[] {
  const out: WidgetResultIssue[] = [];
  if (!isWidgetResultType(type)) {
    return [{ path: '', code: 'widget.unknown_type', message: `"${String(type).slice(0, 40)}" is not a widget type`, hint: `one of ${WIDGET_RESULT_TYPES.join(', ')}` }];
  }
  const hint = `a ${type === 'form_save' ? 'form save handler' : `${type} handler`} returns ${WIDGET_RESULT_SHAPES[type]}`;
  const add = (path: string, code: WidgetResultIssue['code'], message: string) => out.push({ path, code, message, hint });
  if (!isObj(value)) {
    add('', 'widget.not_object', `the handler returned ${kind(value)}, not an object`);
    return out;
  }
  const need = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!(key in value) || value[key] === undefined) add(`/${key}`, 'widget.required', `${key} is missing`);
    else if (!ok(value[key])) add(`/${key}`, 'widget.type', `${key} must be ${what}, got ${kind(value[key])}`);
  };
  const may = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (value[key] !== undefined && value[key] !== null && !ok(value[key])) add(`/${key}`, 'widget.type', `${key} must be ${what}, got ${kind(value[key])}`);
  };
  const list = (key: string, each: (item: unknown, path: string) => void) => {
    const v = value[key];
    if (!Array.isArray(v)) return;
    if (v.length > MAX_ITEMS) add(`/${key}`, 'widget.too_many', `${key} has ${v.length} entries; at most ${MAX_ITEMS}`);
    else v.forEach((item, i) => each(item, `/${key}/${i}`));
  };
  switch (type) {
    case 'stat_card':
      need('value', (v) => isNum(v) || typeof v === 'string', 'a number or a string');
      may('change', (v) => typeof v === 'string' || isNum(v), 'a string like "+12%"');
      break;
    case 'chart': {
      need('labels', Array.isArray, 'an array');
      need('series', Array.isArray, 'an array of {name, data}');
      list('labels', (l, path) => typeof l !== 'string' && !isNum(l) && add(path, 'widget.type', `label must be a string or a number, got ${kind(l)}`));
      const n = Array.isArray(value['labels']) ? value['labels'].length : undefined;
      list('series', (s, path) => {
        if (!isObj(s)) return void add(path, 'widget.type', `a series must be {name, data}, got ${kind(s)}`);
        if (typeof s['name'] !== 'string') add(`${path}/name`, 'widget.type', 'name must be a string');
        if (!Array.isArray(s['data'])) return void add(`${path}/data`, 'widget.type', 'data must be an array of numbers');
        if (n !== undefined && s['data'].length !== n) add(`${path}/data`, 'widget.length_mismatch', `data has ${s['data'].length} values for ${n} labels`);
        s['data'].forEach((d, j) => d !== null && !isNum(d) && add(`${path}/data/${j}`, 'widget.type', `must be a number (or null), got ${kind(d)}`));
      });
      break;
    }
    case 'table':
      need('rows', Array.isArray, 'an array of objects');
      list('rows', (r, path) => !isObj(r) && add(path, 'widget.type', `a row must be an object, got ${kind(r)}`));
      may('total', (v) => isNum(v) && v >= 0, 'a non-negative number');
      break;
    case 'list':
      need('items', Array.isArray, 'an array of {label, value}');
      list('items', (it, path) => {
        if (!isObj(it)) add(path, 'widget.type', `an item must be {label, value}, got ${kind(it)}`);
        else if (typeof it['label'] !== 'string' && !isNum(it['label'])) add(`${path}/label`, 'widget.type', 'label must be a string');
      });
      break;
    case 'progress_bar':
      need('value', isNum, 'a number');
      may('max', (v) => isNum(v) && v > 0, 'a positive number');
      may('label', (v) => typeof v === 'string', 'a string');
      break;
    case 'text':
      need('text', (v) => typeof v === 'string', 'a string');
      break;
    case 'markdown':
      need('markdown', (v) => typeof v === 'string', 'a string');
      break;
    case 'alert':
      if (value['level'] !== 'info' && value['level'] !== 'warn' && value['level'] !== 'error') add('/level', 'widget.enum', `level must be "info", "warn" or "error", got ${JSON.stringify(value['level'] ?? null).slice(0, 40)}`);
      need('message', (v) => typeof v === 'string', 'a string');
      break;
    case 'form':
      need('values', isObj, 'an object of field name → value');
      break;
    case 'form_save':
      need('ok', (v) => typeof v === 'boolean', 'true or false');
      may('error', (v) => typeof v === 'string', 'a string');
      break;
  }
  return out;
}
