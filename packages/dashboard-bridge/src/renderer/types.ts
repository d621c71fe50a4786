/** `dashboard_manifest.json` (seed 002, manifest mode) as the renderer reads it. */
export const WIDGET_TYPES = ['stat_card', 'chart', 'table', 'list', 'progress_bar', 'text', 'markdown', 'alert', 'form'] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

export const FIELD_TYPES = ['text', 'textarea', 'number', 'boolean', 'select', 'channel', 'role', 'user'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FormField {
  name: string;
  label?: string;
  type: FieldType;
  required?: boolean;
  placeholder?: string;
  help?: string;
  /** For `select`: values, or `{label, value}` pairs. */
  options?: (string | { label: string; value: string })[];
  min?: number;
  max?: number;
  max_length?: number;
}

export interface TableColumn {
  key: string;
  label?: string;
}

export interface Widget {
  id: string;
  type: WidgetType;
  title?: string;
  description?: string;
  /** The handler, as `dashboard.get_x` or `get_x`. */
  rpc_method: string;
  /** chart */
  chart_type?: 'line' | 'bar';
  /** table */
  columns?: TableColumn[];
  page_size?: number;
  /** form */
  save_method?: string;
  fields?: FormField[];
}

export interface DashboardPage {
  id: string;
  title: string;
  widgets: Widget[];
}

export interface DashboardManifest {
  pages: DashboardPage[];
}

/** One problem found in a manifest or a handler's result: where, a stable code, and what to do. */
export interface DashboardProblem {
  path: string;
  code: 'required' | 'type' | 'enum' | 'duplicate' | 'pattern' | 'range' | 'shape';
  message: string;
  hint?: string;
}
