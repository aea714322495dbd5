import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Config } from '../../src/core/config';

/** A fresh, empty store location for one test: an SQLite file, or a new PostgreSQL database. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Makes a new empty store and its data folder; `cleanup` removes both. */
  fresh(): Promise<{ config: Config; dir: string; cleanup: () => Promise<void> }>;
}

const TEST_KEY = '5f'.repeat(32);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hustings-test-'));
}

const sqlite: Backend = {
  name: 'sqlite',
  async fresh() {
    const dir = tempDir();
    const config: Config = { databaseUrl: undefined, sqlitePath: join(dir, 'test.db'), dataDir: dir, pseudonymKey: TEST_KEY };
    return { config, dir, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

function postgres(adminUrl: string): Backend {
  return {
    name: 'postgres',
    async fresh() {
      const name = `hustings_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const dir = tempDir();
      const config: Config = { databaseUrl: url.toString(), sqlitePath: join(dir, 'unused.db'), dataDir: dir, pseudonymKey: TEST_KEY };
      const cleanup = async (): Promise<void> => {
        rmSync(dir, { recursive: true, force: true });
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
      return { config, dir, cleanup };
    },
  };
}

/** SQLite always; PostgreSQL when the global setup found or started one. */
export function backends(): Backend[] {
  const url = inject('postgresUrl');
  return url ? [sqlite, postgres(url)] : [sqlite];
}

export function postgresUrl(): string | null {
  return inject('postgresUrl');
}
