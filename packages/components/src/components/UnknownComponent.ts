import { ComponentBuilder, clone } from './ComponentBuilder.js';

/** A component type this version does not know (from a newer Discord): kept and emitted untouched. */
export class UnknownComponent extends ComponentBuilder<{ type: number; [key: string]: unknown }> {
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'message', root: 'component' } as const;
  }
  constructor(readonly json: { type: number; [key: string]: unknown }) {
    super();
  }
  toJSONUnchecked(): { type: number; [key: string]: unknown } {
    return clone(this.json);
  }
  static fromJSON(json: { type: number; [key: string]: unknown }): UnknownComponent {
    return new UnknownComponent(clone(json));
  }
}
