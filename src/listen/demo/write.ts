import { createWriteStream, mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { createRandom } from '../../core/random';
import type { DemoPlatform, DemoPost } from './corpus';
import { generateDemoPosts } from './corpus';
import { blueskyEvent, blueskyLike, csvHeader, csvRow, genericRecord, mastodonStatus, twitterV1, twitterV2Page } from './shapes';

export interface DemoFiles {
  readonly dir: string;
  readonly files: readonly string[];
  /** Posts generated (before reposts of other formats are counted). */
  readonly posts: number;
  /** Lines deliberately broken, to show how bad input is reported. */
  readonly planted: number;
}

type Slot = 'twitter-v1' | 'twitter-v2' | 'bluesky' | 'mastodon' | 'csv' | 'generic';

/** Out of every 20 posts: 10 Twitter v1.1, 3 Twitter v2, 2 Bluesky, 2 Mastodon, 2 CSV, 1 generic. */
const SLOTS: readonly Slot[] = [
  ...Array<Slot>(10).fill('twitter-v1'),
  ...Array<Slot>(3).fill('twitter-v2'),
  'bluesky',
  'bluesky',
  'mastodon',
  'mastodon',
  'csv',
  'csv',
  'generic',
];

const PLATFORM: Readonly<Record<Slot, DemoPlatform>> = {
  'twitter-v1': 'twitter',
  'twitter-v2': 'twitter',
  bluesky: 'bluesky',
  mastodon: 'mastodon',
  csv: 'generic',
  generic: 'generic',
};

export const DEMO_FILE_NAMES = {
  'twitter-v1': 'synthetic-twitter-v1-stream.jsonl.gz',
  'twitter-v2': 'synthetic-twitter-v2-pages.jsonl',
  bluesky: 'synthetic-bluesky-jetstream.json',
  mastodon: 'synthetic-mastodon-timeline.json',
  csv: 'synthetic-posts.csv',
  generic: 'synthetic-posts.jsonl',
} as const;

async function write(stream: Writable, text: string | Buffer): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Lines that break in the ways real files do; the generic file gets them, the run reports them. */
const PLANTED = [
  Buffer.from('{"id": "broken-1", "text": "the line ends mid-way, as when a download is cut'),
  Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from('\u0000\u0001\u0002 binary garbage \u0003\u0004'),
];

/**
 * Writes a synthetic corpus of `count` posts into `dir`, spread over every supported format, with
 * a few planted bad lines. Same seed, same files.
 */
export async function writeDemoFiles(dir: string, count: number, seed: number): Promise<DemoFiles> {
  mkdirSync(dir, { recursive: true });
  const random = createRandom(seed);
  const path = (slot: Slot): string => join(dir, DEMO_FILE_NAMES[slot]);
  const gzip = createGzip();
  const gzipFile = gzip.pipe(createWriteStream(path('twitter-v1')));
  const out: Record<Slot, Writable> = {
    'twitter-v1': gzip,
    'twitter-v2': createWriteStream(path('twitter-v2')),
    bluesky: createWriteStream(path('bluesky')),
    mastodon: createWriteStream(path('mastodon')),
    csv: createWriteStream(path('csv')),
    generic: createWriteStream(path('generic')),
  };
  const first = new Set<Slot>();
  const page: DemoPost[] = [];
  await write(out.csv, `${csvHeader(';')}\n`);
  await write(out.bluesky, '[\n');
  await write(out.mastodon, '[\n');
  const slotOf = (seq: number): Slot => SLOTS[seq % SLOTS.length]!;
  for (const post of generateDemoPosts(random, count, (seq) => PLATFORM[slotOf(seq)])) {
    const slot = slotOf(post.seq);
    const sep = first.has(slot) ? ',\n' : '';
    first.add(slot);
    if (slot === 'twitter-v1') await write(out[slot], `${JSON.stringify(twitterV1(post))}\n`);
    else if (slot === 'generic') await write(out[slot], `${JSON.stringify(genericRecord(post, true))}\n`);
    else if (slot === 'csv') await write(out[slot], `${csvRow(post, ';')}\n`);
    else if (slot === 'bluesky') await write(out[slot], `${sep}${JSON.stringify(blueskyEvent(post))}${random.chance(0.1) ? `,\n${JSON.stringify(blueskyLike(post))}` : ''}`);
    else if (slot === 'mastodon') await write(out[slot], `${sep}${JSON.stringify(mastodonStatus(post, random.chance(0.03) ? 'private' : 'public'), null, 1)}`);
    else if (page.push(post) >= 100) await write(out[slot], `${JSON.stringify(twitterV2Page(page.splice(0)))}\n`);
  }
  if (page.length > 0) await write(out['twitter-v2'], `${JSON.stringify(twitterV2Page(page))}\n`);
  for (const bad of PLANTED) await write(out.generic, Buffer.concat([bad, Buffer.from('\n')]));
  await write(out.bluesky, '\n]\n');
  await write(out.mastodon, '\n]\n');
  await Promise.all([...Object.values(out).map(close), once(gzipFile, 'close')]);
  return { dir, files: Object.values(DEMO_FILE_NAMES).map((f) => join(dir, f)), posts: count, planted: PLANTED.length };
}
