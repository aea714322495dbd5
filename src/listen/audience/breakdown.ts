import type { ReportFilter } from '../report/filter';
import { classedPosts } from '../report/samples';
import type { PostStore } from '../store';
import type { AudienceCell, HiddenCell, ShownCell } from './suppress';
import { suppressTable } from './suppress';

/** Cells resting on fewer distinct people than this are never shown (API, dashboard, exports). */
export const MIN_PEOPLE = 10;

export interface AudienceMargin {
  readonly key: string;
  /** Null when suppressed: fewer than k people, or the one other cell that would give it away. */
  readonly posts: number | null;
  readonly people: number | null;
  /** Side B's share of the decided posts of the cell (null: suppressed or none decided). */
  readonly shareB: number | null;
}

export interface AudienceReport {
  readonly question: string;
  readonly sides: readonly [string, string];
  /** The k of the suppression. */
  readonly minPeople: number;
  /** Posts whose input carried an age band or a gender, and their distinct authors (null under k). */
  readonly posts: number | null;
  readonly people: number | null;
  readonly byAgeBand: readonly AudienceMargin[];
  readonly byGender: readonly AudienceMargin[];
  /** Age band × gender; 'unknown' where the input gave one and not the other. */
  readonly cells: readonly (ShownCell | HiddenCell)[];
}

type Group = 'age_band' | 'gender';

/** Posts, distinct authors, decided and side-B posts per value of the grouping columns (only posts with audience fields). */
async function counts(posts: PostStore, question: string, sideB: string, filter: ReportFilter, by: readonly Group[]): Promise<AudienceCell[]> {
  const rows = await classedPosts(posts, question, filter, true)
    .where((eb) => eb.or([eb('p.age_band', 'is not', null), eb('p.gender', 'is not', null)]))
    .select((eb) => [
      ...by.map((g) => eb.ref(`p.${g}`).as(g)),
      eb.fn.countAll<number>().as('posts'),
      eb.fn.count<number>('p.author').distinct().as('people'),
      eb.fn.sum<number>(eb.case().when('c.stance', '!=', 'neutral').then(1).else(0).end()).as('decided'),
      eb.fn.sum<number>(eb.case().when('c.stance', 'in', [`strong_${sideB}`, `weak_${sideB}`]).then(1).else(0).end()).as('b'),
    ])
    .$call((q) => (by.length > 0 ? q.groupBy(by.map((g) => `p.${g}` as const)) : q))
    .execute();
  return rows.map((r) => {
    const row = r as Record<string, unknown>;
    return { ageBand: String(row.age_band ?? 'unknown'), gender: String(row.gender ?? 'unknown'), posts: Number(r.posts), people: Number(r.people), decided: Number(r.decided), b: Number(r.b) };
  });
}

const share = (c: AudienceCell): number | null => (c.decided > 0 ? Number((c.b / c.decided).toFixed(4)) : null);

function margin(c: ShownCell | HiddenCell, key: 'ageBand' | 'gender'): AudienceMargin {
  return c.suppressed ? { key: c[key], posts: null, people: null, shareB: null } : { key: c[key], posts: c.posts, people: c.people, shareB: share(c) };
}

const byKey = (key: 'ageBand' | 'gender') => (x: AudienceCell, y: AudienceCell): number => x[key].localeCompare(y[key]) || x.gender.localeCompare(y.gender);

/**
 * Who posted, by age band and gender, where the input carried them (as Facebook's aggregate
 * exports do): posts, distinct authors and side B's share per cell, with every figure under k
 * distinct people suppressed, the cross table and its margins as one linked table (see `suppressTable`).
 */
export async function audienceReport(posts: PostStore, question: string, sides: readonly [string, string], filter: ReportFilter, k = MIN_PEOPLE): Promise<AudienceReport> {
  const [total, byAge, byGender, cross] = await Promise.all([counts(posts, question, sides[1], filter, []), counts(posts, question, sides[1], filter, ['age_band']), counts(posts, question, sides[1], filter, ['gender']), counts(posts, question, sides[1], filter, ['age_band', 'gender'])]);
  const all = total[0];
  const empty = { question, sides, minPeople: k, posts: null, people: null, byAgeBand: [], byGender: [], cells: [] };
  if (!all || all.people < k) return empty;
  const t = suppressTable({ cells: cross.sort(byKey('ageBand')), byAgeBand: byAge.sort(byKey('ageBand')), byGender: byGender.sort(byKey('gender')), total: all }, k);
  if (t.total.suppressed) return empty;
  return { question, sides, minPeople: k, posts: all.posts, people: all.people, byAgeBand: t.byAgeBand.map((c) => margin(c, 'ageBand')), byGender: t.byGender.map((c) => margin(c, 'gender')), cells: t.cells };
}
