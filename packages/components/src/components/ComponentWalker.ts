import type { ValidationErrorCode, ValidationIssue } from '../errors/ValidationError.js';
import { FirstSeen } from '../util/FirstSeen.js';
import { IssueCollector, type Subject } from '../util/IssueCollector.js';
import { describe, isObject, quote, textLength } from '../util/checks.js';
import { ComponentEnums, enumMessage, lookupEnum } from './enums.js';
import { ComponentLimits as L } from './limits.js';

const T = ComponentEnums.componentType;

/** Where a component sits; each place accepts a fixed set of types. */
export type Place =
  | 'message'
  | 'messageRow'
  | 'container'
  | 'sectionText'
  | 'sectionAccessory'
  | 'modal'
  | 'modalRow'
  | 'label';

// Places are numbered inside the walker and type sets are bit masks (every type is below 32): `mask & bit` is
// a couple of instructions, where a Set lookup behind a string-keyed table was a measurable share of validation.
const P = { message: 0, messageRow: 1, container: 2, sectionText: 3, sectionAccessory: 4, modal: 5, modalRow: 6, label: 7 } as const;
type PlaceCode = (typeof P)[Place];

/** A place's number, for callers outside the walker. */
export function placeCode(place: Place): PlaceCode {
  return P[place];
}

function mask(...types: number[]): number {
  let m = 0;
  for (const t of types) m |= 1 << t;
  return m;
}

/** 1 << type for the integer types the walker knows (all below 32), else 0. */
function bitOf(type: number): number {
  return type >= 0 && type < 32 ? 1 << type : 0;
}

// Indexed by place code.
const ALLOWED: readonly number[] = [
  mask(T.actionRow, T.section, T.textDisplay, T.mediaGallery, T.file, T.separator, T.container),
  mask(T.button, T.stringSelect, T.userSelect, T.roleSelect, T.mentionableSelect, T.channelSelect),
  mask(T.actionRow, T.section, T.textDisplay, T.mediaGallery, T.file, T.separator),
  mask(T.textDisplay),
  mask(T.button, T.thumbnail),
  mask(T.label, T.textDisplay, T.actionRow),
  mask(T.textInput),
  mask(T.stringSelect, T.textInput, T.userSelect, T.roleSelect, T.mentionableSelect, T.channelSelect, T.fileUpload, T.radioGroup, T.checkboxGroup, T.checkbox),
];

const PLACE_NAMES: readonly string[] = [
  'the top level of a message',
  'an action row in a message',
  'a container',
  "a section's components",
  "a section's accessory",
  'the top level of a modal',
  'an action row in a modal',
  'a label',
];

const MAX_DEPTH = 32;

/** Component types only components-v2 messages may carry; their presence turns the flag on. */
const V2_MASK = mask(T.section, T.textDisplay, T.thumbnail, T.mediaGallery, T.file, T.separator, T.container);

/** True for a components-v2 layout type. */
export function isV2Type(type: unknown): boolean {
  return typeof type === 'number' && (V2_MASK & bitOf(type)) !== 0 && Number.isInteger(type);
}

const KNOWN_MASK = mask(...Object.values(T));
const SELECT_MASK = mask(T.stringSelect, T.userSelect, T.roleSelect, T.mentionableSelect, T.channelSelect);
const TYPE_NAMES: Record<number, string> = {
  1: 'action row', 2: 'button', 3: 'string select', 4: 'text input', 5: 'user select', 6: 'role select',
  7: 'mentionable select', 8: 'channel select', 9: 'section', 10: 'text display', 11: 'thumbnail',
  12: 'media gallery', 13: 'file', 14: 'separator', 17: 'container', 18: 'label', 19: 'file upload',
  21: 'radio group', 22: 'checkbox group', 23: 'checkbox',
};
const DEFAULT_VALUE_TYPES: Record<number, readonly string[]> = {
  5: ['user'],
  6: ['role'],
  7: ['user', 'role'],
  8: ['channel'],
};
const SNOWFLAKE = /^\d{1,20}$/;
const LINK_URL = /^(https?|discord):\/\/\S+$/i;
const MEDIA_URL = /^(https?|attachment):\/\/\S+$/i;
const ATTACHMENT_URL = /^attachment:\/\/\S+$/i;

export function typeName(type: unknown): string {
  return typeof type === 'number' ? (TYPE_NAMES[type] ?? `component type ${type}`) : 'component';
}

/**
 * Walks one message's or modal's component tree and reports every issue. Stateful on purpose (custom_id and
 * id registries, nested count, text total), one instance per payload; the path is a push/pop stack.
 */
export class ComponentWalker {
  readonly c: IssueCollector;
  readonly surface: 'message' | 'modal';
  private readonly modal: boolean;
  readonly v2: boolean;
  /** Nested component count (rows, their children, sections, accessories, containers…). */
  count = 0;
  /** Characters across Text Displays. */
  text = 0;
  private depth = 0;
  // First holder of each custom_id / id, by object: its path is only worked out if a duplicate turns up.
  private customIds: FirstSeen<object> | undefined;
  private ids: Map<number, object> | undefined;
  private rootValue: unknown;
  private rootKey: string | undefined;
  private paths: Map<object, (string | number)[]> | undefined;

  constructor(surface: 'message' | 'modal', v2: boolean, root?: readonly (string | number)[]) {
    this.surface = surface;
    this.modal = surface === 'modal';
    this.v2 = v2;
    this.c = new IssueCollector(root);
  }

  /** Hands pooled tables back; call once the walk is over. Returns the issues. */
  done(): ValidationIssue[] {
    this.customIds?.release();
    this.customIds = undefined;
    return this.c.issues;
  }

  /** Top-level list of a message or modal. */
  topLevel(components: unknown, key: string | undefined): void {
    this.rootValue = components;
    this.rootKey = key;
    if (key !== undefined) this.c.push(key);
    if (!Array.isArray(components)) {
      this.c.add('TYPE_MISMATCH', `components must be an array, got ${describe(components)}`);
    } else {
      const place: PlaceCode = this.modal ? P.modal : P.message;
      if (this.modal) {
        if (components.length < 1) this.c.add('TOO_FEW', 'a modal needs 1 to 5 components (got 0)');
        else if (components.length > L.modalComponentsMax) {
          this.c.add('TOO_MANY', `a modal holds at most ${L.modalComponentsMax} components (got ${components.length})`, { field: L.modalComponentsMax });
        }
      } else if (!this.v2 && components.length > L.legacyRowsMax) {
        this.c.add('TOO_MANY', `a message holds at most ${L.legacyRowsMax} action rows (got ${components.length})`, {
          field: L.legacyRowsMax,
          hint: 'use fewer rows, or a components-v2 layout (up to 40 components)',
        });
      }
      // One push per list, then the index is replaced in place (at): half the path-stack work per element.
      this.c.push(0);
      for (let i = 0; i < components.length; i++) {
        this.c.at(i);
        this.component(components[i], place);
      }
      this.c.pop();
      if (!this.modal && this.v2) {
        if (this.count > L.v2ComponentsMax) {
          this.c.add('TOO_MANY_COMPONENTS', `a components-v2 message holds at most ${L.v2ComponentsMax} components, nested ones included (got ${this.count})`);
        }
        if (this.text > L.v2TextMax) {
          this.c.add('TEXT_TOO_LONG', `text displays hold at most ${L.v2TextMax} characters in total (got ${this.text})`);
        }
      }
    }
    if (key !== undefined) this.c.pop();
  }

  /**
   * One component. `depth` counts the components above it: the handlers that walk children (rows, sections,
   * containers, labels) raise it around the walk. No try/finally: a walker serves one payload, so after a
   * throw its depth is never read again.
   */
  component(node: unknown, place: PlaceCode): void {
    const c = this.c;
    // Legal trees are at most 4 deep (container → section → accessory); stop hostile nesting long before the stack does.
    if (this.depth >= MAX_DEPTH) return void c.add('INVALID_NESTING', `components nest at most ${MAX_DEPTH} levels deep here`);
    if (this.rootValue === undefined) this.rootValue = node;
    this.count++;
    if (!isObject(node)) return void c.add('TYPE_MISMATCH', `expected a component object, got ${describe(node)}`);
    const type = node.type;
    if (typeof type !== 'number' || !Number.isInteger(type)) {
      return void c.add(type === undefined ? 'REQUIRED' : 'TYPE_MISMATCH', `a component needs an integer type (got ${JSON.stringify(type) ?? 'nothing'})`, { field: 'type' });
    }
    // Types from newer Discord versions are passed through untouched.
    const bit = bitOf(type);
    if ((KNOWN_MASK & bit) === 0) return;
    const subject: Subject = node;
    if ((ALLOWED[place]! & bit) === 0 || (place === P.message && !this.v2 && type !== T.actionRow)) {
      let hint: string | undefined;
      if (place === P.message && !this.v2 && (V2_MASK & bit) !== 0) hint = 'set the components-v2 flag (1<<15), or build the message with buildMessage() which sets it';
      else if (place === P.message && (type === T.button || (SELECT_MASK & bit) !== 0)) hint = 'wrap it in an action row';
      else if (place === P.modal && type !== T.actionRow) hint = 'wrap it in a label';
      c.add('INVALID_NESTING', `a ${typeName(type)} cannot appear in ${PLACE_NAMES[place]}`, { subject, hint });
      return;
    }
    if (node.id !== undefined) this.componentId(node.id, node);
    if (this.modal && node.disabled !== undefined) {
      c.add('FIELD_NOT_ALLOWED', '"disabled" is an error in a modal', { field: 'disabled', subject });
    }
    switch (type) {
      case T.actionRow: return this.actionRow(node);
      case T.button: return this.button(node, subject);
      case T.stringSelect: return this.stringSelect(node, subject);
      case T.userSelect:
      case T.roleSelect:
      case T.mentionableSelect:
      case T.channelSelect: return this.autoSelect(node, type, subject);
      case T.textInput: return this.textInput(node, place, subject);
      case T.section: return this.section(node);
      case T.textDisplay: return this.textDisplay(node);
      case T.thumbnail: return this.thumbnail(node, subject);
      case T.mediaGallery: return this.mediaGallery(node);
      case T.file: return this.file(node);
      case T.separator: return this.separator(node);
      case T.container: return this.container(node);
      case T.label: return this.label(node, subject);
      case T.fileUpload: return this.fileUpload(node, subject);
      case T.radioGroup: return this.choiceGroup(node, type, subject);
      case T.checkboxGroup: return this.choiceGroup(node, type, subject);
      case T.checkbox: return this.checkbox(node, subject);
    }
  }

  private componentId(id: unknown, node: Record<string, unknown>): void {
    const subject: Subject = node;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > L.idMax) {
      return void this.c.add('OUT_OF_RANGE', `id must be an integer from 0 to ${L.idMax} (got ${JSON.stringify(id)})`, { field: 'id', subject });
    }
    if (id === 0) return;
    const first = (this.ids ??= new Map()).get(id);
    if (first !== undefined) this.c.add('DUPLICATE_ID', `id ${id} is already used by ${this.where(first)}`, { field: 'id', subject });
    else this.ids.set(id, node);
  }

  private customId(node: Record<string, unknown>, subject: Subject, required = true): void {
    const id = node.custom_id;
    if (id === undefined) {
      if (required) this.c.add('REQUIRED', 'custom_id is required (1–100 characters)', { field: 'custom_id', subject });
      return;
    }
    if (typeof id !== 'string') return void this.c.add('TYPE_MISMATCH', `custom_id must be a string, got ${describe(id)}`, { field: 'custom_id', subject });
    const n = textLength(id, L.customIdMax);
    if (n < 1) return void this.c.add('TOO_SHORT', 'custom_id needs 1 to 100 characters', { field: 'custom_id', subject });
    if (n > L.customIdMax) return void this.c.add('TOO_LONG', `custom_id has at most ${L.customIdMax} characters (got ${n})`, { field: 'custom_id', subject });
    const first = (this.customIds ??= FirstSeen.acquire<object>()).firstOrAdd(id, node);
    if (first !== undefined) {
      this.c.add('DUPLICATE_CUSTOM_ID', `custom_id ${quote(id)} is already used by ${this.where(first)}`, {
        field: 'custom_id',
        hint: `custom_ids must be unique within one ${this.surface}`,
      });
    }
  }

  /** The readable path of `target` inside the tree being validated (error path only). */
  private where(target: object): string {
    // One traversal indexes every object's path, so many duplicates stay linear, not quadratic.
    this.paths ??= indexPaths(this.rootValue);
    const path = this.paths.get(target);
    const segs = path === undefined ? [] : this.rootKey === undefined ? path : [this.rootKey, ...path];
    return this.c.describeAt(segs);
  }

  // The checks below take the value, not (node, key): a keyed load with a varying key is megamorphic and
  // dominated validation time; `node.label` at the call site stays cheap.

  /** Optional (unless `required`) string with a code-point range. */
  str(v: unknown, field: string, min: number, max: number, required: boolean, subject: Subject): string | undefined {
    // The usual case first: a string within its limits. UTF-16 length bounds the code-point count from above,
    // so it settles `max` always and `min` when min is 0 or 1 (every min here is).
    if (typeof v === 'string' && v.length <= max && min <= 1 && v.length >= min) return v;
    if (v === undefined || (v === null && !required)) {
      if (required) this.c.add('REQUIRED', `${field} is required (${min}–${max} characters)`, { field, subject });
      return undefined;
    }
    if (typeof v !== 'string') {
      this.c.add('TYPE_MISMATCH', `${field} must be a string, got ${describe(v)}`, { field, subject });
      return undefined;
    }
    const n = textLength(v, max);
    if (n < min) this.c.add('TOO_SHORT', `${field} needs at least ${min} character${min === 1 ? '' : 's'}`, { field, subject });
    else if (n > max) this.c.add('TOO_LONG', `${field} has at most ${max} characters (got ${n})`, { field, subject });
    return v;
  }

  private int(v: unknown, field: string, min: number, max: number, subject: Subject): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.c.add(typeof v === 'number' ? 'OUT_OF_RANGE' : 'TYPE_MISMATCH', `${field} must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`, { field, subject });
      return undefined;
    }
    return v;
  }

  private bool(v: unknown, field: string, subject: Subject): void {
    if (v !== undefined && typeof v !== 'boolean') this.c.add('TYPE_MISMATCH', `${field} must be a boolean, got ${describe(v)}`, { field, subject });
  }

  private forbid(v: unknown, field: string, why: string, subject: Subject, code: ValidationErrorCode = 'FIELD_NOT_ALLOWED'): void {
    if (v !== undefined) this.c.add(code, why, { field, subject });
  }

  private minMax(lo: number | undefined, hi: number | undefined, loField: string, hiField: string, subject: Subject): void {
    if (lo !== undefined && hi !== undefined && lo > hi) {
      this.c.add('MIN_GREATER_THAN_MAX', `${loField} ${lo} is greater than ${hiField} ${hi}`, { field: loField, subject });
    }
  }

  private array(node: Record<string, unknown>, field: string, min: number, max: number, what: string, subject: Subject): unknown[] | undefined {
    const v = node[field];
    if (v === undefined) {
      if (min > 0) this.c.add('REQUIRED', `${field} is required (${min}–${max} ${what})`, { field, subject });
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.c.add('TYPE_MISMATCH', `${field} must be an array, got ${describe(v)}`, { field, subject });
      return undefined;
    }
    if (v.length < min) this.c.add('TOO_FEW', `${field} needs at least ${min} ${what} (got ${v.length})`, { field, subject });
    else if (v.length > max) {
      this.c.push(field);
      this.c.add('TOO_MANY', `holds at most ${max} ${what} (got ${v.length})`, { field: max, subject });
      this.c.pop();
    }
    return v;
  }

  private emoji(node: Record<string, unknown>, subject: Subject): void {
    const e = node.emoji;
    if (e === undefined) return;
    if (!isObject(e)) return void this.c.add('TYPE_MISMATCH', `emoji must be an object {id?, name?, animated?}, got ${describe(e)}`, { field: 'emoji', subject });
    this.c.push('emoji');
    if (e.id !== undefined && e.id !== null && (typeof e.id !== 'string' || !SNOWFLAKE.test(e.id))) {
      this.c.add('TYPE_MISMATCH', 'emoji id must be a snowflake string', { field: 'id', subject });
    }
    if (e.name !== undefined && e.name !== null && typeof e.name !== 'string') this.c.add('TYPE_MISMATCH', 'emoji name must be a string', { field: 'name', subject });
    if ((e.id === undefined || e.id === null) && (e.name === undefined || e.name === null || e.name === '')) {
      this.c.add('REQUIRED', 'an emoji needs an id (custom) or a name (unicode)', { subject });
    }
    this.bool(e.animated, 'animated', subject);
    this.c.pop();
  }

  private actionRow(node: Record<string, unknown>): void {
    const c = this.c;
    const inner: PlaceCode = this.modal ? P.modalRow : P.messageRow;
    const list = node.components;
    if (!Array.isArray(list)) return void c.add(list === undefined ? 'REQUIRED' : 'TYPE_MISMATCH', 'an action row needs a components array', { field: 'components' });
    c.push('components');
    let buttons = 0;
    let selects = 0;
    for (let i = 0; i < list.length; i++) {
      const child = list[i];
      const t = isObject(child) ? child.type : undefined;
      if (t === T.button) buttons++;
      else if (typeof t === 'number' && (SELECT_MASK & bitOf(t)) !== 0 && Number.isInteger(t)) selects++;
    }
    if (list.length === 0) c.add('TOO_FEW', inner === P.modalRow ? 'an action row in a modal holds exactly one text input' : 'an action row needs 1 to 5 buttons or one select menu');
    else if (inner === P.modalRow && list.length > 1) {
      c.add('TOO_MANY', `an action row in a modal holds exactly one text input (got ${list.length})`, { field: 1, subject: asSubject(list[1]) });
    } else if (selects > 0 && (buttons > 0 || selects > 1)) {
      c.add('INVALID_ROW', `an action row holds 1 to 5 buttons or exactly one select menu (got ${buttons} button${buttons === 1 ? '' : 's'} and ${selects} select${selects === 1 ? '' : 's'})`, {
        hint: 'give each select menu an action row of its own',
      });
    } else if (buttons > L.rowButtonsMax) {
      c.add('TOO_MANY', `an action row holds at most ${L.rowButtonsMax} buttons (got ${buttons})`, {
        field: L.rowButtonsMax,
        subject: asSubject(list[L.rowButtonsMax]),
        hint: 'split the buttons over several rows (buttonRows() does this)',
      });
    }
    c.push(0);
    this.depth++;
    for (let i = 0; i < list.length; i++) {
      c.at(i);
      this.component(list[i], inner);
    }
    this.depth--;
    c.pop();
    c.pop();
  }

  private button(node: Record<string, unknown>, subject: Subject): void {
    const s = node.style;
    // Numbers (what JSON carries) by range, names through the table.
    const style = typeof s === 'number' ? (s >= 1 && s <= 6 && Number.isInteger(s) ? s : undefined) : lookupEnum('buttonStyle', s);
    if (style === undefined) {
      this.c.add(node.style === undefined ? 'REQUIRED' : 'INVALID_ENUM', enumMessage('buttonStyle', node.style), { field: 'style', subject });
    } else if (typeof node.style !== 'number') {
      this.c.add('TYPE_MISMATCH', `style must be the number ${style} in Discord JSON, not ${JSON.stringify(node.style)}`, { field: 'style', subject });
    }
    this.bool(node.disabled, 'disabled', subject);
    if (style === 6) {
      // Premium buttons carry only an SKU.
      if (typeof node.sku_id !== 'string' || !SNOWFLAKE.test(node.sku_id)) this.c.add(node.sku_id === undefined ? 'REQUIRED' : 'TYPE_MISMATCH', 'a premium button needs sku_id (a snowflake string)', { field: 'sku_id', subject });
      for (const f of ['custom_id', 'url', 'label', 'emoji']) this.forbid(node[f], f, `a premium button has no ${f}`, subject);
      return;
    }
    this.str(node.label, 'label', 1, L.buttonLabelMax, false, subject);
    this.emoji(node, subject);
    if (node.label === undefined && node.emoji === undefined) this.c.add('REQUIRED', 'a button needs a label or an emoji', { field: 'label', subject });
    this.forbid(node.sku_id, 'sku_id', 'only premium buttons (style 6) take sku_id', subject);
    if (style === 5) {
      const url = this.str(node.url, 'url', 1, L.buttonUrlMax, true, subject);
      if (url !== undefined && textLength(url, L.buttonUrlMax) <= L.buttonUrlMax && !LINK_URL.test(url)) {
        this.c.add('INVALID_URL', `url ${quote(url)} must start with http://, https:// or discord://`, { field: 'url', subject });
      }
      this.forbid(node.custom_id, 'custom_id', 'a link button has a url and no custom_id', subject);
    } else {
      this.customId(node, subject);
      this.forbid(node.url, 'url', 'only link buttons (style "link") take a url', subject);
    }
  }

  // selectCommon's results (fields rather than a returned object: no allocation per select).
  private selMin: number | undefined;
  private selMax: number | undefined;

  private selectCommon(node: Record<string, unknown>, subject: Subject): void {
    this.customId(node, subject);
    this.str(node.placeholder, 'placeholder', 0, L.placeholderMax, false, subject);
    this.bool(node.disabled, 'disabled', subject);
    this.bool(node.required, 'required', subject);
    const min = this.int(node.min_values, 'min_values', 0, L.selectValuesMax, subject);
    const max = this.int(node.max_values, 'max_values', 1, L.selectValuesMax, subject);
    this.minMax(min ?? 1, max ?? 1, 'min_values', 'max_values', subject);
    if (this.modal && min === 0 && node.required !== false) {
      this.c.add('OUT_OF_RANGE', 'min_values 0 in a modal needs required: false', { field: 'min_values', subject });
    }
    this.selMin = min;
    this.selMax = max;
  }

  private stringSelect(node: Record<string, unknown>, subject: Subject): void {
    this.selectCommon(node, subject);
    const min = this.selMin;
    const max = this.selMax;
    const options = this.array(node, 'options', 1, L.selectOptionsMax, 'options', subject);
    if (!options) return;
    const values = FirstSeen.acquire<number>();
    let defaults = 0;
    this.c.push('options');
    this.c.push(0);
    for (let i = 0; i < options.length; i++) {
      const o = options[i];
      this.c.at(i);
      if (!isObject(o)) this.c.add('TYPE_MISMATCH', `expected a select option, got ${describe(o)}`);
      else {
        const osub: Subject = o;
        this.str(o.label, 'label', 1, L.selectOptionFieldMax, true, osub);
        const value = this.str(o.value, 'value', 1, L.selectOptionFieldMax, true, osub);
        this.str(o.description, 'description', 0, L.selectOptionFieldMax, false, osub);
        this.emoji(o, osub);
        this.bool(o.default, 'default', osub);
        if (o.default === true) defaults++;
        if (value !== undefined) {
          const first = values.firstOrAdd(value, i);
          if (first !== undefined) this.c.add('DUPLICATE_VALUE', `value ${quote(value)} is already used by options[${first}]`, { field: 'value', subject: osub });
        }
      }
    }
    this.c.pop();
    this.c.pop();
    values.release();
    // A select cannot ask for more picks than it offers (the Python SDK refuses this too).
    if (min !== undefined && min > options.length && options.length > 0) {
      this.c.add('OUT_OF_RANGE', `min_values ${min} exceeds the number of options (${options.length})`, { field: 'min_values', subject });
    }
    if (max !== undefined && max > options.length && options.length > 0) {
      this.c.add('OUT_OF_RANGE', `max_values ${max} exceeds the number of options (${options.length})`, { field: 'max_values', subject });
    }
    this.defaultsWithin(defaults, min, max, 'options marked default', subject);
  }

  private defaultsWithin(n: number, min: number | undefined, max: number | undefined, what: string, subject: Subject): void {
    if (n === 0) return;
    const lo = min ?? 1;
    const hi = max ?? 1;
    if (n > hi || n < lo) {
      this.c.add('DEFAULTS_OUT_OF_RANGE', `${n} ${what}, but the select takes ${lo === hi ? lo : `${lo} to ${hi}`} value${hi === 1 ? '' : 's'}`, { subject });
    }
  }

  private autoSelect(node: Record<string, unknown>, type: number, subject: Subject): void {
    this.selectCommon(node, subject);
    const min = this.selMin;
    const max = this.selMax;
    this.forbid(node.options, 'options', `a ${typeName(type)} is filled by Discord and takes no options`, subject);
    if (type === T.channelSelect) {
      const types = node.channel_types;
      if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'number' || !Number.isInteger(t) || t < 0))) {
        this.c.add('TYPE_MISMATCH', 'channel_types must be an array of channel type numbers', { field: 'channel_types', subject });
      }
    } else this.forbid(node.channel_types, 'channel_types', 'only channel selects take channel_types', subject);
    const defaults = this.array(node, 'default_values', 0, L.selectValuesMax, 'default values', subject);
    if (!defaults) return;
    const allowed = DEFAULT_VALUE_TYPES[type]!;
    this.c.push('default_values');
    for (let i = 0; i < defaults.length; i++) {
      const d = defaults[i];
      this.c.push(i);
      if (!isObject(d)) this.c.add('TYPE_MISMATCH', `expected {id, type}, got ${describe(d)}`);
      else {
        if (typeof d.id !== 'string' || !SNOWFLAKE.test(d.id)) this.c.add('TYPE_MISMATCH', 'id must be a snowflake string', { field: 'id' });
        if (typeof d.type !== 'string' || !allowed.includes(d.type)) {
          this.c.add('INVALID_ENUM', `default value type ${JSON.stringify(d.type)} is invalid for a ${typeName(type)}; expected ${allowed.join('|')}`, { field: 'type' });
        }
      }
      this.c.pop();
    }
    this.c.pop();
    this.defaultsWithin(defaults.length, min, max, 'default values', subject);
  }

  private textInput(node: Record<string, unknown>, place: PlaceCode, subject: Subject): void {
    const s = node.style;
    const style = typeof s === 'number' ? (s >= 1 && s <= 2 && Number.isInteger(s) ? s : undefined) : lookupEnum('textInputStyle', s);
    if (style === undefined) this.c.add(node.style === undefined ? 'REQUIRED' : 'INVALID_ENUM', enumMessage('textInputStyle', node.style), { field: 'style', subject });
    else if (typeof node.style !== 'number') this.c.add('TYPE_MISMATCH', `style must be the number ${style} in Discord JSON`, { field: 'style', subject });
    this.customId(node, subject);
    if (place === P.label) this.forbid(node.label, 'label', "a text input inside a label takes no label of its own; the label's text is used", subject);
    else this.str(node.label, 'label', 1, L.textInputLabelMax, true, subject);
    this.str(node.placeholder, 'placeholder', 0, L.textInputPlaceholderMax, false, subject);
    this.str(node.value, 'value', 0, L.textInputLengthMax, false, subject);
    this.bool(node.required, 'required', subject);
    const lo = this.int(node.min_length, 'min_length', 0, L.textInputLengthMax, subject);
    const hi = this.int(node.max_length, 'max_length', 1, L.textInputLengthMax, subject);
    this.minMax(lo, hi, 'min_length', 'max_length', subject);
  }

  private section(node: Record<string, unknown>): void {
    const texts = this.array(node, 'components', 1, L.sectionTextsMax, 'text displays', undefined);
    this.depth++;
    if (texts) {
      this.c.push('components');
      for (let i = 0; i < texts.length; i++) {
        this.c.push(i);
        this.component(texts[i], P.sectionText);
        this.c.pop();
      }
      this.c.pop();
    }
    if (node.accessory === undefined) this.c.add('REQUIRED', 'a section needs an accessory (a button or a thumbnail)', { field: 'accessory' });
    else {
      this.c.push('accessory');
      this.component(node.accessory, P.sectionAccessory);
      this.c.pop();
    }
    this.depth--;
  }

  private textDisplay(node: Record<string, unknown>): void {
    const content = this.str(node.content, 'content', 1, L.textDisplayMax, true, undefined);
    if (content !== undefined) this.text += textLength(content);
  }

  private media(node: Record<string, unknown>, field: string, pattern: RegExp, schemes: string, subject: Subject): void {
    const m = node[field];
    if (!isObject(m)) return void this.c.add(m === undefined ? 'REQUIRED' : 'TYPE_MISMATCH', `${field} must be an object {url}`, { field, subject });
    this.c.push(field);
    const url = this.str(m.url, 'url', 1, Number.MAX_SAFE_INTEGER, true, subject);
    if (url !== undefined && !pattern.test(url)) this.c.add('INVALID_URL', `url ${quote(url)} must start with ${schemes}`, { field: 'url', subject });
    this.c.pop();
  }

  private thumbnail(node: Record<string, unknown>, subject: Subject): void {
    this.media(node, 'media', MEDIA_URL, 'http://, https:// or attachment://', subject);
    this.str(node.description, 'description', 0, L.mediaDescriptionMax, false, subject);
    this.bool(node.spoiler, 'spoiler', subject);
  }

  private mediaGallery(node: Record<string, unknown>): void {
    const items = this.array(node, 'items', 1, L.galleryItemsMax, 'items', undefined);
    if (!items) return;
    this.c.push('items');
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      this.c.push(i);
      if (!isObject(it)) this.c.add('TYPE_MISMATCH', `expected a gallery item {media, description?, spoiler?}, got ${describe(it)}`);
      else this.thumbnail(it, undefined);
      this.c.pop();
    }
    this.c.pop();
  }

  private file(node: Record<string, unknown>): void {
    this.media(node, 'file', ATTACHMENT_URL, 'attachment:// (files must be uploaded with the message)', undefined);
    this.bool(node.spoiler, 'spoiler', undefined);
  }

  private separator(node: Record<string, unknown>): void {
    this.bool(node.divider, 'divider', undefined);
    if (node.spacing !== undefined && lookupEnum('separatorSpacing', node.spacing) === undefined) {
      this.c.add('INVALID_ENUM', enumMessage('separatorSpacing', node.spacing) + ' (1 or 2 in JSON)', { field: 'spacing' });
    } else if (node.spacing !== undefined && typeof node.spacing !== 'number') {
      this.c.add('TYPE_MISMATCH', 'spacing must be the number 1 or 2 in Discord JSON', { field: 'spacing' });
    }
  }

  private container(node: Record<string, unknown>): void {
    const list = this.array(node, 'components', 1, Number.MAX_SAFE_INTEGER, 'components', undefined);
    const color = node.accent_color;
    if (color !== undefined && color !== null && (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > L.accentColorMax)) {
      this.c.add('OUT_OF_RANGE', `accent_color must be an integer from 0 to 0xFFFFFF (got ${JSON.stringify(color)})`, { field: 'accent_color' });
    }
    this.bool(node.spoiler, 'spoiler', undefined);
    if (!list) return;
    this.c.push('components');
    this.depth++;
    for (let i = 0; i < list.length; i++) {
      this.c.push(i);
      this.component(list[i], P.container);
      this.c.pop();
    }
    this.depth--;
    this.c.pop();
  }

  private label(node: Record<string, unknown>, subject: Subject): void {
    this.str(node.label, 'label', 1, L.labelMax, true, subject);
    this.str(node.description, 'description', 0, L.labelDescriptionMax, false, subject);
    if (node.component === undefined) return void this.c.add('REQUIRED', 'a label wraps exactly one component', { field: 'component', subject });
    this.c.push('component');
    this.depth++;
    this.component(node.component, P.label);
    this.depth--;
    this.c.pop();
  }

  private fileUpload(node: Record<string, unknown>, subject: Subject): void {
    this.customId(node, subject);
    this.bool(node.required, 'required', subject);
    const min = this.int(node.min_values, 'min_values', 0, L.fileUploadValuesMax, subject);
    // The research table gives 0–10 for both (REF File Upload); min ≤ max still applies.
    const max = this.int(node.max_values, 'max_values', 0, L.fileUploadValuesMax, subject);
    this.minMax(min, max, 'min_values', 'max_values', subject);
    const types = this.array(node, 'file_types', 0, L.fileTypesMax, 'file types', subject);
    if (types) {
      this.c.push('file_types');
      types.forEach((t, i) => {
        if (typeof t !== 'string' || t === '') this.c.add('TYPE_MISMATCH', `a file type is "audio", "image", "video" or an extension like ".pdf" (got ${JSON.stringify(t)})`, { field: i });
      });
      this.c.pop();
    }
  }

  private choiceGroup(node: Record<string, unknown>, type: number, subject: Subject): void {
    this.customId(node, subject);
    this.bool(node.required, 'required', subject);
    const radio = type === T.radioGroup;
    const options = this.array(node, 'options', radio ? L.radioOptionsMin : 1, L.groupOptionsMax, 'options', subject);
    let min: number | undefined;
    let max: number | undefined;
    if (radio) {
      this.forbid(node.min_values, 'min_values', 'a radio group picks exactly one option', subject);
      this.forbid(node.max_values, 'max_values', 'a radio group picks exactly one option', subject);
      min = 1;
      max = 1;
    } else {
      min = this.int(node.min_values, 'min_values', 0, L.groupValuesMax, subject);
      max = this.int(node.max_values, 'max_values', 1, L.groupValuesMax, subject);
      this.minMax(min, max, 'min_values', 'max_values', subject);
    }
    if (!options) return;
    const values = FirstSeen.acquire<number>();
    let defaults = 0;
    this.c.push('options');
    for (let i = 0; i < options.length; i++) {
      const o = options[i];
      this.c.push(i);
      if (!isObject(o)) this.c.add('TYPE_MISMATCH', `expected an option, got ${describe(o)}`);
      else {
        const osub: Subject = o;
        this.str(o.label, 'label', 1, L.groupOptionFieldMax, true, osub);
        const value = this.str(o.value, 'value', 1, L.groupOptionFieldMax, true, osub);
        this.str(o.description, 'description', 0, L.groupOptionFieldMax, false, osub);
        this.bool(o.default, 'default', osub);
        if (o.default === true) defaults++;
        if (value !== undefined) {
          const first = values.firstOrAdd(value, i);
          if (first !== undefined) this.c.add('DUPLICATE_VALUE', `value ${quote(value)} is already used by options[${first}]`, { field: 'value', subject: osub });
        }
      }
      this.c.pop();
    }
    this.c.pop();
    values.release();
    if (radio) {
      if (defaults > 1) this.c.add('DEFAULTS_OUT_OF_RANGE', `a radio group can preselect one option (got ${defaults})`, { subject });
    } else if (defaults > (max ?? L.groupValuesMax)) {
      this.c.add('DEFAULTS_OUT_OF_RANGE', `${defaults} options marked default, but at most ${max} can be checked`, { subject });
    }
  }

  private checkbox(node: Record<string, unknown>, subject: Subject): void {
    this.customId(node, subject);
    this.bool(node.default, 'default', subject);
    this.forbid(node.required, 'required', 'a checkbox has no required field', subject);
  }
}

/** Every object's path in a tree (iterative, so depth cannot overflow the stack). */
function indexPaths(root: unknown): Map<object, (string | number)[]> {
  const out = new Map<object, (string | number)[]>();
  const stack: [unknown, (string | number)[]][] = [[root, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    // Components deeper than MAX_DEPTH are never registered, so their paths are never asked for.
    if (typeof node !== 'object' || node === null || out.has(node) || path.length > 3 * MAX_DEPTH) continue;
    out.set(node, path);
    if (Array.isArray(node)) node.forEach((v, i) => stack.push([v, [...path, i]]));
    else for (const [k, v] of Object.entries(node)) stack.push([v, [...path, k]]);
  }
  return out;
}

function asSubject(node: unknown): Subject {
  return isObject(node) ? node : undefined;
}
