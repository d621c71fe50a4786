import type { APIUnfurledMediaItem } from 'discord-api-types/v10';
import { clone, putAll } from './ComponentBuilder.js';

export interface MediaData {
  /** Shorthand for `media: { url }`: http(s):// or attachment://. */
  url?: string;
  media?: APIUnfurledMediaItem;
  description?: string | null;
  spoiler?: boolean;
  id?: number;
}

const MEDIA_SKIP: ReadonlySet<string> = new Set(['type', 'url', 'media']);

/** Writes `media` (from `media` or the `url` shorthand) and the other fields of a thumbnail or gallery item. */
export function mediaJSON(d: MediaData, out: Record<string, unknown>): void {
  if (d.media !== undefined) out.media = clone(d.media);
  else if (d.url !== undefined) out.media = { url: d.url };
  putAll(out, d, MEDIA_SKIP);
}
