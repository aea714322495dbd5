/**
 * PostgreSQL sizing (docs/scale.md "PostgreSQL at size"): ingests a demo corpus stretched over a
 * year of monthly partitions into a fresh database with `hustings listen ingest`, then reports
 * bytes per post of every table and index, and EXPLAIN ANALYZE of the dashboard's reads, captured
 * as the application sends them.
 *
 *   BENCH_DATABASE_URL=postgres://postgres:…@127.0.0.1:5432/postgres node --import tsx bench/pg-size/main.ts
 *
 * BENCH_POSTS (default 400000), BENCH_MONTHS (12), BENCH_DB (database name, default hustings_pg_size);
 * BENCH_REUSE=1 keeps the database of the last run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PostStore } from '../../src/listen';
import { loadQuestion } from '../../src/listen/questions';
import { BIN, parseJson, run } from '../ingest/run';
import { SPREAD_FROM, writeSpreadCorpus } from './corpus';
import type { Captured, PlanSummary } from './plans';
import { explain, planTable } from './plans';
import { readsOfTheDashboard } from './reads';
import type { TableSize } from './sizes';
import { sizeTable, tableSize, totalBytes } from './sizes';

const ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const POSTS = Number(process.env.BENCH_POSTS ?? 400_000);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 12);
const DIR = join(import.meta.dirname, '..', '..', '.bench', 'pg-size');
const NAME = process.env.BENCH_DB ?? 'hustings_pg_size';
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function freshDatabase(admin: string): Promise<string> {
  const url = new URL(admin);
  url.pathname = `/${NAME}`;
  if (process.env.BENCH_REUSE) return url.toString();
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${NAME}`);
  await c.end();
  return url.toString();
}

async function ingest(url: string, file: string): Promise<string> {
  if (process.env.BENCH_REUSE) return 'ingest skipped (BENCH_REUSE)';
  const r = await run(BIN, ['--db', url, '--data-dir', DIR, 'listen', 'ingest', file, '--json', '--no-progress'], { HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32) });
  const s = parseJson<{ read: number; stored: number; elapsedMs: number; postsPerSecond: number }>(r, 'ingest');
  return `ingest: ${s.stored.toLocaleString('en')} of ${s.read.toLocaleString('en')} posts stored in ${(s.elapsedMs / 1000).toFixed(1)} s (${Math.round(s.postsPerSecond).toLocaleString('en')} posts/s, one in-process ingest, classification and rollups on)`;
}

/** A PostStore whose every query is captured, to be explained as sent. */
function capturingStore(url: string): { posts: PostStore; taken: Captured[]; close: () => Promise<void> } {
  const taken: Captured[] = [];
  const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }), log: (e) => void (e.level === 'query' && taken.push(e.query)) });
  return { posts: new PostStore({ db, dialect: 'postgres', label: NAME, close: () => db.destroy() }), taken, close: () => db.destroy() };
}

async function explainReads(url: string, client: pg.Client, months: number): Promise<PlanSummary[]> {
  const question = await loadQuestion('brexit');
  const { posts, taken, close } = capturingStore(url);
  const plans: PlanSummary[] = [];
  try {
    for (const read of readsOfTheDashboard(question, SPREAD_FROM)) {
      taken.length = 0;
      await read.run(posts);
      for (const [i, q] of taken.entries()) {
        await client.query(q.sql, [...q.parameters]); // warm: the dashboard reads a warm store
        plans.push(await explain(client, taken.length > 1 ? `${read.label} (${i + 1}/${taken.length})` : read.label, q, months));
      }
    }
  } finally {
    await close();
  }
  return plans;
}

async function main(): Promise<void> {
  if (!ADMIN) throw new Error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL admin URL');
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `spread-${POSTS}-${MONTHS}.jsonl`);
  log(`corpus ${file}`);
  await writeSpreadCorpus(file, POSTS, MONTHS);
  const url = await freshDatabase(ADMIN);
  const ingested = await ingest(url, file);
  log(ingested);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const sizes: TableSize[] = [];
    for (const t of ['posts', 'post_ids', 'post_classes', 'listen_rollups', 'listen_terms', 'watch_matches']) sizes.push(await tableSize(client, t));
    const stored = sizes[0]!.rows;
    const months = sizes[0]!.partitions - 2;
    const plans = await explainReads(url, client, months);
    const perPost = sizes.reduce((a, s) => a + totalBytes(s), 0) / stored;
    writeFileSync(join(DIR, 'plans.txt'), plans.map((p) => `## ${p.label}\n${p.text}\n`).join('\n'));
    const lines = [`PostgreSQL ${version}, Node ${process.version}; ${ingested}`, '', sizeTable(sizes, stored), '', `posts per GB (all tables and indexes): ${Math.round(1e9 / perPost).toLocaleString('en')}`, '', planTable(plans), '', `full plans: ${join(DIR, 'plans.txt')}`];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await client.end();
  }
}

await main();
