import type { CommandInteractionOption, Interaction, ModalSubmitInteraction } from 'discord.js';
import type { Interaction as PluginInteraction } from '@maidkit/rpc-protocol';

export type InteractionKind = PluginInteraction['interaction_type'];

/** Which of the three plugin interaction kinds this is, or `null` (autocomplete, context menus, pings). */
export function interactionKind(interaction: Interaction): InteractionKind | null {
  if (interaction.isChatInputCommand()) return 'slash_command';
  if (interaction.isMessageComponent()) return 'component';
  if (interaction.isModalSubmit()) return 'modal_submit';
  return null;
}

/** `{custom_id: value}` of a submitted modal (selects inside a modal give their values comma-joined). */
export function modalValues(interaction: ModalSubmitInteraction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    const f = field as { value?: unknown; values?: unknown };
    if (typeof f.value === 'string') out[id] = f.value;
    else if (Array.isArray(f.values)) out[id] = f.values.map(String).join(',');
  }
  return out;
}

/** Leaf options of a chat-input command, flattened through sub-commands and groups (which come first, as `{name, type}`). */
function flattenOptions(options: readonly CommandInteractionOption[]): Array<{ name: string; type: number; value?: string | number | boolean }> {
  const out: Array<{ name: string; type: number; value?: string | number | boolean }> = [];
  for (const option of options) {
    if (option.options) {
      out.push({ name: option.name, type: option.type });
      out.push(...flattenOptions(option.options));
    } else {
      // Users, channels, roles and mentionables arrive as snowflake strings, as Discord sends them.
      out.push({ name: option.name, type: option.type, ...(option.value === undefined || option.value === null ? {} : { value: option.value }) });
    }
  }
  return out;
}

/**
 * The interaction object of PROTOCOL.md §7 — what the seed's `@plugin.on_slash_command`,
 * `@plugin.on_component` and `@plugin.on_modal_submit` handlers receive as `event`.
 */
export function toPluginInteraction(interaction: Interaction): PluginInteraction | null {
  const kind = interactionKind(interaction);
  if (!kind) return null;
  const base: PluginInteraction = {
    interaction_id: interaction.id,
    interaction_type: kind,
    user_id: interaction.user.id,
    channel_id: interaction.channelId,
    guild_id: interaction.guildId,
  };
  if (interaction.isChatInputCommand()) return { ...base, command_name: interaction.commandName, options: flattenOptions(interaction.options.data) };
  if (interaction.isMessageComponent()) return { ...base, custom_id: interaction.customId, ...(interaction.isAnySelectMenu() ? { values: [...interaction.values] } : {}) };
  if (interaction.isModalSubmit()) return { ...base, custom_id: interaction.customId, modal_values: modalValues(interaction) };
  return null;
}
