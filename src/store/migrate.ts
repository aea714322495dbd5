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
  const applied = await appliedNames(db);
  refuseNewer(applied, modules);
  if (dialect !== 'sqlite') return migrateAll(db, modules);
  // Up to date (every start but the first after an upgrade): nothing to write, so no write lock to wait for behind a running import.
  if (applied && names(modules).every((n) => applied.has(n))) return [];
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

/**
 * The migrations of `modules` a store has not applied, read without writing anything; null when
 * the database holds no hustings store (no migrations table: an empty PostgreSQL database, a new
 * SQLite file). A store a later version has migrated is refused, as by `migrate`.
 */
export async function pendingMigrations(db: AnyDb, modules: readonly ModuleMigrations[]): Promise<string[] | null> {
  const applied = await appliedNames(db);
  if (!applied) return null;
  refuseNewer(applied, modules);
  return names(modules).filter((n) => !applied.has(n));
}

function names(modules: readonly ModuleMigrations[]): string[] {
  return modules.flatMap((m) => Object.keys(m.migrations).map((name) => `${m.module}.${name}`));
}

/** The migrations the store has applied; null when it has no migrations table yet (a new store). */
async function appliedNames(db: AnyDb): Promise<Set<string> | null> {
  try {
    return new Set((await sql<{ name: string }>`SELECT name FROM hustings_migrations`.execute(db)).rows.map((r) => r.name));
  } catch (error) {
    // Only a missing table is a new store: another failure (a lost connection, no right to read) is itself.
    if (isMissingTable(error)) return null;
    throw error;
  }
}

/** PostgreSQL's undefined_table, SQLite's "no such table". */
export function isMissingTable(error: unknown): boolean {
  return (error as { code?: string }).code === '42P01' || /no such table/.test((error as Error).message);
}

/** A store a later version has migrated is refused whole: this version would misread what it does not know. */
function refuseNewer(applied: ReadonlySet<string> | null, modules: readonly ModuleMigrations[]): void {
  if (!applied) return;
  const known = new Set(names(modules));
  const unknown = [...applied].filter((n) => !known.has(n)).sort();
  if (unknown.length === 0) return;
  const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? `, and ${unknown.length - 5} more` : '');
  throw new StoreError(`this store was migrated by a later version of hustings: expected only migrations this version knows, found ${unknown.length} it does not (${shown}); upgrade hustings to open it`);
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
