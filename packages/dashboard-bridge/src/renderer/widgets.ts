/** The stateless widgets: each draws a validated handler result into a card body. */
import { renderChart } from './chartSvg.js';
import { displayValue, h } from './dom.js';
import { renderMarkdown } from './markdown.js';
import type { Widget } from './types.js';
import type { AlertData, ChartData, ListData, MarkdownData, ProgressData, StatCardData, TextData } from './widgetData.js';

export function renderStatCard(doc: Document, data: StatCardData): Node {
  const change = data.change === undefined || data.change === null ? null : String(data.change);
  const trend = change === null ? '' : /^\s*-/.test(change) ? 'down' : /^\s*\+/.test(change) ? 'up' : 'flat';
  return h(
    doc,
    'div',
    { class: 'maid-stat' },
    h(doc, 'div', { class: 'maid-stat-value' }, displayValue(data.value)),
    change !== null && h(doc, 'div', { class: `maid-stat-change maid-stat-${trend}` }, change),
  );
}

export function renderChartWidget(doc: Document, widget: Widget, data: ChartData): Node {
  return renderChart(doc, data, widget.chart_type === 'bar' ? 'bar' : 'line', widget.title ?? widget.id);
}

export function renderList(doc: Document, data: ListData): Node {
  return h(
    doc,
    'ul',
    { class: 'maid-list' },
    ...data.items.map((it) =>
      h(doc, 'li', {}, h(doc, 'span', { class: 'maid-list-label' }, displayValue(it.label)), it.value !== undefined && h(doc, 'span', { class: 'maid-list-value' }, displayValue(it.value))),
    ),
  );
}

export function renderProgress(doc: Document, data: ProgressData): Node {
  const max = data.max ?? 100;
  const pct = Math.max(0, Math.min(100, (data.value / max) * 100));
  const bar = h(doc, 'div', { class: 'maid-progress-fill' });
  bar.style.width = `${pct}%`;
  return h(
    doc,
    'div',
    { class: 'maid-progress-wrap' },
    h(doc, 'div', { class: 'maid-progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': max, 'aria-valuenow': data.value, 'aria-label': data.label ?? 'progress' }, bar),
    h(doc, 'div', { class: 'maid-progress-caption' }, h(doc, 'span', {}, data.label ?? ''), h(doc, 'span', {}, `${displayValue(data.value)} / ${displayValue(max)} · ${Math.round(pct)}%`)),
  );
}

export function renderText(doc: Document, data: TextData): Node {
  return h(doc, 'p', { class: 'maid-text' }, data.text);
}

export function renderMarkdownWidget(doc: Document, data: MarkdownData): Node {
  const div = h(doc, 'div', { class: 'maid-markdown' });
  // renderMarkdown escapes everything and writes only its own tags (see markdown.ts).
  div.innerHTML = renderMarkdown(data.markdown);
  return div;
}

const ALERT_ICON: Record<AlertData['level'], string> = { info: 'i', warn: '!', error: '×' };

export function renderAlert(doc: Document, data: AlertData): Node {
  return h(
    doc,
    'div',
    { class: `maid-alert maid-alert-${data.level}`, role: data.level === 'error' ? 'alert' : 'status' },
    h(doc, 'span', { class: 'maid-alert-icon', 'aria-hidden': 'true' }, ALERT_ICON[data.level]),
    h(doc, 'span', {}, data.message),
  );
}
