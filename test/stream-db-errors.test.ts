import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFailure } from '../src/listen/stream/db-errors';
import { postgresUrl } from './support/backends';

/**
 * What a worker does with PostgreSQL's real errors: a fault of the whole store (no permission, a
 * table missing) makes it wait, never dead-letters the entries; a refused value blames the entry.
 */
const url = postgresUrl();
describe.skipIf(!url)('commit failures from PostgreSQL', () => {
  const admin = new pg.Client({ connectionString: url! });
  const db = `hustings_errors_${process.pid}`;
  const role = `hustings_ro_${process.pid}`;
  let owner: pg.Client;
  let reader: pg.Client;
  const failure = async (client: pg.Client, text: string): Promise<string> => {
    const error = await client.query(text).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    return commitFailure(error);
  };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'ro'`);
    const u = new URL(url!);
    u.pathname = `/${db}`;
    owner = new pg.Client({ connectionString: u.toString() });
    await owner.connect();
    await owner.query('CREATE TABLE posts (id int PRIMARY KEY, n smallint)');
    await owner.query(`GRANT SELECT ON posts TO ${role}`);
    u.username = role;
    u.password = 'ro';
    reader = new pg.Client({ connectionString: u.toString() });
    await reader.connect();
  });

  afterAll(async () => {
    await reader?.end();
    await owner?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('waits on a missing permission, table or column', async () => {
    expect(await failure(reader, 'INSERT INTO posts VALUES (1, 1)')).toBe('wait');
    expect(await failure(owner, 'INSERT INTO rollups VALUES (1)')).toBe('wait');
    expect(await failure(owner, 'INSERT INTO posts (id, hour) VALUES (1, 1)')).toBe('wait');
  });

  it('blames the entry for a value refused', async () => {
    await owner.query('INSERT INTO posts VALUES (1, 1)');
    expect(await failure(owner, 'INSERT INTO posts VALUES (1, 2)')).toBe('entry');
    expect(await failure(owner, 'INSERT INTO posts VALUES (2, 99999)')).toBe('entry');
    expect(await failure(owner, "INSERT INTO posts VALUES (3, 'x'::text::int)")).toBe('entry');
  });
});
