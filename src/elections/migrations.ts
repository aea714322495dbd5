import type { CreateTableBuilder, Migration } from 'kysely';
import type { AnyDb, ModuleMigrations } from '../store';

/**
 * Elections, their rounds, and each round's options, units and counts (a long table: one row per
 * unit × option with a non-zero count; a missing row is a zero). A round is replaced whole when it
 * is imported again. The same statements run on SQLite and PostgreSQL.
 */
const results: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('elections')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('election_rounds')
      .ifNotExists()
      .addColumn('election', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'bigint', (c) => c.notNull())
      .addColumn('units', 'integer', (c) => c.notNull())
      .addColumn('options', 'integer', (c) => c.notNull())
      .addColumn('bad', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('election_rounds_pk', ['election', 'round'])
      .execute();
    await roundChild(db, 'election_options', (t) =>
      t
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('party', 'text')
        .addPrimaryKeyConstraint('election_options_pk', ['election', 'round', 'idx']),
    );
    await roundChild(db, 'election_units', (t) =>
      t
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('source_code', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('district', 'text')
        .addColumn('registered', 'bigint')
        .addColumn('line', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('election_units_pk', ['election', 'round', 'idx'])
        .addUniqueConstraint('election_units_code', ['election', 'round', 'code']),
    );
    await roundChild(db, 'election_counts', (t) =>
      t
        .addColumn('unit', 'integer', (c) => c.notNull())
        .addColumn('option', 'integer', (c) => c.notNull())
        .addColumn('votes', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('election_counts_pk', ['election', 'round', 'unit', 'option']),
    );
  },
};

// Column names are not tracked through the helper: it only adds the key and the foreign key.
type TableBuilder = CreateTableBuilder<string, string>;

/** A table of one round's rows: keyed by (election, round), removed with its round. */
async function roundChild(db: AnyDb, name: string, columns: (t: TableBuilder) => TableBuilder): Promise<void> {
  const table = db.schema
    .createTable(name)
    .ifNotExists()
    .addColumn('election', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull()) as TableBuilder;
  await columns(table)
    .addForeignKeyConstraint(`${name}_round_fk`, ['election', 'round'], 'election_rounds', ['election', 'round'], (fk) => fk.onDelete('cascade'))
    .execute();
}

export const electionsMigrations: ModuleMigrations = { module: 'elections', migrations: { '0001_results': results } };
