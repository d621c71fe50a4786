/**
 * Manifest mode: draw a `dashboard_manifest.json` — pages as tabs, each widget as a card that loads its
 * handler's data through `rpc` and shows a loading, empty, error or ready state. Everything is themed by
 * the seed's CSS variables (set on the container) and styled by the MaidUI pack (`ui.css`).
 */
import { BridgeError } from '../protocol/BridgeError.js';
import { BridgeErrorCode } from '../protocol/errorCodes.js';
import { applyThemeVars, themeVars } from '../protocol/theme.js';
import type { Theme, ThemeVars } from '../protocol/types.js';
import { h } from './dom.js';
import { renderForm } from './formWidget.js';
import { renderTable } from './tableWidget.js';
import type { DashboardManifest, DashboardProblem, Widget } from './types.js';
import { validateDashboardManifest } from './validateDashboardManifest.js';
import { expectedShape, validateWidgetData, type WidgetDataMap } from './widgetData.js';
import { renderAlert, renderChartWidget, renderList, renderMarkdownWidget, renderProgress, renderStatCard, renderText } from './widgets.js';

/** Calls a dashboard handler by the name the manifest gives (`dashboard.get_x`). */
export type DashboardRpc = (method: string, params: Record<string, unknown>) => Promise<unknown>;

export interface RenderDashboardOptions {
  theme?: Theme;
  themeVars?: Partial<Record<Theme, Partial<ThemeVars>>>;
  /** Marks the dashboard with `data-maid-plugin-id`, which `MaidUI.fetchJSON` uses for `{plugin_id}`. */
  pluginId?: string;
  /** Page to show first (default: the first page). */
  pageId?: string;
  onNavigate?: (pageId: string) => void;
  /** Per-handler deadline (seed 002: handlers must return within 10 s; default 15 s end to end). */
  timeoutMs?: number;
  /** Rows per table page when the widget does not say (default 10). */
  pageSize?: number;
}

export type WidgetState = 'loading' | 'ready' | 'empty' | 'error';

export interface DashboardView {
  readonly pageId: string;
  showPage(pageId: string): void;
  /** Reload one widget, or every widget of the current page. */
  refresh(widgetId?: string): Promise<void>;
  setTheme(theme: Theme): void;
  /** Resolves when no widget of the current page is loading. */
  whenIdle(): Promise<void>;
  destroy(): void;
}

export function renderDashboard(container: HTMLElement, manifest: unknown, rpc: DashboardRpc, options: RenderDashboardOptions = {}): DashboardView {
  const doc = container.ownerDocument;
  let theme: Theme = options.theme ?? 'dark';
  const root = h(doc, 'div', { class: 'maid-dashboard', 'data-maid-plugin-id': options.pluginId });
  applyThemeVars(root, theme, themeVars(theme, options.themeVars));
  container.replaceChildren(root);

  const problems = validateDashboardManifest(manifest);
  if (problems.length > 0) {
    root.append(renderManifestProblems(doc, problems));
    return staticView(root, theme, options);
  }
  const m = manifest as DashboardManifest;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const inflight = new Set<Promise<void>>();
  const loaders = new Map<string, (extra?: Record<string, unknown>) => Promise<void>>();
  let current = m.pages.some((p) => p.id === options.pageId) ? (options.pageId as string) : (m.pages[0]?.id ?? '');
  let destroyed = false;

  const call = (method: string, params: Record<string, unknown>): Promise<unknown> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([
      Promise.resolve().then(() => rpc(method, params)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BridgeError(BridgeErrorCode.CALL_TIMEOUT, `${method} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  };

  const tabs = h(doc, 'nav', { class: 'maid-tabs', role: 'tablist' });
  const pageHost = h(doc, 'div', { class: 'maid-pages' });
  root.append(tabs, pageHost);
  if (m.pages.length < 2) tabs.hidden = true;

  const drawTabs = (): void => {
    tabs.replaceChildren(
      ...m.pages.map((p) => {
        const tab = h(doc, 'button', { type: 'button', role: 'tab', class: 'maid-tab', 'aria-selected': String(p.id === current), 'data-page': p.id }, p.title);
        tab.addEventListener('click', () => view.showPage(p.id));
        return tab;
      }),
    );
  };

  const mountWidget = (widget: Widget): HTMLElement => {
    const body = h(doc, 'div', { class: 'maid-card-body' });
    const card = h(
      doc,
      'article',
      { class: `maid-card maid-widget maid-widget-${widget.type}`, 'data-widget-id': widget.id, 'data-widget-type': widget.type, 'data-state': 'loading' },
      h(doc, 'header', { class: 'maid-card-header' }, h(doc, 'h3', { class: 'maid-card-title' }, widget.title ?? widget.id)),
      widget.description ? h(doc, 'p', { class: 'maid-card-help' }, widget.description) : null,
      body,
    );
    const setState = (state: WidgetState, content: Node): void => {
      card.setAttribute('data-state', state);
      body.replaceChildren(content);
    };
    let page = 1;
    const pageSize = widget.page_size ?? options.pageSize ?? 10;

    const load = async (extra: Record<string, unknown> = {}): Promise<void> => {
      setState('loading', h(doc, 'div', { class: 'maid-loading', role: 'status', 'aria-live': 'polite' }, h(doc, 'span', { class: 'maid-spinner', 'aria-hidden': 'true' }), 'Loading…'));
      const params: Record<string, unknown> = { widget_id: widget.id, ...extra };
      if (widget.type === 'table') Object.assign(params, { page, page_size: pageSize, offset: (page - 1) * pageSize, limit: pageSize });
      let data: unknown;
      try {
        data = await call(widget.rpc_method, params);
      } catch (error) {
        return setState('error', errorBox(doc, `${widget.rpc_method} failed`, (error as Error).message ?? String(error), () => void track(load(extra))));
      }
      if (destroyed) return;
      const shapeProblems = validateWidgetData(widget.type, data);
      if (shapeProblems.length > 0) {
        return setState(
          'error',
          errorBox(doc, `${widget.rpc_method} returned the wrong shape for a ${widget.type}`, shapeProblems.slice(0, 5).join('; '), () => void track(load(extra)), expectedShape(widget.type)),
        );
      }
      const d = data as WidgetDataMap[keyof WidgetDataMap];
      if (isEmpty(widget, d)) return setState('empty', h(doc, 'div', { class: 'maid-empty' }, 'Nothing to show yet'));
      setState('ready', draw(widget, d));
    };

    const draw = (widget: Widget, d: WidgetDataMap[keyof WidgetDataMap]): Node => {
      switch (widget.type) {
        case 'stat_card':
          return renderStatCard(doc, d as WidgetDataMap['stat_card']);
        case 'chart':
          return renderChartWidget(doc, widget, d as WidgetDataMap['chart']);
        case 'table':
          return renderTable(doc, widget, d as WidgetDataMap['table'], {
            page,
            pageSize,
            fetchPage: (to) => {
              page = to;
              void track(load());
            },
          });
        case 'list':
          return renderList(doc, d as WidgetDataMap['list']);
        case 'progress_bar':
          return renderProgress(doc, d as WidgetDataMap['progress_bar']);
        case 'text':
          return renderText(doc, d as WidgetDataMap['text']);
        case 'markdown':
          return renderMarkdownWidget(doc, d as WidgetDataMap['markdown']);
        case 'alert':
          return renderAlert(doc, d as WidgetDataMap['alert']);
        case 'form':
          return renderForm(doc, widget, (d as WidgetDataMap['form']).values, {
            save: async (values) => {
              const result = await call(widget.save_method ?? '', { widget_id: widget.id, values });
              const problems = validateWidgetData('form_save', result);
              if (problems.length > 0) throw new BridgeError(BridgeErrorCode.INVALID_RESULT, `${widget.save_method} returned ${problems.join('; ')} (expected {"ok": true})`);
              const r = result as { ok: boolean; error?: unknown };
              return r.ok ? { ok: true } : { ok: false, ...(typeof r.error === 'string' ? { error: r.error } : {}) };
            },
          });
      }
    };
    loaders.set(widget.id, load);
    return card;
  };

  const track = (p: Promise<void>): Promise<void> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  };

  const drawPage = (): void => {
    loaders.clear();
    const page = m.pages.find((p) => p.id === current);
    if (!page) return;
    const grid = h(doc, 'div', { class: 'maid-grid maid-dashboard-grid' });
    const section = h(doc, 'section', { class: 'maid-page', role: 'tabpanel', 'data-page': page.id, 'aria-label': page.title }, grid);
    if (page.widgets.length === 0) grid.append(h(doc, 'div', { class: 'maid-empty' }, 'This page has no widgets'));
    for (const w of page.widgets) grid.append(mountWidget(w));
    pageHost.replaceChildren(section);
    for (const load of loaders.values()) void track(load());
  };

  const view: DashboardView = {
    get pageId() {
      return current;
    },
    showPage(pageId) {
      if (!m.pages.some((p) => p.id === pageId)) throw new BridgeError(BridgeErrorCode.PAGE_NOT_FOUND, `No dashboard page "${pageId}"`);
      if (pageId === current && pageHost.childElementCount > 0) return;
      current = pageId;
      drawTabs();
      drawPage();
      options.onNavigate?.(pageId);
    },
    async refresh(widgetId) {
      if (widgetId !== undefined) {
        const load = loaders.get(widgetId);
        if (!load) throw new BridgeError(BridgeErrorCode.INVALID_PARAMS, `No widget "${widgetId}" on page "${current}"`);
        return track(load());
      }
      await Promise.all([...loaders.values()].map((l) => track(l())));
    },
    setTheme(next) {
      theme = next;
      applyThemeVars(root, theme, themeVars(theme, options.themeVars));
    },
    async whenIdle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    destroy() {
      destroyed = true;
      container.replaceChildren();
    },
  };
  drawTabs();
  drawPage();
  return view;
}

function isEmpty(widget: Widget, d: unknown): boolean {
  const x = d as Record<string, unknown>;
  switch (widget.type) {
    case 'chart':
      return (x.labels as unknown[]).length === 0 || (x.series as unknown[]).length === 0;
    case 'table':
      return (x.rows as unknown[]).length === 0;
    case 'list':
      return (x.items as unknown[]).length === 0;
    case 'text':
      return (x.text as string).trim() === '';
    case 'markdown':
      return (x.markdown as string).trim() === '';
    default:
      return false;
  }
}

function errorBox(doc: Document, title: string, detail: string, retry: () => void, hint?: string): Node {
  const button = h(doc, 'button', { type: 'button', class: 'maid-btn maid-btn-sm', 'data-action': 'retry' }, 'Retry');
  button.addEventListener('click', retry);
  return h(
    doc,
    'div',
    { class: 'maid-error', role: 'alert' },
    h(doc, 'strong', {}, title),
    h(doc, 'div', { class: 'maid-error-detail' }, detail),
    hint ? h(doc, 'code', { class: 'maid-error-hint' }, hint) : null,
    button,
  );
}

function renderManifestProblems(doc: Document, problems: DashboardProblem[]): Node {
  return h(
    doc,
    'div',
    { class: 'maid-card maid-manifest-error', 'data-state': 'error', role: 'alert' },
    h(doc, 'header', { class: 'maid-card-header' }, h(doc, 'h3', { class: 'maid-card-title' }, 'This dashboard manifest cannot be shown')),
    h(
      doc,
      'ul',
      { class: 'maid-list' },
      ...problems.map((p) => h(doc, 'li', {}, h(doc, 'code', {}, p.path || '/'), ` ${p.message}`, p.hint ? h(doc, 'span', { class: 'maid-help' }, ` — ${p.hint}`) : null)),
    ),
  );
}

function staticView(root: HTMLElement, theme: Theme, options: RenderDashboardOptions): DashboardView {
  let t = theme;
  return {
    pageId: '',
    showPage(pageId) {
      throw new BridgeError(BridgeErrorCode.PAGE_NOT_FOUND, `No dashboard page "${pageId}" (the manifest is invalid)`);
    },
    refresh: async () => undefined,
    setTheme(next) {
      t = next;
      applyThemeVars(root, t, themeVars(t, options.themeVars));
    },
    whenIdle: async () => undefined,
    destroy() {
      root.remove();
    },
  };
}
