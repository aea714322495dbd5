import type { Migration } from 'kysely';
import type { AnyDb, ModuleMigrations } from '../store';

const users: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('users')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Sessions and API tokens are stored as SHA-256 digests: a copy of the database opens no door.
    await db.schema
      .createTable('sessions')
      .ifNotExists()
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_name', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_tokens')
      .ifNotExists()
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_name', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** One-time login links (the demo prints one): a digest, its user and a short lifetime; used once. */
const loginLinks: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('login_links')
      .ifNotExists()
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_name', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

// API tokens that end: at a date given when issued (none: until revoked).
const tokenExpiry: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute();
  },
};

export const serverMigrations: ModuleMigrations = { module: 'server', migrations: { '0001_users': users, '0002_login_links': loginLinks, '0003_token_expiry': tokenExpiry } };
