import type { ValidationIssue } from '../errors/ValidationError.js';
import { IssueCollector } from '../util/IssueCollector.js';
import { describe, isObject, textLength } from '../util/checks.js';
import { ComponentWalker, isV2Type, placeCode, type Place } from './ComponentWalker.js';
import { ComponentEnums } from './enums.js';
import { ComponentLimits as L } from './limits.js';

const V2_FLAG = ComponentEnums.messageFlag.componentsV2;

let enabled = true;

/** The global switch (strict by default). Off: `toJSON()` skips validation unless asked explicitly. */
export function setValidationEnabled(on: boolean): void {
  enabled = on;
}

export function isValidationEnabled(): boolean {
  return enabled;
}

/** True when any component in the tree (nested included) is a components-v2 layout type. */
export function usesComponentsV2(components: unknown): boolean {
  if (!Array.isArray(components)) return false;
  for (let i = 0; i < components.length; i++) {
    const node: unknown = components[i];
    if (!isObject(node)) continue;
    const type = node.type;
    if (isV2Type(type)) return true;
    // v2 types can only hide one level down, inside an action row (where they are invalid anyway); no recursion.
    if (type === 1) {
      const list = node.components;
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const child: unknown = list[i];
        if (isObject(child) && isV2Type(child.type)) return true;
      }
    }
  }
  return false;
}

/**
 * Validates a message's `components` array. Components-v2 rules apply when `componentsV2` is true, or (when
 * left out) when v2 components appear. Paths are JSON Pointers relative to the array; messages read
 * `components[1].components[5] (custom_id "b6"): …`.
 */
export function validateMessageComponents(components: unknown, options: { componentsV2?: boolean } = {}): ValidationIssue[] {
  const v2 = options.componentsV2 ?? usesComponentsV2(components);
  const w = new ComponentWalker('message', v2, ['components']);
  w.topLevel(components, undefined);
  return w.done();
}

/**
 * Validates one outgoing message (a channel message, an interaction reply or update): content, embeds,
 * components and flags, and the components-v2 rules between them. Returns every issue; `[]` means send it.
 * v2 components without the 1<<15 flag are reported; `withComponentsV2Flag()` sets it first.
 */
export function validateMessagePayload(payload: unknown): ValidationIssue[] {
  return checkMessagePayload(payload, undefined);
}

/**
 * validateMessagePayload, for callers that already know whether `payload.components` holds v2 types
 * (buildMessage works it out while setting the flag), so the tree is not scanned twice.
 */
export function checkMessagePayload(payload: unknown, knownV2Types: boolean | undefined): ValidationIssue[] {
  if (!isObject(payload)) {
    const c = new IssueCollector();
    c.add('TYPE_MISMATCH', `expected a message object, got ${describe(payload)}`);
    return c.issues;
  }
  let v2 = false;
  let badFlags = false;
  const flags = payload.flags;
  if (flags !== undefined && flags !== null) {
    if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0) badFlags = true;
    else v2 = (flags & V2_FLAG) !== 0;
  }
  const hasV2Types = knownV2Types ?? usesComponentsV2(payload.components);
  const w = new ComponentWalker('message', v2 || hasV2Types);
  const c = w.c;
  if (badFlags) c.add('TYPE_MISMATCH', 'flags must be a non-negative integer bit set', { field: 'flags' });
  if (hasV2Types && !v2) {
    c.add('REQUIRED', 'components-v2 components need the IS_COMPONENTS_V2 flag (1<<15 = 32768)', {
      field: 'flags',
      hint: 'build with buildMessage() or pass the payload through withComponentsV2Flag() to set it',
    });
  }
  if (payload.components !== undefined && payload.components !== null) w.topLevel(payload.components, 'components');
  if (v2 || hasV2Types) {
    for (const key of ['content', 'embeds', 'poll', 'sticker_ids', 'stickers'] as const) {
      const v = payload[key];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '') {
        c.add('FIELD_NOT_ALLOWED', `a components-v2 message cannot carry ${key}`, { field: key, hint: 'put the text in a Text Display component instead' });
      }
    }
  } else {
    if (payload.content !== undefined && payload.content !== null) {
      if (typeof payload.content !== 'string') c.add('TYPE_MISMATCH', `content must be a string, got ${describe(payload.content)}`, { field: 'content' });
      else {
        const n = textLength(payload.content, L.contentMax);
        if (n > L.contentMax) c.add('TOO_LONG', `content has at most ${L.contentMax} characters (got ${n})`, { field: 'content' });
      }
    }
    if (payload.embeds !== undefined && payload.embeds !== null) validateEmbeds(c, payload.embeds);
  }
  return w.done();
}

/** A shallow copy with the components-v2 flag set if v2 components appear (the flag is never removed). */
export function withComponentsV2Flag<P extends { components?: unknown; flags?: number | null | undefined }>(payload: P): P {
  if (!usesComponentsV2(payload.components)) return payload;
  const flags = typeof payload.flags === 'number' ? payload.flags : 0;
  return (flags & V2_FLAG) !== 0 ? payload : { ...payload, flags: flags | V2_FLAG };
}

/**
 * Validates a modal (the `data` of interaction callback type 9): title 1–45, custom_id 1–100, 1–5
 * components (Label, Text Display, or a legacy action row with one text input), unique custom_ids, no
 * `disabled`.
 */
export function validateModal(modal: unknown): ValidationIssue[] {
  const w = new ComponentWalker('modal', false);
  const c = w.c;
  if (!isObject(modal)) {
    c.add('TYPE_MISMATCH', `expected a modal object {title, custom_id, components}, got ${describe(modal)}`);
    return c.issues;
  }
  w.str(modal.title, 'title', 1, L.modalTitleMax, true, undefined);
  const id = modal.custom_id;
  if (id === undefined) c.add('REQUIRED', 'custom_id is required (1–100 characters)', { field: 'custom_id' });
  else if (typeof id !== 'string') c.add('TYPE_MISMATCH', `custom_id must be a string, got ${describe(id)}`, { field: 'custom_id' });
  else {
    const n = textLength(id, L.customIdMax);
    if (n < 1) c.add('TOO_SHORT', 'custom_id needs 1 to 100 characters', { field: 'custom_id' });
    else if (n > L.customIdMax) c.add('TOO_LONG', `custom_id has at most ${L.customIdMax} characters (got ${n})`, { field: 'custom_id' });
  }
  w.topLevel(modal.components, 'components');
  return w.done();
}

/** Validates one component on its own, as it would sit in `place`. */
export function validateComponentAt(json: unknown, surface: 'message' | 'modal', place: Place, root: string): ValidationIssue[] {
  const w = new ComponentWalker(surface, true, [root]);
  w.component(json, placeCode(place));
  return w.done();
}

function validateEmbeds(c: IssueCollector, embeds: unknown): void {
  c.push('embeds');
  if (!Array.isArray(embeds)) {
    c.add('TYPE_MISMATCH', `embeds must be an array, got ${describe(embeds)}`);
    return void c.pop();
  }
  if (embeds.length > L.embedsMax) c.add('TOO_MANY', `a message holds at most ${L.embedsMax} embeds (got ${embeds.length})`, { field: L.embedsMax });
  let total = 0;
  const field = (obj: Record<string, unknown>, key: string, max: number, required = false): void => {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) c.add('REQUIRED', `${key} is required`, { field: key });
      return;
    }
    if (typeof v !== 'string') return void c.add('TYPE_MISMATCH', `${key} must be a string`, { field: key });
    const n = textLength(v);
    total += n;
    if (required && n === 0) c.add('TOO_SHORT', `${key} cannot be empty`, { field: key });
    if (n > max) c.add('TOO_LONG', `${key} has at most ${max} characters (got ${n})`, { field: key });
  };
  embeds.forEach((e, i) => {
    c.push(i);
    if (!isObject(e)) c.add('TYPE_MISMATCH', `expected an embed object, got ${describe(e)}`);
    else {
      field(e, 'title', L.embedTitleMax);
      field(e, 'description', L.embedDescriptionMax);
      for (const [key, sub, max] of [['footer', 'text', L.embedFooterMax], ['author', 'name', L.embedAuthorMax]] as const) {
        const o = e[key];
        if (o === undefined || o === null) continue;
        c.push(key);
        if (!isObject(o)) c.add('TYPE_MISMATCH', `${key} must be an object`);
        else field(o, sub, max, true);
        c.pop();
      }
      const fields = e.fields;
      if (fields !== undefined && fields !== null) {
        c.push('fields');
        if (!Array.isArray(fields)) c.add('TYPE_MISMATCH', 'fields must be an array');
        else {
          if (fields.length > L.embedFieldsMax) c.add('TOO_MANY', `an embed holds at most ${L.embedFieldsMax} fields (got ${fields.length})`, { field: L.embedFieldsMax });
          fields.forEach((f, j) => {
            c.push(j);
            if (!isObject(f)) c.add('TYPE_MISMATCH', 'expected an embed field {name, value, inline?}');
            else {
              field(f, 'name', L.embedFieldNameMax, true);
              field(f, 'value', L.embedFieldValueMax, true);
            }
            c.pop();
          });
        }
        c.pop();
      }
    }
    c.pop();
  });
  if (total > L.embedTotalMax) c.add('TOO_LONG', `embeds hold at most ${L.embedTotalMax} characters in total (got ${total})`);
  c.pop();
}
