import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createRandom } from '../../src/core/random';
import type { DemoPlatform, DemoPost } from '../../src/listen/demo';
import { blueskyEvent, generateDemoPosts, genericRecord, mastodonStatus, twitterV1 } from '../../src/listen/demo';

/** Corpus kinds: `mix` is seven in ten posts as full Twitter v1.1 statuses (as SSIX collected), the rest Bluesky, Mastodon, generic; `generic` is the normalised JSON-lines shape only. */
export const MIXES: Readonly<Record<string, readonly DemoPlatform[]>> = {
  mix: ['twitter', 'twitter', 'twitter', 'twitter', 'twitter', 'twitter', 'twitter', 'bluesky', 'mastodon', 'generic'],
  generic: ['generic'],
};

export function recordOf(post: DemoPost): Record<string, unknown> {
  if (post.platform === 'twitter') return twitterV1(post);
  if (post.platform === 'bluesky') return blueskyEvent(post);
  if (post.platform === 'mastodon') return mastodonStatus(post);
  return genericRecord(post);
}

async function write(out: Writable, text: string | Buffer): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export interface Fault {
  readonly kind: string;
  /** Bytes of the bad line (without newline). */
  make(i: number): Buffer;
}

/** Bad lines of every kind a JSON-lines file meets in practice. */
export const FAULTS: readonly Fault[] = [
  { kind: 'truncated JSON', make: (i) => Buffer.from(`{"id":"cut${i}","text":"the download stopped here`) },
  { kind: 'binary garbage', make: (i) => Buffer.from([0x00, 0x9f, 0x92, 0x96, i & 0x7f, 0x01, 0xff, 0x13]) },
  { kind: 'invalid UTF-8', make: (i) => Buffer.concat([Buffer.from(`{"id":"u${i}","text":"caf`), Buffer.from([0xe9]), Buffer.from('"}')]) },
  { kind: 'unknown format', make: (i) => Buffer.from(`{"event":"like","n":${i}}`) },
  { kind: 'over-long line (just over 1 MiB)', make: (i) => Buffer.from(`{"id":"long${i}","text":"${'x'.repeat((1 << 20) + 1024)}"}`) },
];

/**
 * Writes `count` synthetic posts, one JSON record per line, in the mix above; with `faultEvery`,
 * a bad line of each kind in turn after every `faultEvery` good ones, and one 50 MB line.
 * Returns the number of bad lines written. The file is written once and reused.
 */
export async function writeCorpus(path: string, count: number, seed: number, faultEvery = 0, mix: readonly DemoPlatform[] = MIXES.mix!): Promise<number> {
  let faults = 0;
  const expected = faultEvery > 0 ? Math.floor((count - 1) / faultEvery) + 1 : 0;
  if (existsSync(path)) return expected;
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  let buffered = '';
  for (const post of generateDemoPosts(createRandom(seed), count, (seq) => mix[seq % mix.length]!)) {
    buffered += `${JSON.stringify(recordOf(post))}\n`;
    if (faultEvery > 0 && post.seq > 0 && post.seq % faultEvery === 0) {
      const fault = FAULTS[faults % FAULTS.length]!;
      await write(out, buffered);
      buffered = '';
      await write(out, Buffer.concat([fault.make(post.seq), Buffer.from('\n')]));
      faults++;
    }
    if (buffered.length > 1 << 20) {
      await write(out, buffered);
      buffered = '';
    }
  }
  if (faultEvery > 0) {
    await write(out, `${buffered}{"id":"huge","text":"${'y'.repeat(50 << 20)}"}\n`);
    faults++;
  } else {
    await write(out, buffered);
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  if (faultEvery > 0 && faults !== expected) throw new Error(`wrote ${faults} bad lines, expected ${expected}`);
  return faults;
}

/** A CSV export with wrong column counts and an unclosed quote every `faultEvery` rows. */
export async function writeCsvCorpus(path: string, count: number, seed: number, faultEvery: number): Promise<number> {
  if (existsSync(path)) return Math.floor((count - 1) / faultEvery);
  const out = createWriteStream(`${path}.part`);
  await write(out, 'id,text,created_at,lang,author_id\n');
  let faults = 0;
  for (const post of generateDemoPosts(createRandom(seed), count, () => 'generic')) {
    const r = genericRecord(post);
    await write(out, `c${post.seq},"${String(r.text).replace(/"/g, '""')}",${r.created_at},${r.lang},${r.author_id}\n`);
    if (post.seq > 0 && post.seq % faultEvery === 0) {
      await write(out, faults % 2 === 0 ? `bad${post.seq},only two\n` : `bad${post.seq},"never closed,2016-06-20,en,1\n`);
      faults++;
    }
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
  return faults;
}
