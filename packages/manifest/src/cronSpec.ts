/**
 * The 5-field cron grammar of seed 001 (`*`, `*\/N`, `N`, `N,M,…`, `N-M`, `N-M/S`; UTC; day-of-week
 * 0 = Sunday … 6), the same the Python SDK accepts for `@plugin.cron` and the runner schedules with
 * cron-parser for `server_crons`. Names, `7`, `L`, `?`, six fields and `N/S` are refused, as the SDK
 * refuses them.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 6 },
] as const;

const NUMBER = /^\d{1,2}$/;

/** Every problem with a spec, in words (empty when it is valid). */
export function cronSpecIssues(spec: string): string[] {
  const parts = spec.trim().split(/\s+/);
  if (parts.length !== 5 || spec.trim() === '') return [`"${spec}" has ${spec.trim() === '' ? 0 : parts.length} fields; a cron spec has 5 (minute hour day-of-month month day-of-week)`];
  const issues: string[] = [];
  parts.forEach((part, i) => {
    const field = FIELDS[i]!;
    for (const item of part.split(',')) {
      const problem = itemIssue(item, field.min, field.max);
      if (problem) issues.push(`${field.name} "${item}": ${problem}`);
    }
  });
  return issues;
}

function itemIssue(item: string, min: number, max: number): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return 'more than one "/"';
  if (step !== undefined && (!NUMBER.test(step) || Number(step) < 1)) return 'a step must be a whole number ≥ 1';
  if (range === '*') return undefined;
  if (range === undefined || range === '') return 'empty';
  const bounds = range.split('-');
  if (bounds.length > 2 || !bounds.every((b) => NUMBER.test(b))) return `expected *, a number or a range N-M, between ${min} and ${max}`;
  const [lo, hi = lo] = bounds.map(Number) as [number, number?];
  if (lo < min || lo > max || hi! < min || hi! > max) return `out of range ${min}-${max}`;
  if (bounds.length === 1 && step !== undefined) return 'N/S is not supported; write N-M/S or */S';
  if (lo > hi!) return `the range runs backwards (${lo} > ${hi})`;
  return undefined;
}
