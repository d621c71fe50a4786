import { IntegrityError } from './IntegrityError.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90d`, `12h`, `30m`, `3600s`, `2w` → seconds (positive integers only). */
export function parseDuration(text: string): number {
  const m = /^([1-9]\d{0,8})([smhdw])$/.exec(text.trim());
  if (!m) throw new IntegrityError('statement_malformed', `duration ${JSON.stringify(text)} is not like 90d, 12h, 30m, 3600s or 2w`, { path: 'expires' });
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}
