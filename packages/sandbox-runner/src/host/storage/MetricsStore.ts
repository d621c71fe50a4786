/**
 * `ctx.metrics.*` in memory: hourly buckets per (install, metric), kept for 30 days, so memory is
 * bounded by installs × metrics × 720. Counters add within a bucket; gauges keep the last value.
 */
export type MetricKind = 'counter' | 'gauge';

const HOUR = 3_600_000;
const KEEP_HOURS = 30 * 24;
const PERIODS: Record<string, { buckets: number; size: number }> = {
  '1h': { buckets: 60, size: 60_000 },
  '24h': { buckets: 24, size: HOUR },
  '7d': { buckets: 7, size: 24 * HOUR },
  '30d': { buckets: 30, size: 24 * HOUR },
};

interface Series {
  kind: MetricKind;
  /** bucket start (ms, minute-aligned) → value */
  points: Map<number, number>;
}

export class MetricsStore {
  readonly #series = new Map<string, Map<string, Series>>();
  readonly #maxMetrics: number;

  constructor(maxMetricsPerInstall = 200) {
    this.#maxMetrics = maxMetricsPerInstall;
  }

  static isPeriod(period: string): boolean {
    return Object.hasOwn(PERIODS, period);
  }

  static get periods(): string[] {
    return Object.keys(PERIODS);
  }

  /** Returns false when the install already has its maximum number of metrics and `name` is new. */
  record(installId: string, name: string, value = 1, kind: MetricKind = 'counter', now = Date.now()): boolean {
    let byName = this.#series.get(installId);
    if (!byName) this.#series.set(installId, (byName = new Map()));
    let series = byName.get(name);
    if (!series) {
      if (byName.size >= this.#maxMetrics) return false;
      byName.set(name, (series = { kind, points: new Map() }));
    }
    // Minute buckets keep the 1h view exact; older minutes fold into their hour below.
    const minute = now - (now % 60_000);
    series.points.set(minute, kind === 'gauge' ? value : (series.points.get(minute) ?? 0) + value);
    this.#compact(series, now);
    return true;
  }

  query(installId: string, name: string, period: string, now = Date.now()): { labels: string[]; series: Array<{ name: string; data: number[] }> } {
    const spec = PERIODS[period]!;
    const end = now - (now % spec.size) + spec.size;
    const start = end - spec.buckets * spec.size;
    const data = new Array<number>(spec.buckets).fill(0);
    const series = this.#series.get(installId)?.get(name);
    for (const [at, value] of series?.points ?? []) {
      if (at < start || at >= end) continue;
      const i = Math.floor((at - start) / spec.size);
      data[i] = series!.kind === 'gauge' ? value : data[i]! + value;
    }
    const labels = data.map((_, i) => new Date(start + i * spec.size).toISOString());
    return { labels, series: [{ name, data }] };
  }

  total(installId: string, name: string, period: string, now = Date.now()): number {
    return this.query(installId, name, period, now).series[0]!.data.reduce((a, b) => a + b, 0);
  }

  wipe(installId: string): void {
    this.#series.delete(installId);
  }

  #compact(series: Series, now: number): void {
    if (series.points.size < 120) return;
    const hourAgo = now - HOUR;
    const oldest = now - KEEP_HOURS * HOUR;
    for (const [at, value] of [...series.points]) {
      if (at < oldest) series.points.delete(at);
      else if (at < hourAgo && at % HOUR !== 0) {
        series.points.delete(at);
        const hour = at - (at % HOUR);
        series.points.set(hour, series.kind === 'gauge' ? value : (series.points.get(hour) ?? 0) + value);
      }
    }
  }
}
