export { renderDashboard, type DashboardRpc, type DashboardView, type RenderDashboardOptions, type WidgetState } from './renderDashboard.js';
export { createHttpRpc } from './httpRpc.js';
export { validateDashboardManifest, isDashboardManifest } from './validateDashboardManifest.js';
export { validateWidgetData, type WidgetDataMap, type StatCardData, type ChartData, type TableData, type ListData, type ProgressData, type TextData, type MarkdownData, type AlertData, type FormGetData, type FormSaveData } from './widgetData.js';
export { renderMarkdown, renderInline, escapeHtml } from './markdown.js';
export { readField } from './formWidget.js';
export { niceMax } from './chartSvg.js';
export { WIDGET_TYPES, FIELD_TYPES, type WidgetType, type FieldType, type FormField, type TableColumn, type Widget, type DashboardPage, type DashboardManifest, type DashboardProblem } from './types.js';
