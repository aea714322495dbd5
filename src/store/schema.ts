import type { CreateTableBuilder } from 'kysely';
import type { AnyDb } from './db';

/** Small helpers for modules' migrations: the same statements on SQLite and PostgreSQL. */
export type TableBuilder = CreateTableBuilder<string, string>;

/** Creates a table unless it exists. */
export async function createTable(db: AnyDb, name: string, columns: (t: TableBuilder) => TableBuilder): Promise<void> {
  await columns(db.schema.createTable(name).ifNotExists() as TableBuilder).execute();
}

/** Creates an index unless it exists. */
export async function createIndex(db: AnyDb, name: string, on: string, columns: string[], unique = false): Promise<void> {
  let b = db.schema.createIndex(name).ifNotExists().on(on).columns(columns);
  if (unique) b = b.unique();
  await b.execute();
}

/** Whether a statement failed on a unique index or primary key (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
