import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Finds PostgreSQL for the integration tests: TEST_DATABASE_URL if set, else a throwaway cluster
 * when the binaries are installed. Without either, PostgreSQL tests are skipped loudly — except
 * under CI=true, where a missing service fails the run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    if (!(await reachable(given))) throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer there`);
    project.provide('postgresUrl', given);
    return () => undefined;
  }
  const server = await startThrowawayPostgres().catch((error: Error) => {
    process.stderr.write(`could not start a throwaway PostgreSQL: ${error.message}\n`);
    return null;
  });
  if (!server) {
    if (process.env.CI === 'true') throw new Error('CI=true but no PostgreSQL: set TEST_DATABASE_URL or install postgresql');
    process.stderr.write('\n!!! PostgreSQL not found: the PostgreSQL half of the store tests is SKIPPED. Set TEST_DATABASE_URL or install postgresql.\n\n');
    project.provide('postgresUrl', null);
    return () => undefined;
  }
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
