import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { MIGRATIONS, openApp } from '../src/app/open';
import { changeConsent } from '../src/contacts/consent/record';
import { reachDrift } from '../src/contacts/reach';
import { migrate, openStore } from '../src/store';
import type { AnyDb } from '../src/store';
import { backends } from './support/backends';

/** Every migration but contacts' 0009: a store as it stood before it. */
const BEFORE = MIGRATIONS.map((m) => (m.module === 'contacts' ? { ...m, migrations: Object.fromEntries(Object.entries(m.migrations).filter(([name]) => name !== '0009_clustered')) } : m));

const TABLES = ['consent_state', 'contact_points', 'person_fields', 'person_tags', 'reach'] as const;

async function rows(db: AnyDb, table: string): Promise<unknown[]> {
  return (await sql.raw(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).execute(db)).rows;
}

/** Three people with emails, an address, tags, fields and consents (one withdrawn), written as a store before 0009 held them. */
async function fill(db: AnyDb): Promise<void> {
  const at = Date.parse('2026-05-01');
  for (const id of [1, 2, 3]) {
    await sql`INSERT INTO people (id, given_name, family_name, source_id, created_at, updated_at) VALUES (${id}, ${`G${id}`}, ${`F${id}`}, 1, ${at}, ${at})`.execute(db);
    await sql`INSERT INTO contact_points (person_id, source_id, kind, value, created_at) VALUES (${id}, 1, 'email', ${`p${id}@example.org`}, ${at})`.execute(db);
    await sql`INSERT INTO person_tags (person_id, source_id, tag_id) VALUES (${id}, 1, ${id % 2})`.execute(db);
    await sql`INSERT INTO person_fields (person_id, source_id, field_id, value, num) VALUES (${id}, 1, 7, ${`v${id}`}, ${id})`.execute(db);
    await sql`INSERT INTO consent_state (person_id, purpose, channel, granted, consent_id, at) VALUES (${id}, 'newsletter', 'email', ${id === 3 ? 0 : 1}, ${id}, ${at})`.execute(db);
  }
  await sql`INSERT INTO addresses (person_id, source_id, street, postcode, city, country, household, created_at) VALUES (1, 1, '1 rue A', '34000', 'Montpellier', 'FR', 'h1', ${at})`.execute(db);
  await sql`INSERT INTO consent_state (person_id, purpose, channel, granted, consent_id, at) VALUES (1, 'canvassing', 'door', 1, 4, ${at})`.execute(db);
}

for (const backend of backends()) {
  describe(`contacts migration 0009 (clustered tables) on ${backend.name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    const before: Record<string, unknown[]> = {};

    beforeAll(async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      const store = await openStore({ databaseUrl: fresh.config.databaseUrl, sqlitePath: fresh.config.sqlitePath });
      await migrate(store.db, BEFORE, store.dialect);
      await fill(store.db);
      for (const t of TABLES) before[t] = await rows(store.db, t);
      await store.close();
      app = await openApp(fresh.config);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('keeps every row of the rebuilt tables, and reach as the rule gives it', async () => {
      expect(before.reach).toHaveLength(3); // 1 and 2 by email, 1 at the door; 3 withdrew
      for (const t of TABLES) expect(await rows(app.store.db, t), t).toEqual(before[t]);
      expect(await reachDrift(app.store.db)).toEqual({ missing: 0, extra: 0 });
    });

    it('stores the tables by their keys on SQLite, without the gate index', async () => {
      const db = app.store.db;
      if (backend.name === 'sqlite') {
        const defs = (await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('consent_state', 'contact_points', 'person_fields', 'person_tags')`.execute(db)).rows;
        expect(defs).toHaveLength(4);
        for (const d of defs) expect(d.sql, d.name).toMatch(/WITHOUT ROWID$/);
        const indexes = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('consent_state', 'contact_points', 'person_fields', 'person_tags') ORDER BY name`.execute(db)).rows.map((r) => r.name);
        expect(indexes).toEqual(['consent_state_person', 'contact_points_person_kind', 'person_fields_person', 'person_fields_value', 'person_tags_person']);
        const triggers = (await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reach%'`.execute(db)).rows[0]!.n;
        expect(triggers).toBe(14);
      } else {
        // PostgreSQL keeps its heap tables and their indexes.
        const indexes = (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'consent_state' ORDER BY indexname`.execute(db)).rows;
        expect(indexes.map((i) => i.indexname)).toEqual(['consent_state_gate', 'consent_state_person', 'consent_state_pk']);
      }
    });

    it('keeps the gate in step after the migration: a withdrawal and a new grant change reach', async () => {
      const base = { basis: 'consent' as const, actor: 'tester', how: 'test', kind: 'manual' as const };
      await changeConsent(app.store, { ...base, personId: 2, purpose: 'newsletter', channel: 'email', granted: false, noticeVersion: null });
      await changeConsent(app.store, { ...base, personId: 3, purpose: 'newsletter', channel: 'email', granted: true, noticeVersion: 'v3' });
      const reach = (await rows(app.store.db, 'reach')) as { person_id: number; purpose: string }[];
      expect(reach.filter((r) => r.purpose === 'newsletter').map((r) => Number(r.person_id))).toEqual([1, 3]);
      expect(await reachDrift(app.store.db)).toEqual({ missing: 0, extra: 0 });
    });
  });
}
