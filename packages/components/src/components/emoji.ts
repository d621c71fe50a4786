import type { APIMessageComponentEmoji } from 'discord-api-types/v10';

/** A unicode emoji (`"🎉"`), a custom one in message syntax (`"<:name:id>"`, `"<a:name:id>"`) or the JSON. */
export type EmojiLike = string | APIMessageComponentEmoji;

const CUSTOM = /^<(a?):([A-Za-z0-9_~]{1,32}):(\d{1,20})>$/;

/** The same parse the Python SDK does, so both produce identical JSON. */
export function toEmoji(value: EmojiLike): APIMessageComponentEmoji {
  if (typeof value !== 'string') return { ...value };
  const m = CUSTOM.exec(value);
  if (!m) return { name: value };
  const out: APIMessageComponentEmoji = { name: m[2]!, id: m[3]! };
  if (m[1]) out.animated = true;
  return out;
}
