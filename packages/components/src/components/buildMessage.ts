import type { APIComponentInActionRow, APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import type { ActionRow } from './ActionRow.js';
import { ValidationError } from '../errors/ValidationError.js';
import { ComponentBuilder, type ComponentLike, clone } from './ComponentBuilder.js';
import { ComponentEnums, type MessageFlagName } from './enums.js';
import { checkMessagePayload, isValidationEnabled, usesComponentsV2 } from './validation.js';

/** What buildMessage() accepts: content, components (builders or JSON), embeds, flags by name or number. */
export interface MessageInput {
  content?: string;
  /** Builders or JSON; a bare `new ActionRow(...)` is accepted whatever its inferred row type (checked at build). */
  components?: (ComponentLike<APIMessageTopLevelComponent> | ActionRow<APIComponentInActionRow>)[];
  embeds?: APIEmbed[];
  /** Bit set, or names: `["ephemeral", "suppressEmbeds"]`. */
  flags?: number | MessageFlagName[];
  /** Shorthand for the EPHEMERAL flag (64); only meaningful in interaction responses. */
  ephemeral?: boolean;
  /** Anything else (allowed_mentions, tts, attachments…) is passed through unchanged. */
  [key: string]: unknown;
}

/** The message JSON Discord receives. */
export interface MessagePayload {
  content?: string;
  components?: APIMessageTopLevelComponent[];
  embeds?: APIEmbed[];
  flags?: number;
  [key: string]: unknown;
}

/** Names or a number → the bit set; unknown names throw, naming the valid set. */
export function toMessageFlags(flags: number | readonly string[] | undefined, ephemeral?: boolean): number | undefined {
  let out: number | undefined;
  if (typeof flags === 'number') out = flags;
  else if (flags !== undefined) {
    out = 0;
    const table = ComponentEnums.messageFlag as Record<string, number>;
    for (const name of flags) {
      const bit = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
      if (bit === undefined) {
        throw new ValidationError([
          { code: 'INVALID_ENUM', path: '/flags', message: `flags: message flag ${JSON.stringify(name)} is invalid; expected ${Object.keys(table).join('|')}` },
        ]);
      }
      out |= bit;
    }
  }
  if (ephemeral) out = (out ?? 0) | ComponentEnums.messageFlag.ephemeral;
  return out;
}

/**
 * Builds one message: resolves builders to JSON, sets IS_COMPONENTS_V2 (1<<15) when v2 components appear,
 * and validates the whole payload at once (every issue, one ValidationError), unless `validate` is false.
 */
export function buildMessage(input: MessageInput, options?: { validate?: boolean }): MessagePayload {
  const out: MessagePayload = {};
  // A key loop instead of rest destructuring: this runs for every message a plugin sends.
  for (const key of Object.keys(input)) {
    if (key !== 'components' && key !== 'flags' && key !== 'ephemeral' && input[key] !== undefined) out[key] = input[key];
  }
  let bits = toMessageFlags(input.flags, input.ephemeral === true);
  let v2Types = false;
  const components = input.components;
  if (components !== undefined) {
    const json: APIMessageTopLevelComponent[] = new Array(components.length);
    try {
      for (let i = 0; i < components.length; i++) {
        const c = components[i] as ComponentLike<APIMessageTopLevelComponent>;
        // resolve() inlined: this call site then sees only top-level builders, not every builder type.
        json[i] = c instanceof ComponentBuilder ? c.toJSONUnchecked() : clone(c);
      }
    } catch (error) {
      // Raw JSON nested deep enough to exhaust the stack while copying is malformed input, not a crash.
      if (error instanceof RangeError) throw new ValidationError([{ code: 'INVALID_NESTING', path: '/components', message: 'components: nested too deeply' }], { cause: error });
      throw error;
    }
    out.components = json;
    v2Types = usesComponentsV2(json);
    if (v2Types) bits = (bits ?? 0) | ComponentEnums.messageFlag.componentsV2;
  }
  if (bits !== undefined) out.flags = bits;
  if (options?.validate ?? isValidationEnabled()) {
    const issues = checkMessagePayload(out, v2Types);
    if (issues.length > 0) throw new ValidationError(issues, { subject: 'invalid message' });
  }
  return out;
}
