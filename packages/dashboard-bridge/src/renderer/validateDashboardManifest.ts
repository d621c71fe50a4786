/**
 * Validate a `dashboard_manifest.json` before drawing it. Returns every problem at once, each with a
 * JSON Pointer, a stable code and a hint; an empty list means the manifest can be rendered.
 */
import { HANDLER_NAME } from '../protocol/methods.js';
import { FIELD_TYPES, WIDGET_TYPES, type DashboardManifest, type DashboardProblem } from './types.js';

type Rec = Record<string, unknown>;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function validateDashboardManifest(value: unknown): DashboardProblem[] {
  const problems: DashboardProblem[] = [];
  const add = (path: string, code: DashboardProblem['code'], message: string, hint?: string): void => {
    problems.push(hint === undefined ? { path, code, message } : { path, code, message, hint });
  };
  const isObj = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (o: Rec, key: string, path: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined) {
      if (required) add(`${path}/${key}`, 'required', `${key} is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.length === 0) {
      add(`${path}/${key}`, 'type', `${key} must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const handler = (o: Rec, key: string, path: string, required: boolean): void => {
    const v = str(o, key, path, required);
    if (v !== undefined && !HANDLER_NAME.test(v.replace(/^dashboard\./, ''))) {
      add(`${path}/${key}`, 'pattern', `${key} "${v}" is not a handler name`, 'Use "dashboard.<name>" where <name> is what @plugin.on_dashboard("<name>") registers');
    }
  };

  if (!isObj(value)) {
    add('', 'type', 'The dashboard manifest must be a JSON object', 'Start from {"pages": [...]}');
    return problems;
  }
  const pages = value.pages;
  if (!Array.isArray(pages)) {
    add('/pages', pages === undefined ? 'required' : 'type', 'pages must be an array of pages');
    return problems;
  }
  if (pages.length === 0) add('/pages', 'range', 'pages is empty', 'Declare at least one page with widgets');
  const pageIds = new Set<string>();
  const widgetIds = new Set<string>();
  pages.forEach((page, pi) => {
    const pp = `/pages/${pi}`;
    if (!isObj(page)) return add(pp, 'type', 'a page must be an object');
    const id = str(page, 'id', pp, true);
    if (id !== undefined) {
      if (!ID.test(id)) add(`${pp}/id`, 'pattern', `page id "${id}" may use letters, digits, _ and - (1–64)`);
      if (pageIds.has(id)) add(`${pp}/id`, 'duplicate', `page id "${id}" is used twice`);
      pageIds.add(id);
    }
    str(page, 'title', pp, true);
    const widgets = page.widgets;
    if (!Array.isArray(widgets)) return add(`${pp}/widgets`, widgets === undefined ? 'required' : 'type', 'widgets must be an array');
    widgets.forEach((w, wi) => {
      const wp = `${pp}/widgets/${wi}`;
      if (!isObj(w)) return add(wp, 'type', 'a widget must be an object');
      const wid = str(w, 'id', wp, true);
      if (wid !== undefined) {
        if (!ID.test(wid)) add(`${wp}/id`, 'pattern', `widget id "${wid}" may use letters, digits, _ and - (1–64)`);
        if (widgetIds.has(wid)) add(`${wp}/id`, 'duplicate', `widget id "${wid}" is used twice`);
        widgetIds.add(wid);
      }
      const type = w.type;
      if (!(WIDGET_TYPES as readonly unknown[]).includes(type)) {
        add(`${wp}/type`, type === undefined ? 'required' : 'enum', `type must be one of ${WIDGET_TYPES.join(', ')}`);
      }
      if (w.title !== undefined) str(w, 'title', wp, false);
      handler(w, 'rpc_method', wp, true);
      if (type === 'chart' && w.chart_type !== undefined && w.chart_type !== 'line' && w.chart_type !== 'bar') {
        add(`${wp}/chart_type`, 'enum', 'chart_type must be "line" or "bar"');
      }
      if (type === 'table') {
        if (w.page_size !== undefined && (typeof w.page_size !== 'number' || !Number.isInteger(w.page_size) || w.page_size < 1 || w.page_size > 500)) {
          add(`${wp}/page_size`, 'range', 'page_size must be an integer from 1 to 500');
        }
        if (w.columns !== undefined) {
          if (!Array.isArray(w.columns)) add(`${wp}/columns`, 'type', 'columns must be an array of {key, label}');
          else w.columns.forEach((c, ci) => (isObj(c) ? str(c, 'key', `${wp}/columns/${ci}`, true) : add(`${wp}/columns/${ci}`, 'type', 'a column must be {key, label}')));
        }
      }
      if (type === 'form') {
        handler(w, 'save_method', wp, true);
        const fields = w.fields;
        if (!Array.isArray(fields)) return add(`${wp}/fields`, fields === undefined ? 'required' : 'type', 'a form needs a fields array');
        const names = new Set<string>();
        fields.forEach((f, fi) => {
          const fp = `${wp}/fields/${fi}`;
          if (!isObj(f)) return add(fp, 'type', 'a field must be an object');
          const name = str(f, 'name', fp, true);
          if (name !== undefined) {
            if (names.has(name)) add(`${fp}/name`, 'duplicate', `field "${name}" appears twice`);
            names.add(name);
          }
          if (!(FIELD_TYPES as readonly unknown[]).includes(f.type)) {
            add(`${fp}/type`, f.type === undefined ? 'required' : 'enum', `field type must be one of ${FIELD_TYPES.join(', ')}`);
          }
          if (f.type === 'select' && (!Array.isArray(f.options) || f.options.length === 0)) {
            add(`${fp}/options`, 'required', 'a select field needs options', 'Give ["a", "b"] or [{"label": "A", "value": "a"}]');
          }
        });
      }
    });
  });
  return problems;
}

export function isDashboardManifest(value: unknown): value is DashboardManifest {
  return validateDashboardManifest(value).length === 0;
}
