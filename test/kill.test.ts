import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/open';
import { PostStore } from '../src/listen';
import type { Backend } from './support/backends';
import { backends } from './support/backends';
import { startCli, runCli } from './support/cli';
import { mixedFile, tempDir } from './support/corpus';
import { recountedRollups, storedRollups } from './support/rollups';
import { recountedTerms, storedTerms } from './support/terms';

const GOOD = 200_000;

async function cliEnv(backend: Backend): Promise<{ args: string[]; env: NodeJS.ProcessEnv; cleanup: () => Promise<void>; count: () => Promise<number>; posts: PostStore }> {
  const { config, cleanup } = await backend.fresh();
  const app = await openApp(config);
  const posts = new PostStore(app.store);
  const db = config.databaseUrl ?? config.sqlitePath;
  return {
    args: ['--db', db, '--data-dir', config.dataDir],
    env: { HUSTINGS_PSEUDONYM_KEY: config.pseudonymKey, DATABASE_URL: '' },
    count: () => posts.count(),
    posts,
    cleanup: async () => {
      await app.close();
      await cleanup();
    },
  };
}

describe.each(backends())('kill -9 during ingest on $name', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('loses nothing and doubles nothing, in posts, rollups or term rollups, when the run is killed and started again', async () => {
    const target = await cliEnv(backend);
    cleanup = target.cleanup;
    const { path, badLines } = mixedFile(tempDir(), GOOD, 100);
    const args = [...target.args, 'listen', 'ingest', path, '--json', '--batch-size', '1000'];
    const { child, done } = startCli(args, { env: target.env });
    let seen = 0;
    for (let i = 0; i < 600 && seen < GOOD / 5; i++) {
      await sleep(50);
      seen = await target.count();
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const partial = await target.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(GOOD);

    const rerun = await runCli(args, { env: target.env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { stored: number; duplicates: number; bad: number; files: { resumedAt: number }[] };
    expect(summary.files[0]!.resumedAt).toBeGreaterThan(0);
    expect(summary).toMatchObject({ stored: GOOD, duplicates: 0, bad: badLines.length });
    expect(await target.count()).toBe(GOOD);
    // Every post classified once, and the rollups equal to a recount of the classifications.
    expect(await target.posts.classified()).toEqual({ brexit: GOOD });
    expect(await storedRollups(target.posts, 'brexit')).toEqual(await recountedRollups(target.posts, 'brexit'));
    expect(await storedTerms(target.posts, 'brexit')).toEqual(await recountedTerms(target.posts, 'brexit'));
  }, 180_000);

  it('a slow stream on standard input is committed as it pauses, and what was read before SIGTERM is kept', async () => {
    const target = await cliEnv(backend);
    cleanup = target.cleanup;
    const { child, done } = startCli([...target.args, 'listen', 'ingest', '-', '--json'], { env: target.env, keepStdin: true });
    const line = (i: number): string => `${JSON.stringify({ id: `slow${i}`, text: `Vote leave ${i}`, created_at: '2016-06-20T10:00:00Z' })}\n`;
    for (let i = 0; i < 20; i++) child.stdin!.write(line(i));
    // Far fewer than a batch: committed once the input pauses, not held until 5,000 arrive.
    for (let i = 0; i < 100 && (await target.count()) < 20; i++) await sleep(100);
    expect(await target.count()).toBe(20);
    for (let i = 20; i < 25; i++) child.stdin!.write(line(i));
    await sleep(100);
    child.kill('SIGTERM');
    const stopped = await done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('stopped before the end of its input');
    expect(JSON.parse(stopped.stdout)).toMatchObject({ read: 25, stored: 25 });
    expect(await target.count()).toBe(25);
  }, 60_000);
});
