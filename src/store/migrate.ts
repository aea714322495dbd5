import type { Migration } from 'kysely';
import type { AnyDb, DialectName } from './db';
import { Migrator, sql } from 'kysely';
import { StoreError } from '../core/errors';

/** A module's migrations, by name; names sort in the order they must run ("0001_posts", …). */
export interface ModuleMigrations {
  readonly module: string;
  readonly migrations: Readonly<Record<string, Migration>>;
}

/**
 * Applies every module's pending migrations, named `module.name`. Safe to run on every start and
 * from several processes at once: on PostgreSQL Kysely takes a lock; on SQLite (where Kysely takes
 * none, and two first runs on a new store both applied the first migrations) they run in one
 * `BEGIN IMMEDIATE` transaction, which holds SQLite's write lock from before the applied ones are
 * read: the other process waits, then finds them applied. Either way what is applied is skipped.
 */
export async function migrate(db: AnyDb, modules: readonly ModuleMigrations[], dialect: DialectName = 'postgres'): Promise<string[]> {
  if (dialect !== 'sqlite') return migrateAll(db, modules);
  // Up to date (every start but the first after an upgrade): nothing to write, so no write lock to wait for behind a running import.
  if (!(await anyPending(db, modules))) return [];
  // The SQLite driver has one connection: the statements of the migrator run inside this transaction.
  await sql`BEGIN IMMEDIATE`.execute(db);
  try {
    const applied = await migrateAll(db, modules);
    await sql`COMMIT`.execute(db);
    return applied;
  } catch (error) {
    await sql`ROLLBACK`.execute(db).catch(() => undefined);
    throw error;
  }
}

function names(modules: readonly ModuleMigrations[]): string[] {
  return modules.flatMap((m) => Object.keys(m.migrations).map((name) => `${m.module}.${name}`));
}

/** Whether a migration is still to apply (read only: true when the store has no migrations table yet). */
async function anyPending(db: AnyDb, modules: readonly ModuleMigrations[]): Promise<boolean> {
  let applied: Set<string>;
  try {
    applied = new Set((await sql<{ name: string }>`SELECT name FROM hustings_migrations`.execute(db)).rows.map((r) => r.name));
  } catch {
    return true;
  }
  return names(modules).some((n) => !applied.has(n));
}

async function migrateAll(db: AnyDb, modules: readonly ModuleMigrations[]): Promise<string[]> {
  const all: Record<string, Migration> = {};
  for (const m of modules) {
    for (const [name, migration] of Object.entries(m.migrations)) all[`${m.module}.${name}`] = migration;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => all },
    migrationTableName: 'hustings_migrations',
    migrationLockTableName: 'hustings_migrations_lock',
    // Modules are added over time; a new module's first migration may sort before applied ones.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(`migration ${failed} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
