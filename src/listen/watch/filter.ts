import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';

/** Which matches a read covers: a time range (from inclusive, to exclusive, epoch ms), a country ('unknown' for none), an item. */
export interface MatchFilter {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly country?: string | undefined;
  readonly item?: string | undefined;
}

/** The condition on watch_matches (aliased `m`) of one list and a filter. */
export function matchCondition(watchlist: string, f: MatchFilter): RawBuilder<boolean> {
  const parts = [sql`m.watchlist = ${watchlist}`];
  if (f.from !== undefined) parts.push(sql`m.created_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`m.created_at < ${f.to}`);
  if (f.country === 'unknown') parts.push(sql`m.country IS NULL`);
  else if (f.country !== undefined) parts.push(sql`m.country = ${f.country}`);
  if (f.item !== undefined) parts.push(sql`m.item = ${f.item}`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}
