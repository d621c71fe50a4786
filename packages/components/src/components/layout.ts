/**
 * Components-v2 layout builders (Discord 2025-04-22): Text Display 10, Section 9, Thumbnail 11, Media Gallery
 * 12, File 13, Separator 14, Container 17. A message holding any of them gets the IS_COMPONENTS_V2 flag
 * from buildMessage().
 */
import type {
  APIComponentInActionRow,
  APIComponentInContainer,
  APIContainerComponent,
  APIFileComponent,
  APIMediaGalleryComponent,
  APIMediaGalleryItem,
  APISectionAccessoryComponent,
  APISectionComponent,
  APISeparatorComponent,
  APITextDisplayComponent,
  APIThumbnailComponent,
  APIUnfurledMediaItem,
  SeparatorSpacingSize,
} from 'discord-api-types/v10';
import { ComponentBuilder, type ComponentLike, clone, putAll, resolve } from './ComponentBuilder.js';
import { type SeparatorSpacingName, lookupEnum } from './enums.js';
import { componentFromJSON } from './fromJSON.js';
import type { ActionRow } from './ActionRow.js';

const V2 = { surface: 'message', place: 'container' } as const;
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
    return { ...V2, root: 'text_display' } as const;
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

export interface MediaData {
  /** Shorthand for `media: { url }`: http(s):// or attachment://. */
  url?: string;
  media?: APIUnfurledMediaItem;
  description?: string | null;
  spoiler?: boolean;
  id?: number;
}

const MEDIA_SKIP: ReadonlySet<string> = new Set(['type', 'url', 'media']);

function mediaJSON(d: MediaData, out: Record<string, unknown>): void {
  if (d.media !== undefined) out.media = clone(d.media);
  else if (d.url !== undefined) out.media = { url: d.url };
  putAll(out, d, MEDIA_SKIP);
}

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

export interface SectionData {
  /** 1–3 Text Displays; plain strings become Text Displays. */
  components?: (ComponentLike<APITextDisplayComponent> | string)[];
  accessory?: ComponentLike<APISectionAccessoryComponent>;
  id?: number;
}

const SECTION_SKIP: ReadonlySet<string> = new Set(['type', 'components', 'accessory']);

/** A section (type 9): 1–3 Text Displays beside a button or thumbnail. */
export class Section extends ComponentBuilder<APISectionComponent> {
  readonly data: SectionData & { components: (ComponentLike<APITextDisplayComponent> | string)[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...V2, root: 'section' } as const;
  }
  constructor(data: SectionData = {}) {
    super();
    this.data = { ...data, components: [...(data.components ?? [])] };
  }
  setAccessory(accessory: ComponentLike<APISectionAccessoryComponent>): this {
    this.data.accessory = accessory;
    return this;
  }
  addTextDisplays(...texts: (ComponentLike<APITextDisplayComponent> | string)[]): this {
    this.data.components.push(...texts);
    return this;
  }
  toJSONUnchecked(): APISectionComponent {
    const out: Record<string, unknown> = { type: 9 };
    putAll(out, this.data, SECTION_SKIP);
    out.components = this.data.components.map((t) => (typeof t === 'string' ? { type: 10, content: t } : resolve(t)));
    if (this.data.accessory !== undefined) out.accessory = resolve(this.data.accessory);
    return out as unknown as APISectionComponent;
  }
  static fromJSON(json: APISectionComponent): Section {
    const { type: _t, components: _c, accessory: _a, ...rest } = json;
    const data: SectionData = {
      ...clone(rest),
      components: (json.components ?? []).map((c) => componentFromJSON(c) as ComponentBuilder<APITextDisplayComponent>),
    };
    if (json.accessory !== undefined) data.accessory = componentFromJSON(json.accessory) as ComponentBuilder<APISectionAccessoryComponent>;
    return new Section(data);
  }
}

/** A gallery (type 12) of 1–10 images or videos. */
export class MediaGallery extends ComponentBuilder<APIMediaGalleryComponent> {
  readonly items: MediaData[];
  /** Other top-level fields (`id`, fields from newer Discord versions). */
  readonly extra: Record<string, unknown>;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...V2, root: 'media_gallery' } as const;
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
    return { ...V2, root: 'file' } as const;
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

export interface SeparatorData {
  divider?: boolean;
  /** `"small" | "large"` or 1 / 2. */
  spacing?: SeparatorSpacingName | SeparatorSpacingSize;
  id?: number;
}

/** Vertical space with an optional line (type 14). */
export class Separator extends ComponentBuilder<APISeparatorComponent> {
  readonly data: SeparatorData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...V2, root: 'separator' } as const;
  }
  constructor(data: SeparatorData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APISeparatorComponent {
    const d = this.data;
    const out: Record<string, unknown> = { type: 14 };
    putAll(out, d, TYPE);
    if (d.spacing !== undefined) out.spacing = lookupEnum('separatorSpacing', d.spacing) ?? d.spacing;
    return out as unknown as APISeparatorComponent;
  }
  static fromJSON(json: APISeparatorComponent): Separator {
    const { type: _t, ...rest } = json;
    return new Separator(rest);
  }
}

export interface ContainerData {
  components?: (ComponentLike<APIComponentInContainer> | ActionRow<APIComponentInActionRow>)[];
  /** 0x000000–0xFFFFFF. */
  accent_color?: number | null;
  spoiler?: boolean;
  id?: number;
}

const CONTAINER_SKIP: ReadonlySet<string> = new Set(['type', 'components']);

/** A box around other components (type 17), with an optional accent colour. */
export class Container extends ComponentBuilder<APIContainerComponent> {
  readonly data: ContainerData & { components: (ComponentLike<APIComponentInContainer> | ActionRow<APIComponentInActionRow>)[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { surface: 'message', place: 'message', root: 'container' } as const;
  }
  constructor(data: ContainerData = {}) {
    super();
    this.data = { ...data, components: [...(data.components ?? [])] };
  }
  addComponents(...components: (ComponentLike<APIComponentInContainer> | ActionRow<APIComponentInActionRow>)[]): this {
    this.data.components.push(...components);
    return this;
  }
  setAccentColor(color: number | null): this {
    this.data.accent_color = color;
    return this;
  }
  toJSONUnchecked(): APIContainerComponent {
    const d = this.data;
    const out: Record<string, unknown> = { type: 17 };
    putAll(out, d, CONTAINER_SKIP);
    out.components = d.components.map((c) => resolve(c as ComponentLike<APIComponentInContainer>));
    return out as unknown as APIContainerComponent;
  }
  static fromJSON(json: APIContainerComponent): Container {
    const { type: _t, components, ...rest } = json;
    return new Container({ ...rest, components: (components ?? []).map((c) => componentFromJSON(c) as ComponentBuilder<APIComponentInContainer>) });
  }
}
