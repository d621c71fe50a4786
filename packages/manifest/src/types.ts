/** TypeScript shapes of the manifests, matching `schemas/*.schema.json` after validation. */
import type { CapabilityName } from './capabilities.js';

/** A slash command as declared; its rules live in `@maidkit/components`. */
export interface SlashCommandDeclaration {
  name: string;
  description: string;
  type?: number;
  options?: SlashCommandOptionDeclaration[];
  [key: string]: unknown;
}

export interface SlashCommandOptionDeclaration {
  name: string;
  description: string;
  type: number;
  required?: boolean;
  [key: string]: unknown;
}

/** MMO Maid `manifest.json` as written. */
export interface MmoManifestInput {
  id: string;
  name: string;
  version: string;
  description?: string;
  author?: string;
  icon_url?: string;
  tags?: string[];
  capabilities_required?: string[];
  slash_commands?: SlashCommandDeclaration[];
  proxy_domains_requested?: string[];
  server_crons?: ServerCronDeclaration[];
}

/**
 * A cron the host schedules for pooled installs (pool workers do not run `@plugin.cron`): it delivers
 * `task.tick {ctx, kind: "cron", name}` per install, in UTC, to the `@plugin.cron` function `name`.
 */
export interface ServerCronDeclaration {
  name: string;
  /** 5 fields, UTC, the seed grammar. */
  spec: string;
}

/**
 * MMO Maid `manifest.json` after normalization: every list present, proxy domains lower-cased, and
 * capabilities_required completed (slash_commands adds `interaction:respond`, a non-empty
 * proxy_domains_requested adds `proxy:http`), in declaration order then added ones.
 */
export interface MmoManifest {
  id: string;
  name: string;
  version: string;
  description?: string;
  author?: string;
  icon_url?: string;
  tags: string[];
  capabilities_required: CapabilityName[];
  /** The capabilities normalization added, with why. */
  capabilities_added: Array<{ name: CapabilityName; reason: 'slash_commands' | 'proxy_domains_requested' }>;
  slash_commands: SlashCommandDeclaration[];
  proxy_domains_requested: string[];
  /** Host-scheduled crons for pooled installs; `[]` when none (duplicate names keep the first). */
  server_crons: ServerCronDeclaration[];
}

export type DashboardWidgetType = 'stat_card' | 'chart' | 'table' | 'list' | 'progress_bar' | 'text' | 'markdown' | 'alert' | 'form';
export type DashboardChartType = 'line' | 'bar' | 'area' | 'pie' | 'doughnut';
export type DashboardFieldType = 'text' | 'textarea' | 'number' | 'toggle' | 'select' | 'channel' | 'role' | 'user' | 'color';

export interface DashboardField {
  name: string;
  label: string;
  type: DashboardFieldType;
  placeholder?: string;
  help?: string;
  required?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  max_length?: number;
  options?: Array<string | { label: string; value: string | number | boolean }>;
}

export interface DashboardWidget {
  id: string;
  type: DashboardWidgetType;
  title?: string;
  description?: string;
  /** `dashboard.<name>`, served by `@plugin.on_dashboard("<name>")`. */
  rpc_method: string;
  save_method?: string;
  chart_type?: DashboardChartType;
  fields?: DashboardField[];
  columns?: Array<{ key: string; label?: string }>;
  page_size?: number;
  params?: Record<string, unknown>;
  refresh_seconds?: number;
  width?: number;
}

export interface DashboardPage {
  id: string;
  title: string;
  icon?: string;
  widgets: DashboardWidget[];
}

export interface DashboardManifest {
  pages: DashboardPage[];
}

export type CasaCategory = 'automation' | 'utility' | 'fun' | 'security' | 'other';
export type CasaPermission = 'storage.local' | 'http.request' | 'events.message' | 'events.clone' | 'discord.token';
export type CasaHook = 'on_load' | 'on_unload' | 'on_ready' | 'on_message' | 'on_clone_start' | 'on_clone_finish' | 'on_error';

/** Casa Cloner `manifest.json` (permissions defaults to []). */
export interface CasaManifest {
  id: string;
  name: string;
  version: string;
  description: string;
  author: string;
  category: CasaCategory;
  iconUrl?: string;
  permissions: CasaPermission[];
  hooks: CasaHook[];
}

/** MCDR metadata after MCDR's own normalization (defaults filled, author as a list). */
export interface McdrMetadata {
  id: string;
  version: string;
  name: string;
  description?: string | Record<string, string>;
  author?: string[];
  link?: string;
  /** Only the requirements that parse; bad ones are dropped with a warning, as MCDR does. */
  dependencies: Record<string, string>;
  entrypoint: string;
  archive_name?: string;
  resources?: string[];
}

export interface McdrLinkedDirectory {
  target: string;
  skip_package_legality_check: boolean;
}
