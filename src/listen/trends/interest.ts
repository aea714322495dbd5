import type { RollupCell } from '../rollup/cells';

/** One point of an interest series: the bucket's start (epoch ms) and its index, 0–100 (null: too few posts to say). */
export interface InterestPoint {
  readonly t: number;
  readonly index: number | null;
}

export interface RegionInterest {
  readonly country: string;
  readonly index: number;
}

const DAY_MS = 86_400_000;

/** The start of the bucket (hour or UTC day) an hour belongs to. */
export function bucketOf(hour: number, bucket: 'hour' | 'day'): number {
  return bucket === 'hour' ? hour : Math.floor(hour / DAY_MS) * DAY_MS;
}

/** Posts of a topic and posts in all, summed by key. */
function volumes(cells: Iterable<RollupCell>, topic: string, key: (c: RollupCell) => string | number): Map<string | number, { topic: number; total: number }> {
  const out = new Map<string | number, { topic: number; total: number }>();
  for (const c of cells) {
    if (c.topic !== '' && c.topic !== topic) continue;
    const k = key(c);
    const v = out.get(k) ?? out.set(k, { topic: 0, total: 0 }).get(k)!;
    if (c.topic === '') v.total += c.posts;
    else v.topic += c.posts;
  }
  return out;
}

/** 0–100 of each share against the largest one (Google Trends' scaling); null where the total is under `minTotal`. */
function scaled<K>(entries: readonly (readonly [K, { topic: number; total: number }])[], minTotal: number): [K, number | null][] {
  const share = entries.map(([k, v]) => [k, v.total >= minTotal ? v.topic / v.total : null] as const);
  const peak = Math.max(0, ...share.map(([, s]) => s ?? 0));
  return share.map(([k, s]) => [k, s === null ? null : peak > 0 ? Math.round((100 * s) / peak) : 0]);
}

/**
 * Interest in a topic over time, as Google Trends defines it: in each bucket, the topic's posts
 * divided by all posts of that bucket (so that a busy day does not look like interest), scaled
 * so that the window's peak is 100. Buckets with fewer than `minTotal` posts are null: no small cells.
 */
export function interestOverTime(cells: Iterable<RollupCell>, topic: string, bucket: 'hour' | 'day', minTotal = 10): InterestPoint[] {
  const byTime = [...volumes(cells, topic, (c) => bucketOf(c.hour, bucket)).entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
  return scaled(byTime, minTotal).map(([t, index]) => ({ t: Number(t), index }));
}

/**
 * Interest over time from counts by hour: in each bucket, the posts of interest (`part`: a term's,
 * say) divided by the posts of that bucket (`total`), scaled so that the peak is 100; null where
 * the bucket has fewer than `minTotal` posts. Hours of `part` absent from `total` are ignored.
 */
export function interestFromCounts(part: ReadonlyMap<number, number>, total: ReadonlyMap<number, number>, bucket: 'hour' | 'day', minTotal = 10): InterestPoint[] {
  const byTime = new Map<number, { topic: number; total: number }>();
  for (const [hour, n] of total) {
    const t = bucketOf(hour, bucket);
    const v = byTime.get(t) ?? byTime.set(t, { topic: 0, total: 0 }).get(t)!;
    v.total += n;
    v.topic += part.get(hour) ?? 0;
  }
  return scaled([...byTime.entries()].sort((a, b) => a[0] - b[0]), minTotal).map(([t, index]) => ({ t, index }));
}

/**
 * Interest in a topic by country: its share of each country's posts (not raw counts, which follow
 * population and activity), scaled so that the highest is 100. Countries with fewer than
 * `minTotal` posts, and posts of unknown place, are left out.
 */
export function interestByRegion(cells: Iterable<RollupCell>, topic: string, minTotal = 10): RegionInterest[] {
  const located = [...volumes(cells, topic, (c) => c.country ?? '').entries()].filter(([k]) => k !== '');
  return scaled(located, minTotal)
    .filter((e): e is [string | number, number] => e[1] !== null)
    .map(([country, index]) => ({ country: String(country), index }))
    .sort((a, b) => b.index - a.index || a.country.localeCompare(b.country));
}
