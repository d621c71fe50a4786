/**
 * `ctx.metrics.*` in memory, per (install, metric), in three tiers so memory stays bounded whatever the
 * traffic: minute buckets for the last hour, hourly buckets for 30 days, daily buckets for 365 days.
 * Counters add within a bucket; gauges keep the last value.
 *
 * Queries (PROTOCOL.md §5: `period` matches `^[1-9][0-9]{0,3}[hd]$`): `Nh` → N hourly buckets (N ≤ 720),
 * `Nd` → N daily buckets (N ≤ 365), UTC-aligned, oldest first, the last bucket being the current hour or
 * day. Labels are `YYYY-MM-DDTHH:00Z` (hours) and `YYYY-MM-DD` (days) — the `{labels, series: [{name,
 * data}]}` shape seed 002's chart widget draws as is. `total` sums a counter over the period; for a gauge
 * it is the latest value in the period.
 */
export type MetricKind = 'counter' | 'gauge';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEEP_HOURS = 30 * 24;
const KEEP_DAYS = 365;
const PERIOD = /^([1-9][0-9]{0,3})([hd])$/;

interface Series {
  kind: MetricKind;
  /** bucket start (ms) → value; minute-, hour- or day-aligned by age. */
  points: Map<number, number>;
  compactedAt: number;
}

export class MetricsStore {
  readonly #series = new Map<string, Map<string, Series>>();
  readonly #maxMetrics: number;

  constructor(maxMetricsPerInstall = 200) {
    this.#maxMetrics = maxMetricsPerInstall;
  }

  /** Whether `period` is one this store answers (`24h`, `7d`, `30d`, … up to 720h / 365d). */
  static isPeriod(period: string): boolean {
    return parsePeriod(period) !== undefined;
  }

  /** Examples for error messages. */
  static get periods(): string[] {
    return ['1h', '24h', '7d', '30d', '… up to 720h or 365d'];
  }

  /** Returns false when the install already has its maximum number of metrics and `name` is new. */
  record(installId: string, name: string, value = 1, kind: MetricKind = 'counter', now = Date.now()): boolean {
    let byName = this.#series.get(installId);
    if (!byName) this.#series.set(installId, (byName = new Map()));
    let series = byName.get(name);
    if (!series) {
      if (byName.size >= this.#maxMetrics) return false;
      byName.set(name, (series = { kind, points: new Map(), compactedAt: now }));
    }
    const minute = now - (now % MINUTE);
    series.points.set(minute, series.kind === 'gauge' ? value : (series.points.get(minute) ?? 0) + value);
    // Folding is amortised: at most once a minute per series.
    if (now - series.compactedAt >= MINUTE || series.points.size > 240) this.#compact(series, now);
    return true;
  }

  query(installId: string, name: string, period: string, now = Date.now()): { labels: string[]; series: Array<{ name: string; data: number[] }> } {
    const spec = parsePeriod(period);
    if (!spec) throw new RangeError(`period "${period}" is not one of ${MetricsStore.periods.join(', ')}`);
    const end = now - (now % spec.size) + spec.size;
    const start = end - spec.buckets * spec.size;
    const data = new Array<number>(spec.buckets).fill(0);
    const latest = new Array<number>(spec.buckets).fill(-1);
    const series = this.#series.get(installId)?.get(name);
    for (const [at, value] of series?.points ?? []) {
      if (at < start || at >= end) continue;
      const i = Math.floor((at - start) / spec.size);
      if (series!.kind === 'gauge') {
        if (at > latest[i]!) {
          latest[i] = at;
          data[i] = value;
        }
      } else data[i] = data[i]! + value;
    }
    const label = spec.size === DAY ? (t: number) => new Date(t).toISOString().slice(0, 10) : (t: number) => `${new Date(t).toISOString().slice(0, 13)}:00Z`;
    const labels = data.map((_, i) => label(start + i * spec.size));
    return { labels, series: [{ name, data }] };
  }

  total(installId: string, name: string, period: string, now = Date.now()): number {
    const { series } = this.query(installId, name, period, now);
    const data = series[0]!.data;
    if (this.#series.get(installId)?.get(name)?.kind === 'gauge') {
      for (let i = data.length - 1; i >= 0; i--) if (data[i] !== 0) return data[i]!;
      return 0;
    }
    return data.reduce((a, b) => a + b, 0);
  }

  wipe(installId: string): void {
    this.#series.delete(installId);
  }

  #compact(series: Series, now: number): void {
    series.compactedAt = now;
    const hourAgo = now - HOUR;
    const monthAgo = now - KEEP_HOURS * HOUR;
    const yearAgo = now - KEEP_DAYS * DAY;
    // Oldest first, so a gauge's fold keeps the latest value of the bucket.
    for (const at of [...series.points.keys()].sort((a, b) => a - b)) {
      const value = series.points.get(at)!;
      let target: number;
      if (at < yearAgo) {
        series.points.delete(at);
        continue;
      } else if (at < monthAgo) target = at - (at % DAY);
      else if (at < hourAgo) target = at - (at % HOUR);
      else continue;
      if (target === at) continue;
      series.points.delete(at);
      series.points.set(target, series.kind === 'gauge' ? value : (series.points.get(target) ?? 0) + value);
    }
  }
}

function parsePeriod(period: string): { buckets: number; size: number } | undefined {
  const m = typeof period === 'string' ? PERIOD.exec(period) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === 'h') return n <= KEEP_HOURS ? { buckets: n, size: HOUR } : undefined;
  return n <= KEEP_DAYS ? { buckets: n, size: DAY } : undefined;
}
