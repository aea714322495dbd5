import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { ListenTables } from '../store';
import type { TermParams } from './sum.mjs';

export interface TermsTable {
  question: string;
  kind: string;
  term: string;
  topic: string;
  hour: number;
  posts: number;
}

/**
 * Posts by question × kind × term × topic × hour, kept up to date as posts are stored (as
 * listen_rollups): kind is hashtag, phrase or question; topic '' counts every post, and question
 * rows are counted under each topic of their post as well. Keyed term first, so that one term's
 * series is one range of the index.
 */
export const termsMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('listen_terms')
      .ifNotExists()
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('hour', 'bigint', (c) => c.notNull())
      .addColumn('posts', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('listen_terms_pk', ['question', 'kind', 'term', 'topic', 'hour'])
      .execute();
  },
};

export function termRow(p: TermParams): TermsTable {
  const [question, kind, term, topic, hour, posts] = p;
  return { question, kind, term, topic, hour, posts };
}

/** The upsert that adds term cells' counts to the stored ones. */
export function termUpsert(db: Kysely<ListenTables>, rows: TermsTable[]) {
  return db
    .insertInto('listen_terms')
    .values(rows)
    .onConflict((oc) => oc.columns(['question', 'kind', 'term', 'topic', 'hour']).doUpdateSet({ posts: sql`listen_terms.posts + excluded.posts` }));
}
