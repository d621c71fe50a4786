import type { APIApplicationCommandOptionChoice, APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { ValidationError, type ValidationIssue } from '../errors/ValidationError.js';
import { type MessageInput, type MessagePayload, buildMessage } from '../components/buildMessage.js';
import { ComponentEnums, type CallbackTypeName, enumNames } from '../components/enums.js';
import { Modal } from '../components/Modal.js';
import { validateModal, validateMessagePayload } from '../components/validation.js';
import { IssueCollector } from '../util/IssueCollector.js';
import { describe, isObject } from '../util/checks.js';

const CB = ComponentEnums.callbackType;
const FLAG = ComponentEnums.messageFlag;

/** Interaction types (what Discord sent), for checking that a response fits. */
export const InteractionTypes = { ping: 1, applicationCommand: 2, messageComponent: 3, autocomplete: 4, modalSubmit: 5 } as const;

export type InteractionResponse =
  | { type: 1 }
  | { type: 4; data: MessagePayload }
  | { type: 5; data?: { flags: number } }
  | { type: 6 }
  | { type: 7; data: MessagePayload }
  | { type: 8; data: { choices: APIApplicationCommandOptionChoice[] } }
  | { type: 9; data: APIModalInteractionResponseCallbackData };

/** Context for the checks: the type of the interaction being answered, if known. */
export interface ResponseContext {
  interactionType?: number;
}

/** Callback 4: a message in reply. `ephemeral: true` → flags 64. */
export function reply(message: MessageInput, context: ResponseContext = {}): InteractionResponse {
  return checked({ type: CB.message, data: buildMessage(message) }, context);
}

/** Callback 5: "thinking…"; only EPHEMERAL may be set (send components-v2 later by editing the original). */
export function deferReply(options: { ephemeral?: boolean } = {}, context: ResponseContext = {}): InteractionResponse {
  return checked(options.ephemeral ? { type: CB.deferred, data: { flags: FLAG.ephemeral } } : { type: CB.deferred }, context);
}

/** Callback 6: acknowledge a component interaction now, edit the message later. */
export function deferUpdate(context: ResponseContext = {}): InteractionResponse {
  return checked({ type: CB.deferredUpdate }, context);
}

/** Callback 7: edit the message the component is on. */
export function updateMessage(message: MessageInput, context: ResponseContext = {}): InteractionResponse {
  return checked({ type: CB.update, data: buildMessage(message) }, context);
}

/** Callback 8: up to 25 autocomplete choices. */
export function autocompleteResult(choices: APIApplicationCommandOptionChoice[], context: ResponseContext = {}): InteractionResponse {
  return checked({ type: CB.autocomplete, data: { choices: choices.map((c) => ({ ...c })) } }, context);
}

/** Callback 9: open a modal. Refused in reply to a modal submit or a ping. */
export function showModal(modal: Modal | APIModalInteractionResponseCallbackData, context: ResponseContext = {}): InteractionResponse {
  const data = modal instanceof Modal ? modal.toJSONUnchecked() : modal;
  return checked({ type: CB.modal, data }, context);
}

/** Callback type by name (one table): `callbackType("deferredUpdate")` → 6. */
export function callbackType(name: CallbackTypeName): number {
  return CB[name];
}

function checked(response: InteractionResponse, context: ResponseContext): InteractionResponse {
  const issues = validateInteractionResponse(response, context);
  if (issues.length > 0) throw new ValidationError(issues, { subject: 'invalid interaction response' });
  return response;
}

/** Which callbacks answer which interaction (docs: receiving-and-responding). */
const ALLOWED_FOR: Record<number, readonly number[]> = {
  1: [CB.pong],
  2: [CB.message, CB.deferred, CB.modal],
  3: [CB.message, CB.deferred, CB.deferredUpdate, CB.update, CB.modal],
  4: [CB.autocomplete],
  5: [CB.message, CB.deferred, CB.deferredUpdate, CB.update],
};

/**
 * Checks a whole interaction response `{type, data}`: the callback type, its data (message, modal or
 * choices), DEFERRED carrying only EPHEMERAL, and (given the interaction type) that the callback may
 * answer it, e.g. no MODAL in reply to a MODAL_SUBMIT.
 */
export function validateInteractionResponse(response: unknown, context: ResponseContext = {}): ValidationIssue[] {
  const c = new IssueCollector();
  if (!isObject(response)) {
    c.add('TYPE_MISMATCH', `expected an interaction response {type, data}, got ${describe(response)}`);
    return c.issues;
  }
  const type = response.type;
  const known = Object.values(CB) as number[];
  if (typeof type !== 'number' || !known.includes(type)) {
    c.add('INVALID_ENUM', `callback type ${JSON.stringify(type)} is invalid; expected ${enumNames('callbackType')} (${known.join(', ')})`, { field: 'type' });
    return c.issues;
  }
  const it = context.interactionType;
  if (it !== undefined && ALLOWED_FOR[it] !== undefined && !ALLOWED_FOR[it]!.includes(type)) {
    const hint =
      type === CB.modal && it === InteractionTypes.modalSubmit
        ? 'a modal cannot open another modal; reply with a message (or a button that opens the next modal)'
        : `interaction type ${it} accepts callback types ${ALLOWED_FOR[it]!.join(', ')}`;
    c.add('INVALID_RESPONSE', `callback type ${type} cannot answer interaction type ${it}`, { field: 'type', hint });
  }
  const data = response.data;
  const nest = (issues: ValidationIssue[]) => {
    for (const i of issues) c.issues.push({ ...i, path: `/data${i.path}`, message: i.message.startsWith('(root)') ? `data${i.message.slice(6)}` : `data.${i.message}` });
  };
  switch (type) {
    case CB.message:
    case CB.update:
      if (type === CB.message && data === undefined) c.add('REQUIRED', 'a message response needs data', { field: 'data' });
      else if (data !== undefined) nest(validateMessagePayload(data));
      break;
    case CB.deferred:
      if (data !== undefined) {
        const flags = isObject(data) ? data.flags : undefined;
        if (typeof flags === 'number' && (flags & ~FLAG.ephemeral) !== 0) {
          c.push('data');
          c.add('FIELD_NOT_ALLOWED', `a deferred response may only set EPHEMERAL (64), got flags ${flags}`, {
            field: 'flags',
            hint: 'send components-v2 or other flags when editing the original response',
          });
          c.pop();
        }
      }
      break;
    case CB.modal:
      nest(validateModal(data));
      break;
    case CB.autocomplete: {
      const choices = isObject(data) ? data.choices : undefined;
      if (!Array.isArray(choices)) c.add('REQUIRED', 'an autocomplete response needs data.choices', { field: 'data' });
      else if (choices.length > 25) {
        c.push('data');
        c.push('choices');
        c.add('TOO_MANY', `at most 25 autocomplete choices (got ${choices.length})`, { field: 25 });
        c.pop();
        c.pop();
      }
      break;
    }
  }
  return c.issues;
}


