/**
 * JSON-safety and size in one walk. Values from a frame arrive by structured clone, which carries Maps,
 * Dates, typed arrays and `__proto__` own keys that JSON (and Python on the far side) cannot take, so the
 * host checks the shape before anything leaves the page. The walk stops as soon as the byte budget is
 * spent, so a huge message costs at most `maxBytes` of work.
 */
export type JsonCheck = { ok: true; bytes: number } | { ok: false; path: string; reason: 'too_large' | 'not_json' | 'too_deep' };

const MAX_DEPTH = 64;

export function checkJson(value: unknown, maxBytes: number): JsonCheck {
  let bytes = 0;
  let failure: { path: string; reason: 'too_large' | 'not_json' | 'too_deep' } | null = null;

  const walk = (v: unknown, path: string, depth: number): boolean => {
    if (depth > MAX_DEPTH) return fail(path, 'too_deep');
    if (v === null) return add(4, path);
    switch (typeof v) {
      case 'boolean':
        return add(5, path);
      case 'number':
        return Number.isFinite(v) ? add(String(v).length, path) : fail(path, 'not_json');
      case 'string':
        return add(utf8Length(v, maxBytes - bytes) + 2, path);
      case 'object':
        break;
      default:
        return fail(path, 'not_json');
    }
    if (Array.isArray(v)) {
      if (!add(2, path)) return false;
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) return fail(`${path}/${i}`, 'not_json');
        if (!walk(v[i], `${path}/${i}`, depth + 1) || !add(1, path)) return false;
      }
      return true;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return fail(path, 'not_json');
    if (!add(2, path)) return false;
    for (const key of Object.keys(v)) {
      const p = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === '__proto__') return fail(p, 'not_json');
      if (!add(utf8Length(key, maxBytes - bytes) + 4, p)) return false;
      if (!walk((v as Record<string, unknown>)[key], p, depth + 1)) return false;
    }
    return true;
  };
  const add = (n: number, path: string): boolean => {
    bytes += n;
    return bytes <= maxBytes || fail(path, 'too_large');
  };
  const fail = (path: string, reason: 'too_large' | 'not_json' | 'too_deep'): false => {
    failure ??= { path, reason };
    return false;
  };

  walk(value, '', 0);
  return failure ? { ok: false, ...(failure as { path: string; reason: 'too_large' | 'not_json' | 'too_deep' }) } : { ok: true, bytes };
}

/** UTF-8 byte length, giving up (returning > budget) once the budget is passed. */
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
