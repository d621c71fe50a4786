/**
 * JSON-safety and size in one walk. Values from a frame arrive by structured clone, which carries Maps,
 * Dates, typed arrays and `__proto__` own keys that JSON (and Python on the far side) cannot take, so the
 * host checks the shape before anything leaves the page. The walk stops as soon as the byte budget is
 * spent, so a huge message costs at most `maxBytes` of work; the JSON Pointer of a failure is built only
 * when there is one (this walk sits on every call's hot path).
 */
export type JsonFailureReason = 'too_large' | 'not_json' | 'too_deep';
export type JsonCheck = { ok: true; bytes: number } | { ok: false; path: string; reason: JsonFailureReason };

const MAX_DEPTH = 64;

export function checkJson(value: unknown, maxBytes: number): JsonCheck {
  let bytes = 0;
  let reason: JsonFailureReason | null = null;
  const trail: (string | number)[] = [];

  const walk = (v: unknown, depth: number): boolean => {
    if (depth > MAX_DEPTH) return fail('too_deep');
    if (v === null) return (bytes += 4) <= maxBytes || fail('too_large');
    switch (typeof v) {
      case 'boolean':
        return (bytes += 5) <= maxBytes || fail('too_large');
      case 'number':
        if (!Number.isFinite(v)) return fail('not_json');
        return (bytes += 8) <= maxBytes || fail('too_large');
      case 'string':
        bytes += 2 + (v.length * 3 <= maxBytes - bytes ? utf8Length(v) : utf8Length(v, maxBytes - bytes));
        return bytes <= maxBytes || fail('too_large');
      case 'object':
        break;
      default:
        return fail('not_json');
    }
    if (Array.isArray(v)) {
      bytes += 2 + v.length;
      if (bytes > maxBytes) return fail('too_large');
      for (let i = 0; i < v.length; i++) {
        trail.push(i);
        if (!(i in v)) return fail('not_json');
        if (!walk(v[i], depth + 1)) return false;
        trail.pop();
      }
      return true;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return fail('not_json');
    bytes += 2;
    for (const key in v) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      trail.push(key);
      if (key === '__proto__') return fail('not_json');
      bytes += key.length + 4;
      if (bytes > maxBytes) return fail('too_large');
      if (!walk((v as Record<string, unknown>)[key], depth + 1)) return false;
      trail.pop();
    }
    return true;
  };
  const fail = (r: JsonFailureReason): false => {
    reason ??= r;
    return false;
  };

  if (walk(value, 0)) return { ok: true, bytes };
  const path = trail.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return { ok: false, path, reason: reason ?? 'not_json' };
}

/** UTF-8 byte length, giving up (returning more than the budget) once the budget is passed. */
export function utf8Length(s: string, budget = Infinity): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
    if (n > budget) return n;
  }
  return n;
}
