import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FILE_NAMES, writeDemoFiles } from '../src/listen/demo';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

type Json = Record<string, unknown>;

/** Every account identifier and profile field the raw demo files hold, read from the files themselves. */
function personalData(dir: string): { ids: Set<string>; strings: Set<string> } {
  const ids = new Set<string>();
  const strings = new Set<string>();
  const profile = (o: Json | undefined, idKeys: string[], textKeys: string[]): void => {
    if (!o) return;
    for (const k of idKeys) if (o[k] != null) ids.add(String(o[k]));
    for (const k of textKeys) if (typeof o[k] === 'string' && (o[k] as string).length > 3) strings.add(o[k] as string);
  };
  const v1 = gunzipSync(readFileSync(join(dir, DEMO_FILE_NAMES['twitter-v1']))).toString().trim().split('\n').map((l) => JSON.parse(l) as Json);
  for (const s of v1) {
    for (const st of [s, s.retweeted_status as Json | undefined]) {
      profile(st?.user as Json, ['id_str', 'id'], ['screen_name', 'name', 'description', 'profile_image_url_https']);
      for (const m of ((st?.entities as Json | undefined)?.user_mentions as Json[] | undefined) ?? []) profile(m, ['id_str'], ['screen_name', 'name']);
    }
  }
  for (const line of readFileSync(join(dir, DEMO_FILE_NAMES['twitter-v2']), 'utf8').trim().split('\n')) {
    for (const u of ((JSON.parse(line) as Json).includes as { users: Json[] }).users) profile(u, ['id'], ['username', 'name', 'description']);
  }
  for (const e of JSON.parse(readFileSync(join(dir, DEMO_FILE_NAMES.bluesky), 'utf8')) as Json[]) profile(e, [], ['did']);
  for (const s of JSON.parse(readFileSync(join(dir, DEMO_FILE_NAMES.mastodon), 'utf8')) as Json[]) {
    profile(s.account as Json, [], ['acct', 'username', 'display_name', 'note', 'avatar', 'url']);
    profile(s, [], ['url']);
    for (const m of (s.mentions as Json[]) ?? []) profile(m, [], ['acct', 'url']);
  }
  return { ids, strings };
}

describe.each(backends())('privacy on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('stores no raw account id, handle or profile field of any format', async () => {
    t = await openTestApp(backend);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 2000, 5);
    // Classified, so that the rollups and term rollups (hashtags, phrases, questions of the texts) are searched too.
    const summary = await t.ingest([...demo.files], {}, { question: await loadQuestion('brexit'), modelPath: builtinModelPath('brexit') });
    expect(summary.stored).toBeGreaterThan(1800);
    const terms = await t.posts.db.selectFrom('listen_terms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(terms.n)).toBeGreaterThan(100);
    const { ids, strings } = personalData(demo.dir);
    expect(ids.size).toBeGreaterThan(300);
    expect(strings.size).toBeGreaterThan(1000);
    const cells = await t.dump();
    const tokens = new Set(cells.flatMap((c) => c.split(/[^A-Za-z0-9_:.@-]+/)));
    const leakedIds = [...ids].filter((id) => tokens.has(id));
    expect(leakedIds).toEqual([]);
    const text = cells.join('\n').toLowerCase();
    // Bios like "Student" are common words that posts may use too; the rest must never appear.
    const leaked = [...strings].filter((s) => s.split(' ').length < 3 || s.includes('@') || s.includes('/')).filter((s) => text.includes(s.toLowerCase()));
    expect(leaked).toEqual([]);
    expect(cells.some((c) => c.includes('did:plc:'))).toBe(false);
  });
});
