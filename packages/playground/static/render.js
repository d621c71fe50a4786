// Draws what a plugin sends — content, embeds, components, modals — from Discord's JSON, the way the
// Discord client does. Plugin text only ever reaches the DOM as text nodes (never innerHTML).

/** Create an element: el('div', {class: 'x', dataset: {id: '1'}, onclick}, child, 'text', …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** replaceChildren that, like el(), flattens arrays and skips null/undefined/false. */
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat(2).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

/** Discord markdown, the small subset plugins use: mentions, **bold**, *italic*, `code`, ```blocks```. */
export function formatContent(text, names = {}) {
  const out = document.createDocumentFragment();
  const blocks = String(text).split(/```(?:[a-z0-9_+-]*\n)?([\s\S]*?)```/i);
  blocks.forEach((part, i) => {
    if (i % 2 === 1) return void out.append(el('pre', {}, el('code', {}, part)));
    const re = /(<@!?(\d{17,20})>|<@&(\d{17,20})>|<#(\d{17,20})>|\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`)/g;
    let last = 0;
    for (let m = re.exec(part); m; m = re.exec(part)) {
      if (m.index > last) out.append(part.slice(last, m.index));
      if (m[2]) out.append(el('span', { class: 'mention', title: m[2] }, `@${names[m[2]] ?? m[2]}`));
      else if (m[3]) out.append(el('span', { class: 'mention', title: m[3] }, `@role-${m[3].slice(-4)}`));
      else if (m[4]) out.append(el('span', { class: 'mention', title: m[4] }, `#${names[m[4]] ?? `channel-${m[4].slice(-4)}`}`));
      else if (m[5]) out.append(el('strong', {}, m[5]));
      else if (m[6]) out.append(el('em', {}, m[6]));
      else if (m[7]) out.append(el('code', {}, m[7]));
      last = m.index + m[0].length;
    }
    if (last < part.length) out.append(part.slice(last));
  });
  return out;
}

function emojiText(emoji) {
  if (!emoji) return null;
  if (typeof emoji === 'string') return emoji;
  return emoji.name ?? null;
}

/**
 * Components of a message. `actions.click(customId)` for buttons, `actions.select(customId, values)`
 * for menus; both return a Promise (the button shows it is pending until it settles).
 */
export function renderComponents(components, actions, depth = 0) {
  const wrap = el('div', { class: 'components' });
  for (const c of components ?? []) wrap.append(renderComponent(c, actions, depth));
  return wrap;
}

function renderComponent(c, actions, depth) {
  if (!c || typeof c !== 'object' || depth > 6) return el('div', { class: 'dc-unknown' }, 'invalid component');
  switch (c.type) {
    case 1:
      return el('div', { class: 'row' }, (c.components ?? []).map((child) => renderComponent(child, actions, depth + 1)));
    case 2:
      return renderButton(c, actions);
    case 3:
    case 5:
    case 6:
    case 7:
    case 8:
      return renderSelect(c, actions);
    case 9: // section: text on the left, an accessory (button/thumbnail) on the right
      return el('div', { class: 'section' }, el('div', {}, (c.components ?? []).map((child) => renderComponent(child, actions, depth + 1))), c.accessory ? renderComponent(c.accessory, actions, depth + 1) : null);
    case 10:
      return el('div', { class: 'text-display content' }, formatContent(c.content ?? ''));
    case 14:
      return el('hr', { class: 'separator' });
    case 17:
      return el('div', { class: 'container', style: typeof c.accent_color === 'number' ? `border-left-color:#${c.accent_color.toString(16).padStart(6, '0')}` : null }, (c.components ?? []).map((child) => renderComponent(child, actions, depth + 1)));
    default:
      return el('div', { class: 'dc-unknown', dataset: { type: String(c.type) } }, `component type ${c.type} (not drawn by the playground)`);
  }
}

function renderButton(c, actions) {
  const style = BUTTON_STYLES[c.style] ?? 'secondary';
  const emoji = emojiText(c.emoji);
  const label = [emoji ? el('span', { class: 'emoji' }, emoji) : null, c.label ? el('span', {}, c.label) : null];
  if (style === 'link') {
    return el('a', { class: 'dc-button link', href: /^https?:\/\//.test(c.url ?? '') ? c.url : null, target: '_blank', rel: 'noopener noreferrer nofollow', dataset: { url: c.url ?? '' } }, label, ' ↗');
  }
  const button = el('button', { type: 'button', class: `dc-button ${style}`, disabled: c.disabled === true, dataset: { customId: c.custom_id ?? '' } }, label);
  button.addEventListener('click', async () => {
    button.classList.add('pending');
    button.disabled = true;
    try {
      await actions.click(c.custom_id);
    } finally {
      button.classList.remove('pending');
      button.disabled = c.disabled === true;
    }
  });
  return button;
}

/** A select menu as Discord draws it: a box that opens a list; string selects offer their options, entity selects take ids. */
function renderSelect(c, actions) {
  const min = typeof c.min_values === 'number' ? c.min_values : 1;
  const max = typeof c.max_values === 'number' ? c.max_values : 1;
  const root = el('div', { class: 'dc-select', dataset: { customId: c.custom_id ?? '', type: String(c.type) } });
  const placeholder = c.placeholder ?? (c.type === 3 ? 'Make a selection' : ({ 5: 'Select users', 6: 'Select roles', 7: 'Select users or roles', 8: 'Select channels' })[c.type]);
  const chosen = new Set((c.options ?? []).filter((o) => o.default).map((o) => o.value));
  const box = el('button', { type: 'button', class: 'dc-select-box', disabled: c.disabled === true, 'aria-haspopup': 'listbox' });
  const drawBox = () => {
    box.replaceChildren(
      chosen.size === 0 ? el('span', { class: 'placeholder' }, placeholder) : el('span', {}, (c.options ?? []).filter((o) => chosen.has(o.value)).map((o) => o.label).join(', ') || [...chosen].join(', ')),
      el('span', { 'aria-hidden': 'true' }, '▾'),
    );
  };
  drawBox();
  let list = null;
  const close = () => {
    list?.remove();
    list = null;
    document.removeEventListener('mousedown', outside, true);
  };
  const submit = async (values) => {
    close();
    drawBox();
    await actions.select(c.custom_id, values);
  };
  const outside = (event) => {
    if (!root.contains(event.target)) {
      // Discord submits a multi-select when it closes with a valid count.
      if (max > 1 && chosen.size >= min) void submit([...chosen]);
      else close();
    }
  };
  box.addEventListener('click', () => {
    if (list) return close();
    list = el('div', { class: 'dc-select-list', role: 'listbox' });
    if (c.type === 3) {
      for (const option of c.options ?? []) {
        const check = max > 1 ? el('input', { type: 'checkbox', tabindex: '-1' }) : null;
        if (check) check.checked = chosen.has(option.value);
        const item = el(
          'div',
          { class: `dc-option${chosen.has(option.value) ? ' selected' : ''}`, role: 'option', dataset: { value: option.value } },
          emojiText(option.emoji) ? el('span', {}, emojiText(option.emoji)) : null,
          el('div', {}, el('div', { class: 'label' }, option.label ?? option.value), option.description ? el('div', { class: 'description' }, option.description) : null),
          el('span', { class: 'spacer' }),
          check,
        );
        item.addEventListener('click', () => {
          if (max === 1) {
            chosen.clear();
            chosen.add(option.value);
            return void submit([option.value]);
          }
          if (chosen.has(option.value)) chosen.delete(option.value);
          else if (chosen.size < max) chosen.add(option.value);
          item.classList.toggle('selected', chosen.has(option.value));
          if (check) check.checked = chosen.has(option.value);
          drawBox();
        });
        list.append(item);
      }
      if (max > 1) {
        list.append(el('div', { class: 'dc-select-actions' }, el('button', { type: 'button', class: 'dc-button primary select-done', onclick: () => chosen.size >= min && void submit([...chosen]) }, `Done (${min}–${max})`)));
      }
    } else {
      // Entity selects: Discord lists the server's members/roles/channels; here you give their ids.
      const input = el('input', { class: 'dc-entity-input', placeholder: `ids, comma separated (${min}–${max})` });
      list.append(el('div', { class: 'dc-option' }, input), el('div', { class: 'dc-select-actions' }, el('button', { type: 'button', class: 'dc-button primary select-done', onclick: () => void submit(input.value.split(',').map((v) => v.trim().replace(/^<[@#]?[!&]?|>$/g, '')).filter(Boolean)) }, 'Done')));
    }
    root.append(list);
    document.addEventListener('mousedown', outside, true);
  });
  root.append(box);
  return root;
}

/** Embeds (title, description, fields, footer, colour) — text only. */
export function renderEmbeds(embeds, names) {
  return (embeds ?? []).map((e) =>
    el(
      'div',
      { class: 'embed', style: typeof e.color === 'number' ? `border-left-color:#${e.color.toString(16).padStart(6, '0')}` : null },
      e.author?.name ? el('div', { class: 'embed-author' }, e.author.name) : null,
      e.title ? el('div', { class: 'embed-title' }, /^https?:\/\//.test(e.url ?? '') ? el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer nofollow' }, e.title) : e.title) : null,
      e.description ? el('div', { class: 'embed-description' }, formatContent(e.description, names)) : null,
      Array.isArray(e.fields) && e.fields.length ? el('div', { class: 'embed-fields' }, e.fields.map((f) => el('div', { class: `embed-field${f.inline ? ' inline' : ''}` }, el('div', { class: 'embed-field-name' }, f.name ?? ''), el('div', {}, formatContent(f.value ?? '', names))))) : null,
      e.footer?.text ? el('div', { class: 'embed-footer' }, e.footer.text) : null,
    ),
  );
}

/** Text inputs of a modal, from legacy action rows or Labels (type 18). */
function modalFields(components) {
  const fields = [];
  const walk = (c, label) => {
    if (!c || typeof c !== 'object') return;
    if (c.type === 4) return void fields.push({ input: c, label: label?.label ?? c.label ?? c.custom_id, description: label?.description });
    if (c.type === 18) return walk(c.component, c);
    for (const child of c.components ?? []) walk(child, label);
  };
  for (const c of components ?? []) walk(c);
  return fields;
}

/**
 * A plugin's modal as a dialog. `onSubmit(values)` resolves to `null` on success or to
 * `{field: message}` problems, which are shown under the fields; the dialog stays open then.
 */
export function renderModal(modal, pluginName, onSubmit, onCancel) {
  const fields = modalFields(modal.components);
  const errors = new Map();
  const form = el('form', { class: 'dc-modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': modal.title, dataset: { customId: modal.customId } });
  const inputs = fields.map(({ input, label, description }) => {
    const attrs = { id: `field-${input.custom_id}`, name: input.custom_id, placeholder: input.placeholder ?? null, maxlength: input.max_length ?? null, minlength: input.min_length ?? null, required: input.required !== false };
    const control = input.style === 2 ? el('textarea', attrs) : el('input', { type: 'text', ...attrs });
    if (typeof input.value === 'string') control.value = input.value;
    const error = el('div', { class: 'field-error', role: 'alert' });
    errors.set(input.custom_id, error);
    const counter = input.max_length ? el('span', { class: 'counter' }, `${control.value.length}/${input.max_length}`) : null;
    control.addEventListener('input', () => counter && (counter.textContent = `${[...control.value].length}/${input.max_length}`));
    return { id: input.custom_id, control, node: el('div', { class: 'dc-field' }, el('label', { for: attrs.id }, label, input.required !== false ? el('span', { class: 'req' }, ' *') : null, counter), description ? el('div', { class: 'desc' }, description) : null, control, error) };
  });
  const submit = el('button', { type: 'submit', class: 'dc-button primary modal-submit' }, 'Submit');
  form.append(
    el('header', {}, el('span', { class: 'avatar' }, pluginName.slice(0, 2)), el('h2', {}, modal.title)),
    el('div', { class: 'fields' }, inputs.map((i) => i.node)),
    el('footer', {}, el('button', { type: 'button', class: 'cancel', onclick: onCancel }, 'Cancel'), submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const e of errors.values()) e.textContent = '';
    submit.disabled = true;
    try {
      const problems = await onSubmit(Object.fromEntries(inputs.map((i) => [i.id, i.control.value])));
      for (const [field, message] of Object.entries(problems ?? {})) {
        const target = errors.get(field) ?? errors.values().next().value;
        if (target) target.textContent = message;
      }
    } finally {
      submit.disabled = false;
    }
  });
  form.addEventListener('keydown', (event) => event.key === 'Escape' && onCancel());
  return form;
}
