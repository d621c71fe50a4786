/**
 * The form widget: fields from the manifest, values from the `rpc_method` handler, and a Save button that
 * sends `{values}` to the `save_method` handler (seed 002's `save_settings` reads `params["values"]`).
 * Channel, role and user fields are text inputs that accept an id or a mention and check it is a snowflake.
 */
import { h } from './dom.js';
import type { FormField, Widget } from './types.js';

const SNOWFLAKE = /^\d{17,20}$/;
const MENTION: Record<string, RegExp> = { channel: /^<#(\d{17,20})>$/, role: /^<@&(\d{17,20})>$/, user: /^<@!?(\d{17,20})>$/ };

/** Read one field's value from its input, or a problem message. */
export function readField(field: FormField, raw: string | boolean): { value: unknown } | { error: string } {
  const label = field.label ?? field.name;
  if (field.type === 'boolean') return { value: raw === true };
  const text = String(raw).trim();
  if (text === '') return field.required ? { error: `${label} is required` } : { value: field.type === 'number' ? null : '' };
  switch (field.type) {
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: `${label} must be a number` };
      if (field.min !== undefined && n < field.min) return { error: `${label} must be at least ${field.min}` };
      if (field.max !== undefined && n > field.max) return { error: `${label} must be at most ${field.max}` };
      return { value: n };
    }
    case 'channel':
    case 'role':
    case 'user': {
      const m = MENTION[field.type]?.exec(text);
      const id = m ? m[1] : text;
      if (!id || !SNOWFLAKE.test(id)) return { error: `${label} must be a ${field.type} id (17–20 digits) or mention` };
      return { value: id };
    }
    default:
      if (field.max_length !== undefined && text.length > field.max_length) return { error: `${label} is longer than ${field.max_length} characters` };
      return { value: field.type === 'textarea' ? String(raw) : text };
  }
}

function optionPairs(field: FormField): { label: string; value: string }[] {
  return (field.options ?? []).map((o) => (typeof o === 'string' ? { label: o, value: o } : o));
}

export interface FormHandlers {
  save: (values: Record<string, unknown>) => Promise<{ ok: boolean; error?: string }>;
}

export function renderForm(doc: Document, widget: Widget, values: Record<string, unknown>, handlers: FormHandlers): Node {
  const form = h(doc, 'form', { class: 'maid-form maid-stack', novalidate: true, 'data-widget-form': widget.id });
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
  const errors = new Map<string, HTMLElement>();

  for (const field of widget.fields ?? []) {
    const id = `maid-${widget.id}-${field.name}`;
    const v = values[field.name];
    let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    if (field.type === 'textarea') {
      input = h(doc, 'textarea', { id, name: field.name, class: 'maid-textarea', rows: 3, placeholder: field.placeholder });
      input.value = v === undefined || v === null ? '' : String(v);
    } else if (field.type === 'select') {
      input = h(doc, 'select', { id, name: field.name, class: 'maid-select' }, ...optionPairs(field).map((o) => h(doc, 'option', { value: o.value }, o.label)));
      input.value = v === undefined || v === null ? '' : String(v);
    } else if (field.type === 'boolean') {
      input = h(doc, 'input', { id, name: field.name, type: 'checkbox', class: 'maid-checkbox' });
      (input as HTMLInputElement).checked = v === true;
    } else {
      const placeholder = field.placeholder ?? (field.type === 'channel' ? 'Channel id or #mention' : field.type === 'role' ? 'Role id or @mention' : field.type === 'user' ? 'User id or @mention' : undefined);
      input = h(doc, 'input', {
        id,
        name: field.name,
        type: field.type === 'number' ? 'number' : 'text',
        class: 'maid-input',
        placeholder,
        inputmode: field.type === 'channel' || field.type === 'role' || field.type === 'user' ? 'numeric' : undefined,
        'data-field-type': field.type,
      });
      input.value = v === undefined || v === null ? '' : String(v);
    }
    inputs.set(field.name, input);
    const error = h(doc, 'div', { class: 'maid-field-error', role: 'alert', hidden: true });
    errors.set(field.name, error);
    const label = h(doc, 'label', { for: id, class: 'maid-label' }, field.label ?? field.name, field.required ? h(doc, 'span', { class: 'maid-required', 'aria-hidden': 'true' }, ' *') : null);
    form.append(
      h(doc, 'div', { class: `maid-field maid-field-${field.type}` }, label, input, field.help ? h(doc, 'div', { class: 'maid-help' }, field.help) : null, error),
    );
  }

  const status = h(doc, 'span', { class: 'maid-form-status', role: 'status' });
  const button = h(doc, 'button', { type: 'submit', class: 'maid-btn maid-btn-primary' }, 'Save');
  form.append(h(doc, 'div', { class: 'maid-row' }, button, status));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const out: Record<string, unknown> = {};
    let bad = false;
    for (const field of widget.fields ?? []) {
      const input = inputs.get(field.name);
      const error = errors.get(field.name);
      if (!input || !error) continue;
      const r = readField(field, field.type === 'boolean' ? (input as HTMLInputElement).checked : input.value);
      if ('error' in r) {
        bad = true;
        error.textContent = r.error;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
      } else {
        out[field.name] = r.value;
        error.hidden = true;
        input.removeAttribute('aria-invalid');
      }
    }
    if (bad) {
      status.textContent = 'Fix the highlighted fields';
      status.className = 'maid-form-status maid-form-status-error';
      return;
    }
    button.disabled = true;
    status.textContent = 'Saving…';
    status.className = 'maid-form-status';
    handlers
      .save(out)
      .then((r) => {
        status.textContent = r.ok ? 'Saved' : `Not saved${r.error ? `: ${r.error}` : ''}`;
        status.className = `maid-form-status ${r.ok ? 'maid-form-status-ok' : 'maid-form-status-error'}`;
      })
      .catch((error: unknown) => {
        status.textContent = `Not saved: ${(error as Error).message ?? String(error)}`;
        status.className = 'maid-form-status maid-form-status-error';
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}
