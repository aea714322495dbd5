import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../store';
import { isPostgres } from '../store';

/**
 * SQLite keeps a table with a composite primary key as two B-trees: the rows by rowid, and the key
 * as an index. These tables are read and written by their key only, so they become WITHOUT ROWID
 * tables: the rows live in the key's B-tree, and an insert writes one B-tree fewer. On
 * consent_state the gate's covering index (purpose, channel, person_id, granted) goes too: the table
 * is that index now. Indexes named in `drop` are not rebuilt.
 */
const TABLES: readonly { table: string; drop: readonly string[] }[] = [
  { table: 'consent_state', drop: ['consent_state_gate'] },
  { table: 'contact_points', drop: [] },
  { table: 'person_fields', drop: [] },
  { table: 'person_tags', drop: [] },
];

type Entry = { name: string; sql: string };

async function entries(db: AnyDb, type: 'table' | 'index' | 'trigger', table?: string): Promise<Entry[]> {
  const on = table === undefined ? sql`` : sql` AND tbl_name = ${table}`;
  const found = await sql<Entry>`SELECT name, sql FROM sqlite_master WHERE type = ${type} AND sql IS NOT NULL${on} ORDER BY rowid`.execute(db);
  return found.rows;
}

/** One table rebuilt WITHOUT ROWID, its rows copied, its indexes made again (but the dropped ones). */
async function rebuild(db: AnyDb, table: string, drop: readonly string[]): Promise<void> {
  const [own] = await entries(db, 'table', table);
  if (!own) throw new Error(`migration 0009: table ${table} not found`);
  const indexes = (await entries(db, 'index', table)).filter((i) => !drop.includes(i.name));
  const renamed = own.sql.replace(/^CREATE TABLE "?[a-z_]+"?/i, `CREATE TABLE "${table}__clustered"`);
  if (renamed === own.sql) throw new Error(`migration 0009: unexpected definition of ${table}: ${own.sql}`);
  await sql.raw(`${renamed} WITHOUT ROWID`).execute(db);
  await sql.raw(`INSERT INTO "${table}__clustered" SELECT * FROM "${table}"`).execute(db);
  await sql.raw(`DROP TABLE "${table}"`).execute(db);
  await sql.raw(`ALTER TABLE "${table}__clustered" RENAME TO "${table}"`).execute(db);
  for (const i of indexes) await sql.raw(i.sql).execute(db);
}

/**
 * Migration 0009. SQLite: the tables above WITHOUT ROWID; every trigger (the reach triggers read
 * these tables) is set aside while they are rebuilt and made again as it was. PostgreSQL stores
 * rows in a heap whatever the key: nothing changes there. (Its consent_state key with `granted`
 * as an included column, in place of the gate's index, was tried: 100,000-row imports took 23.5
 * and 20.1 s against 19.0 and 20.2 s, alternated.)
 */
export const clusteredMigration: Migration = {
  async up(db: AnyDb) {
    if (isPostgres(db)) return;
    const triggers = await entries(db, 'trigger');
    for (const t of triggers) await sql.raw(`DROP TRIGGER "${t.name}"`).execute(db);
    for (const { table, drop } of TABLES) await rebuild(db, table, drop);
    for (const t of triggers) await sql.raw(t.sql).execute(db);
  },
};
