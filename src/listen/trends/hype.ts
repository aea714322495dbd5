/** A burst of volume: when it started, when it peaked, how big it was. */
export interface HypeAlert {
  /** Start of the first hour over the threshold (epoch ms). */
  readonly start: number;
  readonly peak: number;
  readonly peakCount: number;
  /** The expected count (EWMA baseline) when the burst started. */
  readonly baseline: number;
  /** How many standard deviations above the baseline the peak stood. */
  readonly z: number;
  /** Peak count over baseline (baseline floored at 1). */
  readonly magnitude: number;
}

export interface HypeOptions {
  /** EWMA weight of the newest hour (smaller: a slower, steadier baseline). */
  readonly alpha: number;
  /** z-score from which an hour is anomalous. */
  readonly threshold: number;
  /** Fewest posts in an hour for it to count as a burst (no alerts on 3 posts instead of 0). */
  readonly minCount: number;
  /** Hours read before any alert, to settle the baseline. */
  readonly warmup: number;
}

export const DEFAULT_HYPE: HypeOptions = { alpha: 0.1, threshold: 3, minCount: 10, warmup: 12 };

/**
 * Volume anomalies in an hourly series (consecutive hours, missing ones as 0): an EWMA of the
 * count and of its squared deviation (an EWMA control chart, Lucas & Saccucci, Technometrics 1990)
 * give each hour an expected count and spread; an hour whose count stands `threshold` spreads
 * above, with at least `minCount` posts, is hype. Consecutive such hours are one alert. The
 * baseline does not learn from hype hours, so a long burst stays a burst.
 */
export function detectHype(counts: readonly number[], start: number, options: HypeOptions = DEFAULT_HYPE): HypeAlert[] {
  const { alpha, threshold, minCount, warmup } = options;
  const alerts: HypeAlert[] = [];
  let mean = counts[0] ?? 0;
  let variance = 0;
  let open: { start: number; peak: number; peakCount: number; baseline: number; z: number } | null = null;
  for (let i = 1; i < counts.length; i++) {
    const x = counts[i]!;
    // The spread never falls below a Poisson count's (√mean, at least 1): a flat series is not infinitely sure.
    const sd = Math.sqrt(Math.max(variance, mean, 1));
    const z = (x - mean) / sd;
    const hour = start + i * 3_600_000;
    if (i >= warmup && z >= threshold && x >= minCount) {
      if (!open) open = { start: hour, peak: hour, peakCount: x, baseline: mean, z };
      else if (x > open.peakCount) Object.assign(open, { peak: hour, peakCount: x, z });
      continue;
    }
    if (open) alerts.push(finish(open));
    open = null;
    const d = x - mean;
    mean += alpha * d;
    variance = (1 - alpha) * (variance + alpha * d * d);
  }
  if (open) alerts.push(finish(open));
  return alerts;
}

function finish(a: { start: number; peak: number; peakCount: number; baseline: number; z: number }): HypeAlert {
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { start: a.start, peak: a.peak, peakCount: a.peakCount, baseline: r(a.baseline), z: r(a.z), magnitude: r(a.peakCount / Math.max(1, a.baseline)) };
}

/** Hourly post counts of a topic ('' for all posts), hour by hour from its first to its last hour (missing hours are 0). */
export function hourlyCounts(cells: Iterable<{ readonly hour: number; readonly topic: string; readonly posts: number }>, topic: string): { start: number; counts: number[] } {
  const byHour = new Map<number, number>();
  for (const c of cells) if (c.topic === topic) byHour.set(c.hour, (byHour.get(c.hour) ?? 0) + c.posts);
  if (byHour.size === 0) return { start: 0, counts: [] };
  const hours = [...byHour.keys()];
  const start = Math.min(...hours);
  const counts = new Array<number>((Math.max(...hours) - start) / 3_600_000 + 1).fill(0);
  for (const [h, n] of byHour) counts[(h - start) / 3_600_000] = n;
  return { start, counts };
}

/** A hype alert of one topic, with ISO times. */
export interface TopicHypeAlert extends Omit<HypeAlert, 'start' | 'peak'> {
  readonly kind: 'topic';
  readonly topic: string;
  readonly start: string;
  readonly peak: string;
}

/** Hype alerts of every topic in rollup cells, newest first. */
export function topicHype(cells: readonly { readonly hour: number; readonly topic: string; readonly posts: number }[], options: HypeOptions = DEFAULT_HYPE): TopicHypeAlert[] {
  const topics = [...new Set(cells.map((x) => x.topic))].filter((t) => t !== '').sort();
  const alerts = topics.flatMap((topic) => {
    const { start, counts } = hourlyCounts(cells, topic);
    return detectHype(counts, start, options).map((a) => ({ kind: 'topic' as const, topic, ...a, start: new Date(a.start).toISOString(), peak: new Date(a.peak).toISOString() }));
  });
  return alerts.sort((a, b) => b.start.localeCompare(a.start) || a.topic.localeCompare(b.topic));
}
