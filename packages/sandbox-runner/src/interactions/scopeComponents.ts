import { scopeCustomId, unscopeCustomId } from '@maidkit/components';

/**
 * custom_id ownership between plugins: every custom_id a plugin sends (buttons, selects, modals) is
 * prefixed with its plugin id on the way out (`"yes"` → `"my_plugin:yes"`, components' scopeCustomId), and
 * the prefix is taken off a click before the plugin sees it. Two plugins may both use `"yes"`; a click is
 * routed by its prefix to the one plugin that minted it, and seed code keeps seeing its own ids.
 * Text inputs inside a modal are left alone: their ids only key `modal_values` of that one modal.
 */
export function scopeComponents(namespace: string, components: unknown): unknown {
  if (!Array.isArray(components)) return components;
  return components.map((c) => scopeOne(namespace, c, 0));
}

/** A modal's own custom_id is scoped; its inputs are not. */
export function scopeModal(namespace: string, modal: { custom_id: unknown; components: unknown }): { custom_id: unknown; components: unknown } {
  return { custom_id: typeof modal.custom_id === 'string' ? scopeCustomId(namespace, modal.custom_id) : modal.custom_id, components: modal.components };
}

/** The plugin's own id, or undefined when `customId` was not minted for `namespace`. */
export function unscope(namespace: string, customId: string): string | undefined {
  return unscopeCustomId(namespace, customId);
}

// Component types whose custom_id routes a click back to the plugin (buttons, the five selects).
const INTERACTIVE = new Set([2, 3, 5, 6, 7, 8]);

// Discord nests at most container → section → accessory; deeper input is left as is for the validator to refuse.
const MAX_DEPTH = 8;

function scopeOne(namespace: string, value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const c = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...c };
  if (INTERACTIVE.has(c['type'] as number) && typeof c['custom_id'] === 'string') out['custom_id'] = scopeCustomId(namespace, c['custom_id']);
  // Rows, sections (their accessory) and containers nest interactive components.
  if (Array.isArray(c['components'])) out['components'] = (c['components'] as unknown[]).map((x) => scopeOne(namespace, x, depth + 1));
  if (c['accessory'] !== undefined) out['accessory'] = scopeOne(namespace, c['accessory'], depth + 1);
  return out;
}
