import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { createRandom } from '../../src/core/random';
import type { DemoPost } from '../../src/listen/demo';
import { DEMO_END, DEMO_START, generateDemoPosts, genericRecord } from '../../src/listen/demo';
import { MIXES, recordOf } from '../ingest/corpus';

/** The first month of the stretched corpus: a year of campaign, 2016. */
export const SPREAD_FROM = Date.UTC(2016, 0, 1);

/**
 * The demo corpus (two weeks of June 2016) stretched over `months` months from January 2016, so
 * that the posts fill a partition per month as a long campaign would. Twitter v1.1, Bluesky and
 * Mastodon as `bench:ingest` mixes them; the generic posts carry age band and gender, so that the
 * audience breakdown has rows to read. Written once and reused.
 */
export async function writeSpreadCorpus(path: string, count: number, months: number): Promise<void> {
  if (existsSync(path)) return;
  const span = Date.UTC(2016, months, 1) - SPREAD_FROM;
  const stretch = (ms: number): number => SPREAD_FROM + Math.floor(((ms - DEMO_START) / (DEMO_END - DEMO_START)) * (span - 1));
  const mix = MIXES.mix!;
  const out = createWriteStream(`${path}.part`, { highWaterMark: 1 << 20 });
  let buffered = '';
  for (const post of generateDemoPosts(createRandom(2016), count, (seq) => mix[seq % mix.length]!)) {
    const moved: DemoPost = { ...post, createdAt: stretch(post.createdAt), repostOf: post.repostOf && { ...post.repostOf, createdAt: stretch(post.repostOf.createdAt) } };
    buffered += `${JSON.stringify(moved.platform === 'generic' ? genericRecord(moved, true) : recordOf(moved))}\n`;
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await once(out, 'drain');
      buffered = '';
    }
  }
  out.end(buffered);
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
}
