import type { Migration } from 'kysely';
import type { AnyDb } from './db';
import { Migrator } from 'kysely';
import { StoreError } from '../core/errors';

/** A module's migrations, by name; names sort in the order they must run ("0001_posts", …). */
export interface ModuleMigrations {
  readonly module: string;
  readonly migrations: Readonly<Record<string, Migration>>;
}

/**
 * Applies every module's pending migrations, named `module.name`. Safe to run on
 * every start and from several processes at once: Kysely takes a lock and skips what is applied.
 */
export async function migrate(db: AnyDb, modules: readonly ModuleMigrations[]): Promise<string[]> {
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
