import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createRandom } from '../../src/core/random';
import { generateDemoPosts, genericRecord } from '../../src/listen/demo';
import type { PostStore } from '../../src/listen/store';
import { recountedRollups, storedRollups } from './rollups';
import { recountedTerms, storedTerms } from './terms';

/** A JSON-lines file of `count` synthetic demo posts (many languages, stances, topics, reposts). */
export function demoFile(dir: string, count: number, seed = 5): string {
  const lines: string[] = [];
  for (const post of generateDemoPosts(createRandom(seed), count, () => 'generic')) lines.push(JSON.stringify(genericRecord(post)));
  const path = join(dir, `demo-${count}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Every post stored once and classified once, and the rollups and term rollups equal to a recount. */
export async function expectExact(posts: PostStore, count: number, question = 'brexit'): Promise<void> {
  expect(await posts.count()).toBe(count);
  expect(await posts.classified()).toEqual({ [question]: count });
  const classes = await posts.db.selectFrom('post_classes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(classes.n)).toBe(count);
  expect(await storedRollups(posts, question)).toEqual(await recountedRollups(posts, question));
  expect(await storedTerms(posts, question)).toEqual(await recountedTerms(posts, question));
}
