import type { APITextDisplayComponent } from 'discord-api-types/v10';
import { ComponentBuilder, putAll } from './ComponentBuilder.js';

const TYPE: ReadonlySet<string> = new Set(['type']);

export interface TextDisplayData {
  content?: string;
  id?: number;
}

/** Markdown text (type 10). `new TextDisplay("**Hello**")`. */
export class TextDisplay extends ComponentBuilder<APITextDisplayComponent> {
  readonly data: TextDisplayData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'container', root: 'text_display' } as const;
  }
  constructor(data: string | TextDisplayData = {}) {
    super();
    this.data = typeof data === 'string' ? { content: data } : { ...data };
  }
  setContent(content: string): this {
    this.data.content = content;
    return this;
  }
  toJSONUnchecked(): APITextDisplayComponent {
    const out: Record<string, unknown> = { type: 10 };
    putAll(out, this.data, TYPE);
    return out as unknown as APITextDisplayComponent;
  }
  static fromJSON(json: APITextDisplayComponent): TextDisplay {
    const { type: _t, ...rest } = json;
    return new TextDisplay(rest);
  }
}
