import type { APIFileComponent, APIUnfurledMediaItem } from 'discord-api-types/v10';
import { ComponentBuilder, clone, putAll } from './ComponentBuilder.js';

export interface FileData {
  /** Must be `attachment://<filename>` of a file uploaded with the message. */
  url?: string;
  file?: APIUnfurledMediaItem;
  spoiler?: boolean;
  id?: number;
}

const FILE_SKIP: ReadonlySet<string> = new Set(['type', 'url', 'file']);

/** An uploaded file shown in the message (type 13). */
export class File extends ComponentBuilder<APIFileComponent> {
  readonly data: FileData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'container', root: 'file' } as const;
  }
  constructor(data: FileData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APIFileComponent {
    const d = this.data;
    const out: Record<string, unknown> = { type: 13 };
    if (d.file !== undefined) out.file = clone(d.file);
    else if (d.url !== undefined) out.file = { url: d.url };
    putAll(out, d, FILE_SKIP);
    return out as unknown as APIFileComponent;
  }
  static fromJSON(json: APIFileComponent): File {
    const { type: _t, ...rest } = json;
    return new File(clone(rest) as FileData);
  }
}
