/**
 * Line and bar charts as plain SVG (no chart library): a y axis with four gridlines, thinned x labels,
 * one colour per series from the theme variables, and a legend.
 */
import { h, svg } from './dom.js';
import type { ChartData } from './widgetData.js';

const COLORS = ['var(--gold)', 'var(--green)', 'var(--red)', 'var(--gold-light)', 'var(--muted)', 'var(--gold-dim)'];
const W = 600;
const H = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 48 };

export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 2.5, 4, 5, 6, 8, 10]) if (m * exp >= max) return m * exp;
  return 10 * exp;
}

function short(n: number): string {
  if (Math.abs(n) >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return `${+n.toFixed(2)}`;
}

export function renderChart(doc: Document, data: ChartData, kind: 'line' | 'bar', title: string): HTMLElement {
  const values = data.series.flatMap((s) => s.data.filter((d): d is number => d !== null));
  const minV = Math.min(0, ...values);
  const maxV = niceMax(Math.max(...values, 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const n = Math.max(1, data.labels.length);
  const y = (v: number): number => PAD.top + plotH - ((v - minV) / (maxV - minV || 1)) * plotH;
  const root = svg(doc, 'svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'maid-chart-svg', preserveAspectRatio: 'none' });

  for (let i = 0; i <= 4; i++) {
    const v = minV + ((maxV - minV) * i) / 4;
    const yy = y(v);
    root.append(svg(doc, 'line', { x1: PAD.left, x2: W - PAD.right, y1: yy, y2: yy, class: 'maid-chart-grid' }));
    root.append(svg(doc, 'text', { x: PAD.left - 6, y: yy + 4, 'text-anchor': 'end', class: 'maid-chart-label' }, short(v)));
  }
  const step = Math.ceil(n / 8);
  const slot = plotW / n;
  data.labels.forEach((label, i) => {
    if (i % step !== 0 && i !== n - 1) return;
    root.append(svg(doc, 'text', { x: PAD.left + slot * i + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'maid-chart-label' }, String(label).slice(0, 16)));
  });

  if (kind === 'bar') {
    const groupW = slot * 0.8;
    const barW = groupW / Math.max(1, data.series.length);
    data.series.forEach((s, si) => {
      s.data.forEach((d, i) => {
        if (d === null) return;
        const top = y(Math.max(d, 0));
        const bottom = y(Math.min(d, 0));
        root.append(
          svg(doc, 'rect', {
            x: PAD.left + slot * i + (slot - groupW) / 2 + barW * si,
            y: top,
            width: Math.max(1, barW - 1),
            height: Math.max(1, bottom - top),
            rx: 2,
            class: 'maid-chart-bar',
            style: `fill: ${COLORS[si % COLORS.length]}`,
          }, svg(doc, 'title', {}, `${s.name} · ${String(data.labels[i])}: ${d}`)),
        );
      });
    });
  } else {
    data.series.forEach((s, si) => {
      const pts = s.data.map((d, i) => (d === null ? null : `${(PAD.left + slot * i + slot / 2).toFixed(1)},${y(d).toFixed(1)}`)).filter((p): p is string => p !== null);
      const color = COLORS[si % COLORS.length] ?? 'var(--gold)';
      root.append(svg(doc, 'polyline', { points: pts.join(' '), class: 'maid-chart-line', style: `stroke: ${color}` }));
      s.data.forEach((d, i) => {
        if (d === null) return;
        root.append(svg(doc, 'circle', { cx: PAD.left + slot * i + slot / 2, cy: y(d), r: 3, class: 'maid-chart-dot', style: `fill: ${color}` }, svg(doc, 'title', {}, `${s.name} · ${String(data.labels[i])}: ${d}`)));
      });
    });
  }

  const legend = h(doc, 'div', { class: 'maid-chart-legend' });
  data.series.forEach((s, si) => {
    legend.append(h(doc, 'span', { class: 'maid-chart-key' }, h(doc, 'i', { style: `background: ${COLORS[si % COLORS.length]}` }), s.name));
  });
  return h(doc, 'div', { class: 'maid-chart', 'data-chart-type': kind }, root, legend);
}
