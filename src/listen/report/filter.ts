import type { RollupCell } from '../rollup/cells';

/** What a report may be narrowed to; every field is optional, and all given must hold. */
export interface ReportFilter {
  /** Start of the time range (inclusive), epoch ms; cells are hours, so an hour counts when it starts in range. */
  readonly from?: number | undefined;
  /** End of the time range (exclusive), epoch ms. */
  readonly to?: number | undefined;
  /** ISO 3166-1 alpha-2, or 'unknown'. */
  readonly country?: string | undefined;
  /** ISO 639-1, or 'unknown'. */
  readonly lang?: string | undefined;
  /** Only the posts on this topic. */
  readonly topic?: string | undefined;
  /** One label of the 5-point scale (e.g. strong_leave, neutral). */
  readonly stance?: string | undefined;
}

function keeps(f: ReportFilter, x: RollupCell): boolean {
  if (f.from !== undefined && x.hour < f.from) return false;
  if (f.to !== undefined && x.hour >= f.to) return false;
  if (f.country !== undefined && (x.country ?? 'unknown') !== f.country) return false;
  if (f.lang !== undefined && (x.lang ?? 'unknown') !== f.lang) return false;
  if (f.stance !== undefined && x.stance !== f.stance) return false;
  return true;
}

const NONE: readonly RollupCell[] = [];

/**
 * What a rollup cell is in a filtered report: itself, nothing, or — under a topic filter, which
 * keeps the posts on that topic — itself and the same counts as a whole-post cell (topic ''): the
 * topic's cells count those posts once, so they stand for the posts as a whole as well.
 */
export function keptCells(x: RollupCell, f: ReportFilter): readonly RollupCell[] {
  if (!keeps(f, x)) return NONE;
  if (f.topic === undefined) return [x];
  // As a whole-post cell its sentiment is the theme's, which the report does not read for totals.
  return x.topic === f.topic ? [x, { ...x, topic: '' }] : NONE;
}

/** The rollup cells of a filtered report (see `keptCells`). */
export function filterCells(cells: Iterable<RollupCell>, f: ReportFilter): RollupCell[] {
  const out: RollupCell[] = [];
  for (const x of cells) for (const kept of keptCells(x, f)) out.push(kept);
  return out;
}
