import type {
  APIActionRowComponent,
  APIComponentInActionRow,
  APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import { ValidationError } from '../errors/ValidationError.js';
import { ComponentBuilder, type ComponentLike, clone } from './ComponentBuilder.js';
import { componentFromJSON } from './fromJSON.js';
import { ComponentLimits as L } from './limits.js';

/**
 * An action row (type 1): 1–5 buttons or one select in a message, one text input in a (legacy) modal.
 * `new ActionRow(yes, no)` or `new ActionRow([yes, no])`.
 */
export class ActionRow<C extends APIComponentInActionRow = APIComponentInMessageActionRow> extends ComponentBuilder<APIActionRowComponent<C>> {
  // Declared and assigned in the constructor: class fields would run an initializer per row.
  declare readonly components: ComponentLike<C>[];
  declare id: number | undefined;

  constructor(...components: (ComponentLike<C> | ComponentLike<C>[])[]) {
    super();
    // Rest params are already a fresh array; flatten only when a list was passed.
    let nested = false;
    for (let i = 0; i < components.length; i++) if (Array.isArray(components[i])) nested = true;
    this.components = (nested ? components.flat() : components) as ComponentLike<C>[];
    this.id = undefined;
  }

  protected get placement() {
    const modal = this.components.some((c) => typeOf(c) === 4);
    return modal
      ? ({ surface: 'modal', place: 'modal', root: 'action_row' } as const)
      : ({ surface: 'message', place: 'message', root: 'action_row' } as const);
  }

  addComponents(...components: ComponentLike<C>[]): this {
    // A loop, not push(...components): spread calls are slower for the usual one or few items.
    const list = this.components;
    for (let i = 0; i < components.length; i++) list.push(components[i]!);
    return this;
  }

  setId(id: number): this {
    this.id = id;
    return this;
  }

  toJSONUnchecked(): APIActionRowComponent<C> {
    const out: Record<string, unknown> = { type: 1 };
    if (this.id !== undefined) out.id = this.id;
    const list = this.components;
    const json: C[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      // resolve() inlined: this call site then sees only row children, not every builder type.
      json[i] = c instanceof ComponentBuilder ? c.toJSONUnchecked() : clone(c);
    }
    out.components = json;
    return out as unknown as APIActionRowComponent<C>;
  }

  static fromJSON<C extends APIComponentInActionRow>(json: APIActionRowComponent<C>): ActionRow<C> {
    const row = new ActionRow<C>((json.components ?? []).map((c) => componentFromJSON(c) as unknown as ComponentBuilder<C>));
    if (json.id !== undefined) row.id = json.id;
    return row;
  }
}

function typeOf(c: unknown): unknown {
  const json = c instanceof ComponentBuilder ? c.toJSONUnchecked() : c;
  return typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
}

/**
 * Lays buttons out five to a row. Past `maxRows` (5, a legacy message's cap) it throws a ValidationError
 * (TOO_MANY) rather than produce a message Discord refuses; pass `Infinity` for a components-v2 layout.
 */
export function buttonRows<C extends APIComponentInMessageActionRow>(
  buttons: readonly ComponentLike<C>[],
  options: { perRow?: number; maxRows?: number } = {},
): ActionRow<C>[] {
  const perRow = Math.min(options.perRow ?? L.rowButtonsMax, L.rowButtonsMax);
  const maxRows = options.maxRows ?? L.legacyRowsMax;
  const rows: ActionRow<C>[] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(new ActionRow<C>(buttons.slice(i, i + perRow)));
  if (rows.length > maxRows) {
    throw new ValidationError([
      {
        code: 'TOO_MANY',
        path: `/${maxRows}`,
        message: `components[${maxRows}]: ${buttons.length} buttons need ${rows.length} rows, but a message holds at most ${maxRows}`,
        hint: `at most ${maxRows * perRow} buttons fit; use a select menu, pages, or a components-v2 layout`,
      },
    ]);
  }
  return rows;
}
