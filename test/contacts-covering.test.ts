import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSegment, withCountPlan } from '../src/contacts/segments/count';
import { contactsDb } from '../src/contacts/tables';
import type { AnyDb } from '../src/store';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { addConsents, addPeople } from './support/contacts-people';

const NOW = 1_700_000_000_000;

/** The plan of a query, one line per node, with scans other than index scans ruled out. */
async function plan(db: AnyDb, query: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    for (const off of ['enable_seqscan', 'enable_bitmapscan']) await sql.raw(`SET LOCAL ${off} = off`).execute(trx);
    const rows = (await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`).execute(trx)).rows;
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

for (const backend of backends()) {
  describe(`contacts migration 0010 (what segment counts read) on ${backend.name}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await openTestApp(backend);
      const ids = await addPeople(t.app.store.db, [
        { givenName: 'Anne', support: 5, birthYear: 1960, area: 'a1', volunteer: true, emails: ['anne@example.org'], fields: { interest: 'ecology' } },
        { givenName: 'Bruno', support: 4, birthYear: 1990, area: 'a2', volunteer: true, emails: ['bruno@example.org'], fields: { interest: 'ecology' } },
        { givenName: 'Chloé', support: 2, birthYear: 1955, area: 'a1', emails: ['chloe@example.org'], fields: { interest: 'housing' } },
      ]);
      await addConsents(t.app.store.db, ids.map((personId) => ({ personId, purpose: 'newsletter', channel: 'email', granted: true, at: 1 })));
    });

    afterAll(async () => t?.close());

    it('counts the same through the count plan, and inside a caller’s transaction', async () => {
      const db = contactsDb(t.app.store.db);
      const q = { condition: { all: [{ field: 'interest', op: 'eq' as const, value: 'ecology' }, { birthYear: { lte: 1970 } }] }, scope: { kind: 'all' as const }, now: NOW };
      expect(await countSegment(db, q)).toBe(1);
      expect(await countSegment(db, { ...q, use: { purpose: 'newsletter', channel: 'email' } })).toBe(1);
      expect(await countSegment(db, { condition: { all: [{ support: { gte: 4 } }, { volunteer: true }] }, scope: { kind: 'all' }, now: NOW, use: { purpose: 'newsletter', channel: 'email' } })).toBe(2);
      expect(await db.transaction().execute((trx) => countSegment(trx, q))).toBe(1);
    });

    if (backend.name === 'postgres') {
      it('plans a count without parallel workers and for data in memory, for that count alone', async () => {
        const db = contactsDb(t.app.store.db);
        const inside = await withCountPlan(db, async (d) => {
          const show = async (name: string): Promise<string> => (await sql.raw<Record<string, string>>(`SHOW ${name}`).execute(d)).rows[0]![name]!;
          return [await show('max_parallel_workers_per_gather'), await show('random_page_cost'), await show('cpu_tuple_cost')];
        });
        expect(inside).toEqual(['0', '1.1', '0.03']);
        const after = await db.connection().execute(async (c) => (await sql<{ random_page_cost: string }>`SHOW random_page_cost`.execute(c)).rows[0]!.random_page_cost);
        expect(after).toBe('4');
      });

      it('finds a segment’s candidates from indexes alone, with the person’s id in them', async () => {
        const db = t.app.store.db;
        expect(await plan(db, 'SELECT p.id FROM people p WHERE p.support >= 4 AND p.volunteer = 1')).toMatch(/Index Only Scan using people_support_volunteer/);
        expect(await plan(db, "SELECT pf.person_id FROM person_fields pf WHERE pf.field_id = 1 AND pf.value = 'ecology'")).toMatch(/Index Only Scan using person_fields_value/);
        expect(await plan(db, 'SELECT p.id FROM people p WHERE p.id = 1 AND p.birth_year <= 1970 AND p.gender IS NULL')).toMatch(/Index Only Scan using people_segment_columns/);
        const stats = (await sql<{ stxname: string }>`SELECT stxname FROM pg_statistic_ext ORDER BY stxname`.execute(db)).rows.map((r) => r.stxname);
        expect(stats).toEqual(expect.arrayContaining(['person_fields_field_value', 'reach_use']));
      });
    }
  });
}
