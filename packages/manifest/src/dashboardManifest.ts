import { diagnostic, hasErrors, pointer, type Diagnostic } from './diagnostics.js';
import { applyStrict, type ManifestValidationOptions, type ValidationResult } from './mmoManifest.js';
import { validateWithSchema } from './schemas.js';
import type { DashboardManifest } from './types.js';

export interface DashboardValidationOptions extends ManifestValidationOptions {
  /**
   * Names registered with `@plugin.on_dashboard("<name>")` in the plugin's Python sources. When given,
   * every rpc_method/save_method must name one of them (warning `dashboard.handler_not_found`).
   */
  handlers?: ReadonlySet<string>;
}

/** A method the dashboard calls: `dashboard.<name>` and where it is declared. */
export interface DashboardMethodRef {
  method: string;
  /** The handler name: the part after `dashboard.`. */
  name: string;
  path: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every rpc_method/save_method in a (possibly invalid) dashboard manifest. */
export function dashboardMethods(input: unknown): DashboardMethodRef[] {
  const out: DashboardMethodRef[] = [];
  if (!isObject(input) || !Array.isArray(input['pages'])) return out;
  input['pages'].forEach((page, p) => {
    if (!isObject(page) || !Array.isArray(page['widgets'])) return;
    page['widgets'].forEach((w, k) => {
      if (!isObject(w)) return;
      for (const key of ['rpc_method', 'save_method'] as const) {
        const m = w[key];
        if (typeof m === 'string' && m.startsWith('dashboard.')) out.push({ method: m, name: m.slice('dashboard.'.length), path: pointer('pages', p, 'widgets', k, key) });
      }
    });
  });
  return out;
}

/**
 * Validates `dashboard_manifest.json`: the schema (nine widget types and their required fields, form
 * field types), unique page ids, widget ids unique across all pages, unique field names per form, and
 * — when `handlers` is given — a Python handler for every method.
 */
export function validateDashboardManifest(input: unknown, options: DashboardValidationOptions = {}): ValidationResult<DashboardManifest> {
  const file = options.file ?? 'dashboard_manifest.json';
  if (!isObject(input)) {
    return { diagnostics: [diagnostic('json.not_object', 'error', '', `${file} must hold a JSON object`, { file, hint: 'Write { "pages": [ … ] }.' })] };
  }
  const diagnostics = validateWithSchema('dashboard-manifest', input, file);

  const pageIds = new Map<string, string>();
  const widgetIds = new Map<string, string>();
  const pages = Array.isArray(input['pages']) ? input['pages'] : [];
  pages.forEach((page, p) => {
    if (!isObject(page)) return;
    const pid = page['id'];
    if (typeof pid === 'string') {
      const here = pointer('pages', p, 'id');
      const first = pageIds.get(pid);
      if (first) diagnostics.push(diagnostic('dashboard.duplicate_page_id', 'error', here, `page id "${pid}" is already used at ${first}`, { file, hint: 'Give each page its own id.' }));
      else pageIds.set(pid, here);
    }
    const widgets = Array.isArray(page['widgets']) ? page['widgets'] : [];
    widgets.forEach((w, k) => {
      if (!isObject(w)) return;
      const wid = w['id'];
      if (typeof wid === 'string') {
        const here = pointer('pages', p, 'widgets', k, 'id');
        const first = widgetIds.get(wid);
        if (first) diagnostics.push(diagnostic('dashboard.duplicate_widget_id', 'error', here, `widget id "${wid}" is already used at ${first}`, { file, hint: 'Widget ids are unique across all pages.' }));
        else widgetIds.set(wid, here);
      }
      const fields = Array.isArray(w['fields']) ? w['fields'] : [];
      const names = new Map<string, number>();
      fields.forEach((f, j) => {
        if (!isObject(f) || typeof f['name'] !== 'string') return;
        const first = names.get(f['name']);
        if (first !== undefined) {
          diagnostics.push(diagnostic('dashboard.duplicate_field_name', 'error', pointer('pages', p, 'widgets', k, 'fields', j, 'name'), `field name "${f['name']}" repeats field ${first} of this form`, { file, hint: 'Each field name becomes one key of params["values"], so it must be unique in its form.' }));
        } else names.set(f['name'], j);
      });
    });
  });

  if (options.handlers) {
    for (const ref of dashboardMethods(input)) {
      if (!/^dashboard\.[A-Za-z_][A-Za-z0-9_]*$/.test(ref.method) || options.handlers.has(ref.name)) continue;
      diagnostics.push(
        diagnostic('dashboard.handler_not_found', 'warning', ref.path, `"${ref.method}" has no @plugin.on_dashboard("${ref.name}") handler in the plugin's Python files`, {
          file,
          hint: `Add @plugin.on_dashboard("${ref.name}") above the function that returns this widget's data.`,
        }),
      );
    }
  }

  const all = applyStrict(diagnostics, options.strict);
  if (hasErrors(all)) return { diagnostics: all };
  return { value: input as unknown as DashboardManifest, diagnostics: all };
}
