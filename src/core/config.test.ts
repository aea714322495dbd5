import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config';

describe('resolveConfig', () => {
  it('uses ./hustings.db and keeps the key beside it by default', () => {
    const c = resolveConfig({}, {});
    expect(c).toMatchObject({ databaseUrl: undefined, sqlitePath: './hustings.db', dataDir: process.cwd() });
  });

  it('takes HUSTINGS_DB, DATABASE_URL and --db in that order of strength', () => {
    expect(resolveConfig({}, { HUSTINGS_DB: '/tmp/x/a.db' })).toMatchObject({ sqlitePath: '/tmp/x/a.db', dataDir: resolve('/tmp/x') });
    expect(resolveConfig({}, { DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db');
    expect(resolveConfig({ db: 'other.db' }, { DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ databaseUrl: undefined, sqlitePath: 'other.db' });
    expect(resolveConfig({ db: 'postgresql://u@h/x' }, {}).databaseUrl).toBe('postgresql://u@h/x');
  });

  it('takes the data folder and key from flags or the environment', () => {
    const c = resolveConfig({ dataDir: '/srv/h' }, { HUSTINGS_PSEUDONYM_KEY: 'k' });
    expect(c).toMatchObject({ dataDir: '/srv/h', pseudonymKey: 'k' });
  });
});
