import { sql } from 'kysely';
import type { PeopleQuery } from '../audience';
import { audienceQuery } from '../audience';
import type { PeopleEb, Use } from '../gate';
import type { Scope } from '../scope';
import { inScope } from '../scope';
import { isPostgres } from '../../store';
import type { ContactsDb } from '../tables';
import type { Condition } from './definition';
import { compileCondition } from './compile';
import { nameIds } from './names';

export interface SegmentQuery {
  readonly condition: Condition;
  /** When given, only the people who may be reached for this use (through `audienceQuery`). */
  readonly use?: Use | undefined;
  readonly scope: Scope;
  readonly now: number;
}

/** The people of a segment within a scope; for a use, always through the gate. */
async function segmentQuery(db: ContactsDb, q: SegmentQuery): Promise<PeopleQuery> {
  const ids = await nameIds(db, q.condition);
  if (q.use) return audienceQuery(db, { use: q.use, condition: q.condition, scope: q.scope, now: q.now, ids });
  return db.selectFrom('people as p').where((eb: PeopleEb) => eb.and([compileCondition(eb, q.condition, q.now, ids), inScope(eb, q.scope)]));
}

/** A condition that keeps everyone (no leaf at all). */
const keepsEveryone = (c: Condition): boolean => 'all' in c && c.all.every(keepsEveryone);

/**
 * PostgreSQL plans a count made of index probes as if each probe went to disk (random_page_cost 4),
 * prices a tuple read as nearly free next to a page (cpu_tuple_cost 0.01), so that it scans a
 * million entries rather than probe fifty thousand, and hands the larger counts to parallel
 * workers. On a store whose indexes are in memory all three choices cost more than they save (a
 * million people, 2 cores: docs/benchmarks.md). A count runs in its own transaction with the three
 * set for it alone. Inside a caller's transaction, or on SQLite, it runs as it is.
 */
export async function withCountPlan<T>(db: ContactsDb, run: (db: ContactsDb) => Promise<T>): Promise<T> {
  if (!isPostgres(db) || db.isTransaction) return run(db);
  return db.transaction().execute(async (trx) => {
    // set_config(…, true) is SET LOCAL: the three in one round trip.
    await sql`SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('random_page_cost', '1.1', true), set_config('cpu_tuple_cost', '0.03', true)`.execute(trx);
    return run(trx);
  });
}

/**
 * How many people a segment holds, counted in the database by one `SELECT count(*)`. Everyone
 * reachable for a use, seen by a user who sees everyone, is the gate's own table counted alone
 * (it holds stored people only): the same number without a probe per person.
 */
export async function countSegment(db: ContactsDb, q: SegmentQuery): Promise<number> {
  if (q.use && q.scope.kind === 'all' && keepsEveryone(q.condition)) {
    const use = q.use;
    const row = await withCountPlan(db, (d) =>
      d
        .selectFrom('reach')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .where('purpose', '=', use.purpose)
        .where('channel', '=', use.channel)
        .executeTakeFirstOrThrow(),
    );
    return Number(row.n);
  }
  const row = await withCountPlan(db, async (d) =>
    (await segmentQuery(d, q)).select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

export interface SegmentPerson {
  readonly id: number;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

/** A page of a segment's people by id. */
export async function segmentPeople(db: ContactsDb, q: SegmentQuery, page: { limit: number; offset: number }): Promise<SegmentPerson[]> {
  const rows = await (await segmentQuery(db, q)).select(['p.id', 'p.given_name', 'p.family_name']).orderBy('p.id').limit(page.limit).offset(page.offset).execute();
  return rows.map((r) => ({ id: Number(r.id), givenName: r.given_name, familyName: r.family_name }));
}
