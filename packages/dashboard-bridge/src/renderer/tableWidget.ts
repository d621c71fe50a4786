/**
 * The table widget with pagination. When the handler returns a `total` larger than the rows it sent,
 * pages are fetched from the handler (`page`, `page_size`, `offset`, `limit` in params); otherwise the
 * rows it sent are paged in the browser.
 */
import { displayValue, h } from './dom.js';
import type { Widget } from './types.js';
import type { TableData } from './widgetData.js';

export function tableColumns(widget: Widget, rows: Record<string, unknown>[]): { key: string; label: string }[] {
  if (widget.columns && widget.columns.length > 0) return widget.columns.map((c) => ({ key: c.key, label: c.label ?? c.key }));
  const keys: string[] = [];
  for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!keys.includes(k) && keys.length < 12) keys.push(k);
  return keys.map((k) => ({ key: k, label: k.replace(/_/g, ' ') }));
}

export interface TablePaging {
  page: number;
  pageSize: number;
  /** Fetch another page from the handler (server-side paging). */
  fetchPage: (page: number) => void;
}

export function renderTable(doc: Document, widget: Widget, data: TableData, paging: TablePaging): Node {
  const total = data.total ?? data.rows.length;
  const serverPaged = data.total !== undefined && data.total > data.rows.length;
  const pages = Math.max(1, Math.ceil(total / paging.pageSize));
  const wrap = h(doc, 'div', { class: 'maid-table-wrap' });
  let page = Math.min(paging.page, pages);

  const draw = (): void => {
    const rows = serverPaged ? data.rows : data.rows.slice((page - 1) * paging.pageSize, page * paging.pageSize);
    const cols = tableColumns(widget, data.rows);
    const table = h(
      doc,
      'table',
      { class: 'maid-table' },
      h(doc, 'thead', {}, h(doc, 'tr', {}, ...cols.map((c) => h(doc, 'th', { scope: 'col' }, c.label)))),
      h(doc, 'tbody', {}, ...rows.map((r) => h(doc, 'tr', {}, ...cols.map((c) => h(doc, 'td', {}, displayValue(r[c.key])))))),
    );
    const prev = h(doc, 'button', { type: 'button', class: 'maid-btn maid-btn-sm', 'data-action': 'prev', disabled: page <= 1 }, '‹ Prev');
    const next = h(doc, 'button', { type: 'button', class: 'maid-btn maid-btn-sm', 'data-action': 'next', disabled: page >= pages }, 'Next ›');
    const go = (to: number): void => {
      if (serverPaged) return paging.fetchPage(to);
      page = to;
      draw();
    };
    prev.addEventListener('click', () => go(page - 1));
    next.addEventListener('click', () => go(page + 1));
    const pager = h(doc, 'div', { class: 'maid-pager' }, prev, h(doc, 'span', { class: 'maid-pager-status' }, `Page ${page} of ${pages} · ${displayValue(total)} rows`), next);
    wrap.replaceChildren(table, pages > 1 ? pager : h(doc, 'div', { class: 'maid-pager maid-pager-single' }, `${displayValue(total)} rows`));
  };
  draw();
  return wrap;
}
