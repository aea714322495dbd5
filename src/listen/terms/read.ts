import type { Kysely } from 'kysely';
import type { ListenTables } from '../store';
import type { TermKind } from './cells';
import { TERM_KINDS } from './cells';

/** Terms per `IN (…)` list: far below both databases' bound-parameter limits. */
const TERMS_PER_QUERY = 500;

const isKind = (k: string): k is TermKind => (TERM_KINDS as readonly string[]).includes(k);

/** A stored term cell, as read back. */
export interface StoredTermCell {
  readonly kind: TermKind;
  readonly term: string;
  readonly topic: string;
  readonly hour: number;
  readonly posts: number;
}

/**
 * The hourly cells of a question's terms (kind, term, topic) counted in at least `minPosts`
 * posts over all time: the only ones any window can show (a window never holds more posts than
 * all time). One pass of the table to find them, then their cells by term.
 */
export async function readShownTerms(db: Kysely<ListenTables>, question: string, minPosts: number): Promise<StoredTermCell[]> {
  const keys = await db
    .selectFrom('listen_terms')
    .select(['kind', 'term', 'topic'])
    .where('question', '=', question)
    .groupBy(['kind', 'term', 'topic'])
    .having((eb) => eb.fn.sum<number>('posts'), '>=', minPosts)
    .execute();
  const wanted = new Set(keys.map((k) => `${k.kind}\u0000${k.term}\u0000${k.topic}`));
  const cells: StoredTermCell[] = [];
  for (const kind of TERM_KINDS) {
    const terms = [...new Set(keys.filter((k) => k.kind === kind).map((k) => k.term))];
    for (let i = 0; i < terms.length; i += TERMS_PER_QUERY) {
      const rows = await db
        .selectFrom('listen_terms')
        .select(['kind', 'term', 'topic', 'hour', 'posts'])
        .where('question', '=', question)
        .where('kind', '=', kind)
        .where('term', 'in', terms.slice(i, i + TERMS_PER_QUERY))
        .execute();
      for (const r of rows) {
        if (!isKind(r.kind) || !wanted.has(`${r.kind}\u0000${r.term}\u0000${r.topic}`)) continue;
        cells.push({ kind: r.kind, term: r.term, topic: r.topic, hour: Number(r.hour), posts: Number(r.posts) });
      }
    }
  }
  return cells;
}
