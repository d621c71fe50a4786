import type { APIThumbnailComponent } from 'discord-api-types/v10';
import { ComponentBuilder, clone } from './ComponentBuilder.js';
import { type MediaData, mediaJSON } from './media.js';

/** A thumbnail (type 11): a section's accessory image. */
export class Thumbnail extends ComponentBuilder<APIThumbnailComponent> {
  readonly data: MediaData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'sectionAccessory', root: 'thumbnail' } as const;
  }
  constructor(data: MediaData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APIThumbnailComponent {
    const out: Record<string, unknown> = { type: 11 };
    mediaJSON(this.data, out);
    return out as unknown as APIThumbnailComponent;
  }
  static fromJSON(json: APIThumbnailComponent): Thumbnail {
    const { type: _t, ...rest } = json;
    return new Thumbnail(clone(rest) as MediaData);
  }
}
