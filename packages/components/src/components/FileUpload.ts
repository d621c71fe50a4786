import type { APIFileUploadComponent, FileUploadType } from 'discord-api-types/v10';
import { ComponentBuilder, putAll, withoutType } from './ComponentBuilder.js';

const SKIP: ReadonlySet<string> = new Set(['type']);


export interface FileUploadData {
  custom_id?: string;
  min_values?: number;
  max_values?: number;
  /** `"audio" | "image" | "video"` or an extension such as `".pdf"`; at most 10. */
  file_types?: FileUploadType[];
  required?: boolean;
  id?: number;
}

/** A file upload field (type 19): 0–10 files. */
export class FileUpload extends ComponentBuilder<APIFileUploadComponent> {
  readonly data: FileUploadData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'modal', place: 'label', root: 'file_upload' } as const;
  }
  constructor(data: FileUploadData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APIFileUploadComponent {
    const out: Record<string, unknown> = { type: 19 };
    putAll(out, this.data, SKIP);
    return out as unknown as APIFileUploadComponent;
  }
  static fromJSON(json: APIFileUploadComponent): FileUpload {
    return new FileUpload(withoutType(json));
  }
}
