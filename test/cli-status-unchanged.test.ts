import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, storeKeyFingerprint } from '../src/app/open';
import type { Config } from '../src/core/config';
import { migrate, openStore, redactUrl } from '../src/store';
import { backends } from './support/backends';
import { runCli } from './support/cli';

/** The tables of the database and the migrations it has applied: what status must leave as it found them. */
async function schemaOf(config: Config): Promise<{ tables: string[]; applied: string[] }> {
  const store = await openStore(config);
  try {
    const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
    const applied = tables.includes('hustings_migrations') ? (await sql<{ name: string }>`SELECT name FROM hustings_migrations ORDER BY name`.execute(store.db)).rows.map((r) => r.name) : [];
    return { tables, applied };
  } finally {
    await store.close();
  }
}

/**
 * `status` reads a store and changes nothing in it: on a database that holds no store (an empty
 * PostgreSQL database, where it used to create every table) it says so, and on a store with
 * migrations to apply it names them and `hustings migrate` instead of applying them.
 */
describe.each(backends())('status on $name changes nothing', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  async function fresh(): Promise<{ config: Config; dir: string; db: string; label: string; check: string; env: NodeJS.ProcessEnv }> {
    const made = await backend.fresh();
    cleanup = made.cleanup;
    const { config, dir } = made;
    const db = config.databaseUrl ?? config.sqlitePath;
    // No key given: a key file made in the data folder (the current one for PostgreSQL) would show.
    const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };
    const check = config.databaseUrl ? 'check --db, or DATABASE_URL' : 'check --db, or HUSTINGS_DB';
    return { config, dir, db, label: config.databaseUrl ? redactUrl(config.databaseUrl) : config.sqlitePath, check, env };
  }

  it('a database that holds no store: status says so (exit 3) and creates no table, and no key', async () => {
    const { config, dir, db, label, check, env } = await fresh();
    // An empty database: PostgreSQL's as created, an SQLite file with nothing in it.
    if (!config.databaseUrl) new SQLite(config.sqlitePath).close();
    const before = readdirSync(dir).sort();
    for (const args of [['status'], ['status', '--json'], ['users', 'list']]) {
      const r = await runCli(['--db', db, ...args], { cwd: dir, env });
      expect([r.code, r.stderr.trim()], args.join(' ')).toEqual([3, `hustings: no store at ${label}: this command reads one and makes none (${check})`]);
    }
    expect(await schemaOf(config)).toEqual({ tables: [], applied: [] });
    expect(readdirSync(dir).sort()).toEqual(before);
    // hustings migrate makes the store; status then reads it.
    const made = await runCli(['--db', db, 'migrate', '--json'], { cwd: dir, env });
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ store: label, dialect: backend.name, applied: expect.arrayContaining(['core.0001_meta', 'listen.0001_posts', 'field.0001_places']) });
    const shown = await runCli(['--db', db, 'status', '--json'], { cwd: dir, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ store: label, dialect: backend.name, posts: 0 });
  }, 60_000);

  it('a store with migrations to apply: status names them and `hustings migrate` (exit 3), and applies none', async () => {
    const { config, dir, db, label, env } = await fresh();
    // A store of a version before the field module: every module's migrations but the field's.
    const store = await openStore(config);
    await migrate(store.db, MIGRATIONS.filter((m) => m.module !== 'field'), store.dialect);
    await store.close();
    const field = Object.keys(MIGRATIONS.find((m) => m.module === 'field')!.migrations).map((n) => `field.${n}`);
    expect(field.length).toBeGreaterThan(5);
    const before = await schemaOf(config);
    const r = await runCli(['--db', db, 'status'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(
      `hustings: the store at ${label} was last migrated by an earlier version of hustings: ${field.length} migrations of this version to apply (${field.slice(0, 5).join(', ')}, and ${field.length - 5} more); ` +
        'this command applies none and changes nothing. Run `hustings migrate` to apply them (any command that writes, `hustings serve` and `hustings worker listen` apply them too when they open the store)',
    );
    expect(r.stdout).toBe('');
    expect(await schemaOf(config)).toEqual(before);
    const applied = await runCli(['--db', db, 'migrate'], { cwd: dir, env });
    expect([applied.code, applied.stdout]).toEqual([0, `Store: ${label} (${backend.name})\nApplied ${field.length} migrations: ${field.join(', ')}\n`]);
    const again = await runCli(['--db', db, 'migrate'], { cwd: dir, env });
    expect(again.stdout).toBe(`Store: ${label} (${backend.name})\nUp to date: no migration to apply\n`);
    const shown = await runCli(['--db', db, 'status'], { cwd: dir, env });
    expect([shown.code, shown.stdout.split('\n')[0]]).toEqual([0, `Store: ${label} (${backend.name})`]);
  }, 60_000);

  it('a store bound to no key, with none given: status shows it, says where the next command makes one, and makes none', async () => {
    const { config, dir, db, label, env } = await fresh();
    expect((await runCli(['--db', db, 'migrate'], { cwd: dir, env })).code).toBe(0);
    const before = readdirSync(dir).sort();
    const r = await runCli(['--db', db, 'status'], { cwd: dir, env });
    expect([r.code, r.stdout]).toEqual([0, `Store: ${label} (${backend.name})\nPosts: 0 (reposts 0)\nClassified: none\n`]);
    expect(r.stderr.trim()).toBe(
      `No pseudonym key yet: HUSTINGS_PSEUDONYM_KEY is not set and there is no ${join(dir, 'hustings.key')}. status needs none and made none; ` +
        'the next command that opens this store makes one there and binds the store to it (set HUSTINGS_PSEUDONYM_KEY first where several machines must share one)',
    );
    const json = await runCli(['--db', db, 'status', '--json'], { cwd: dir, env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ store: label, dialect: backend.name, posts: 0, reposts: 0, platforms: {}, firstPostAt: null, lastPostAt: null, classified: {}, stream: null });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(await storeKeyFingerprint(config)).toBeNull();
  }, 60_000);

  it('a store bound to a key whose file is gone: status shows it then says the key is missing (exit 2); neither it nor any command makes a key', async () => {
    const { config, dir, db, label, env } = await fresh();
    // The first command that writes makes the key file in the data folder and binds the store to it.
    expect((await runCli(['--db', db, 'users', 'add', 'alice'], { cwd: dir, env })).code).toBe(0);
    const keyFile = join(dir, 'hustings.key');
    const key = readFileSync(keyFile, 'utf8').trim();
    const bound = await storeKeyFingerprint(config);
    expect(bound).toMatch(/^[0-9a-f]{16}$/);
    rmSync(keyFile);
    const before = readdirSync(dir).sort();
    const missing =
      `hustings: pseudonym key missing: the store at ${label} is bound to key ${bound}, but HUSTINGS_PSEUDONYM_KEY is not set and there is no key file at ${keyFile}; ` +
      'put that key back there, give it in HUSTINGS_PSEUDONYM_KEY, or point --data-dir (HUSTINGS_DATA_DIR) at the folder that holds it. No key was made: a new one would not match the stored pseudonyms';
    const r = await runCli(['--db', db, 'status'], { cwd: dir, env });
    expect([r.code, r.stdout, r.stderr.trim()]).toEqual([2, `Store: ${label} (${backend.name})\nPosts: 0 (reposts 0)\nClassified: none\n`, missing]);
    const json = await runCli(['--db', db, 'status', '--json'], { cwd: dir, env });
    expect([json.code, json.stderr.trim()]).toEqual([2, missing]);
    expect(JSON.parse(json.stdout)).toMatchObject({ store: label, dialect: backend.name, posts: 0, keyError: missing.replace(/^hustings: /, '') });
    // A command that reads, and one that writes, say the same and make no key (one made would be refused for good: key mismatch).
    for (const args of [['users', 'list'], ['users', 'add', 'bob']]) {
      const other = await runCli(['--db', db, ...args], { cwd: dir, env });
      expect([other.code, other.stderr.trim()], args.join(' ')).toEqual([2, missing]);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(await storeKeyFingerprint(config)).toBe(bound);
    // Given in the environment, the key opens the store again.
    const given = await runCli(['--db', db, 'users', 'list'], { cwd: dir, env: { ...env, HUSTINGS_PSEUDONYM_KEY: key } });
    expect([given.code, given.stdout]).toEqual([0, expect.stringContaining('alice')]);
    const shown = await runCli(['--db', db, 'status'], { cwd: dir, env: { ...env, HUSTINGS_PSEUDONYM_KEY: key } });
    expect([shown.code, shown.stderr]).toEqual([0, '']);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);
});
