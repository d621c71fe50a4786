/**
 * The shape each widget's handler must return (seed 002's table), checked before drawing so a wrong
 * return value becomes a clear error state instead of a half-drawn widget.
 */
import { WIDGET_RESULT_SHAPES, isWidgetResultType, validateWidgetResult } from '@maidkit/manifest/dashboard';
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

/**
 * Problems with `data` as the result of a `type` widget's handler, one line each (`/series/0/data: …`); empty =
 * OK. The shapes are @maidkit/manifest's, the same check the host runs before a value leaves it.
 */
export function validateWidgetData(type: WidgetType | 'form_save', data: unknown): string[] {
  return validateWidgetResult(type, data).map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`));
}

/** `Expected {"value": 1234, "change": "+12%"}`: the shape a widget's handler returns. */
export function expectedShape(type: string): string {
  return `Expected ${isWidgetResultType(type) ? WIDGET_RESULT_SHAPES[type] : 'an object'}`;
}
