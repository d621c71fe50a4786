import type { APIMediaGalleryComponent, APIMediaGalleryItem } from 'discord-api-types/v10';
import { ComponentBuilder, clone, putAll } from './ComponentBuilder.js';
import { type MediaData, mediaJSON } from './media.js';

const TYPE: ReadonlySet<string> = new Set(['type']);

/** A gallery (type 12) of 1–10 images or videos. */
export class MediaGallery extends ComponentBuilder<APIMediaGalleryComponent> {
  readonly items: MediaData[];
  /** Other top-level fields (`id`, fields from newer Discord versions). */
  readonly extra: Record<string, unknown>;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'container', root: 'media_gallery' } as const;
  }
  constructor(items: MediaData[] = [], extra: { id?: number; [key: string]: unknown } = {}) {
    super();
    this.items = items.map((i) => ({ ...i }));
    this.extra = { ...extra };
  }
  addItems(...items: MediaData[]): this {
    this.items.push(...items);
    return this;
  }
  toJSONUnchecked(): APIMediaGalleryComponent {
    const out: Record<string, unknown> = { type: 12 };
    putAll(out, this.extra, TYPE);
    out.items = this.items.map((i) => {
      const item: Record<string, unknown> = {};
      mediaJSON(i, item);
      return item as unknown as APIMediaGalleryItem;
    });
    return out as unknown as APIMediaGalleryComponent;
  }
  static fromJSON(json: APIMediaGalleryComponent): MediaGallery {
    const { type: _t, items, ...rest } = json;
    return new MediaGallery(clone(items ?? []) as MediaData[], clone(rest));
  }
}
