import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { LiveIngest } from '../src/listen/live';
import type { PostsTable } from '../src/listen/store';
import { toPost } from '../src/listen/store';
import type { ItemInput, WatchHit } from '../src/listen/watch';
import { WatchLists, accountPseudonym, compileWatchlists, resolveItems, scanWatchlist, watchInfluencers, watchMatches } from '../src/listen/watch';
import { countryOf } from '../src/listen/watch/country';
import { loadQuestion } from '../src/listen/questions';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { runCli } from './support/cli';

const ITEMS: ItemInput[] = [
  { kind: 'phrase', value: 'Take back control' },
  { kind: 'hashtag', value: '#VoteLeave' },
  { kind: 'expression', value: 'stronger\\s+in' },
  { kind: 'phrase', value: 'stärker' },
];

/** What matching every stored post now gives, by item and by country: the truth the tables must hold. */
async function recount(t: TestApp, id: string): Promise<{ byItem: Map<string, number>; byCountry: Map<string, number>; posts: number }> {
  const list = (await new WatchLists(t.app.store.db).get(id))!;
  const index = compileWatchlists([list]);
  const byItem = new Map<string, number>();
  const byCountry = new Map<string, number>();
  let posts = 0;
  for (const row of await t.app.store.db.selectFrom('posts').selectAll().execute()) {
    const post = toPost(row as PostsTable);
    const hits: WatchHit[] = index.match(post);
    if (hits.length === 0) continue;
    posts++;
    for (const h of hits) byItem.set(h.item, (byItem.get(h.item) ?? 0) + 1);
    const country = countryOf(post) ?? 'unknown';
    byCountry.set(country, (byCountry.get(country) ?? 0) + 1);
  }
  return { byItem, byCountry, posts };
}

async function counts(t: TestApp, id: string) {
  // As an analyst reads them: unsuppressed, so that every cell can be compared with the recount.
  const m = await watchMatches(t.app.store.db, id, {}, { bucket: 'day', limit: 0, authors: true });
  return { byItem: new Map(m.byItem.map((i) => [i.item, i.posts])), byCountry: new Map(m.byCountry.map((c) => [c.country, c.posts])), posts: m.posts };
}

async function rowCount(t: TestApp): Promise<number> {
  return Number((await t.app.store.db.selectFrom('watch_matches').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

describe.each(backends())('watchlists on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('records matches as posts are stored and by a scan afterwards, equal to a recount, each once', async () => {
    t = await openTestApp(backend);
    const lists = new WatchLists(t.app.store.db);
    const items = resolveItems(ITEMS, t.app.pseudonymiser);
    await lists.save('early', 'Before the posts', items);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 1500, 11);
    expect((await t.ingest([...demo.files])).stored).toBeGreaterThan(1400);
    await lists.save('late', 'After the posts', items);
    expect(await counts(t, 'late')).toMatchObject({ posts: 0 });
    const scan = await scanWatchlist(t.app.store.db, 'late');
    expect(scan!.scanned).toBe(await t.posts.count());
    const truth = await recount(t, 'late');
    expect(truth.posts).toBeGreaterThan(100);
    expect(truth.byItem.size).toBe(4);
    expect(truth.byCountry.size).toBeGreaterThan(3);
    expect(await counts(t, 'late')).toEqual(truth);
    expect(await counts(t, 'early')).toEqual(truth);
    expect((await lists.get('late'))!.scannedAt).not.toBeNull();
    // Scanning again, or storing the same posts again, records nothing new.
    const rows = await rowCount(t);
    expect((await scanWatchlist(t.app.store.db, 'late'))!.recorded).toBe(0);
    expect((await t.ingest([...demo.files])).stored).toBe(0);
    expect(await rowCount(t)).toBe(rows);
    // Items taken off a list take their matches with them; the list's other matches stay.
    await lists.save('late', 'After the posts', items.slice(1));
    const left = await counts(t, 'late');
    expect(left.byItem.has(items[0]!.id)).toBe(false);
    expect(left.byItem.get(items[1]!.id)).toBe(truth.byItem.get(items[1]!.id));
    expect(await lists.remove('late')).toBe(true);
    expect(await counts(t, 'late')).toMatchObject({ posts: 0 });
    expect((await counts(t, 'early')).posts).toBe(truth.posts);
  });

  it('matches accounts given by handle without storing the handle anywhere', async () => {
    t = await openTestApp(backend);
    const file = join(t.dir, 'accounts.jsonl');
    const lines = [
      { id: 's1', text: 'first post', created_at: '2016-06-20T10:00:00Z', author_id: '@SecretHandle42', platform: 'twitter' },
      { id: 's2', text: 'second post', created_at: '2016-06-20T11:00:00Z', author_id: 'secrethandle42', platform: 'twitter' },
      { id: 's3', text: 'same name elsewhere', created_at: '2016-06-20T12:00:00Z', author_id: 'secrethandle42', platform: 'bluesky' },
      { id: 'o1', text: 'someone else', created_at: '2016-06-20T12:00:00Z', author_id: 'other', platform: 'twitter' },
    ];
    const status = { id: '9', uri: 'https://example.social/users/secretalice/statuses/9', created_at: '2016-06-20T13:00:00Z', content: '<p>hello</p>', visibility: 'public', account: { acct: 'SecretAlice', url: 'https://example.social/@SecretAlice' } };
    writeFileSync(file, [...lines, status].map((l) => JSON.stringify(l)).join('\n'));
    const lists = new WatchLists(t.app.store.db);
    const items = resolveItems([{ kind: 'handle', platform: 'twitter', value: '@SecretHandle42' }, { kind: 'handle', platform: 'mastodon', value: '@secretalice@example.social' }], t.app.pseudonymiser);
    await lists.save('people', 'People', items);
    await t.ingest([file]);
    const m = await watchMatches(t.app.store.db, 'people', {}, { bucket: 'hour', limit: 10, authors: true });
    expect(m.recent.map((r) => r.postId).sort()).toEqual(['example.social/9', 's1', 's2']);
    expect(m.recent.find((r) => r.postId === 's1')!.author).toBe(accountPseudonym(t.app.pseudonymiser, 'twitter', 'SecretHandle42'));
    expect(m.overTime.map((b) => b.t)).toEqual(['2016-06-20T10:00:00.000Z', '2016-06-20T11:00:00.000Z', '2016-06-20T13:00:00.000Z']);
    const text = (await t.dump()).join('\n').toLowerCase();
    expect(text).not.toContain('secrethandle42');
    expect(text).not.toContain('secretalice');
  });

  it('ranks pseudonyms by matched posts and by reposts received, leaving out figures below the threshold', async () => {
    t = await openTestApp(backend);
    const post = (id: string, author: string, extra: object = {}) => ({ id, text: 'We will take back control', created_at: '2016-06-20T10:00:00Z', author_id: author, ...extra });
    const repost = (id: string, author: string, of: string) => post(id, author, { is_repost: true, repost_of: of });
    const rows = [
      ...['a1', 'a2', 'a3', 'a4'].map((id) => post(id, '101')),
      ...['b1', 'b2', 'b3'].map((id) => post(id, '102')),
      post('c1', '103'),
      post('f1', '106'),
      { id: 'x1', text: 'unrelated', created_at: '2016-06-20T10:00:00Z', author_id: '101' },
      repost('r1', '104', 'a1'), repost('r2', '105', 'a1'), repost('r3', '104', 'a2'), repost('r4', '105', 'a3'),
      repost('r5', '101', 'a4'), // their own: not counted
      ...['r6', 'r7', 'r8', 'r9', 'r10'].map((id, i) => repost(id, String(110 + i), 'b1')),
      repost('r11', '104', 'c1'), repost('r12', '105', 'c1'), { id: 'r13', text: 'RT', created_at: '2016-06-20T10:00:00Z', author_id: '107', is_repost: true, repost_of: 'c1' },
      repost('r14', '104', 'f1'),
      repost('r15', '104', 'x1'), // an unmatched original: not counted
    ];
    const file = join(t.dir, 'crafted.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    await t.ingest([file]);
    const lists = new WatchLists(t.app.store.db);
    await lists.save('control', 'Control', resolveItems([{ kind: 'phrase', value: 'take back control' }], t.app.pseudonymiser));
    await scanWatchlist(t.app.store.db, 'control');
    const p = (id: string) => accountPseudonym(t.app.pseudonymiser, 'generic', id);
    const r = await watchInfluencers(t.app.store.db, 'control', {}, { limit: 10, min: 1 });
    expect(r.min).toBe(3);
    expect(r.byMatches).toEqual([
      { platform: 'generic', pseudonym: p('101'), posts: 4, repostsReceived: 4 },
      { platform: 'generic', pseudonym: p('102'), posts: 3, repostsReceived: 5 },
    ]);
    expect(r.byReposts).toEqual([
      { platform: 'generic', pseudonym: p('102'), posts: 3, repostsReceived: 5 },
      { platform: 'generic', pseudonym: p('101'), posts: 4, repostsReceived: 4 },
      { platform: 'generic', pseudonym: p('103'), posts: 1, repostsReceived: 3 },
    ]);
    expect(r.suppressed).toEqual({ byMatches: 2, byReposts: 1 });
    const limited = await watchInfluencers(t.app.store.db, 'control', {}, { limit: 1, min: 5 });
    expect([limited.byMatches, limited.byReposts.map((i) => i.pseudonym)]).toEqual([[], [p('102')]]);
  });
});

const PASSWORD = 'a long enough password';

describe.each(backends())('the watchlist API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('creates lists for analysts, shows matches to viewers without pseudonyms, influencers to analysts, removal to admins', async () => {
    t = await openTestApp(backend);
    const users = new UserStore(t.app.store);
    const bearer = async (name: string, role: string) => {
      await users.add(name, role, PASSWORD);
      return { authorization: `Bearer ${await users.issueToken(name, 'tests')}`, 'content-type': 'application/json' };
    };
    const [viewer, analyst, admin] = [await bearer('vic', 'viewer'), await bearer('ana', 'analyst'), await bearer('root', 'admin')];
    const question = await loadQuestion('brexit');
    const live = await LiveIngest.open(t.posts, t.app.pseudonymiser, question, null);
    const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live, secureCookies: false, version: 'test', pseudonymiser: t.app.pseudonymiser });
    const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
      const r = await api.request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    const list = { id: 'leave', name: 'Leave', items: [{ kind: 'hashtag', value: '#VoteLeave' }, { kind: 'handle', platform: 'generic', value: '@Campaigner' }] };
    expect((await call('POST', '/api/watchlists', viewer, list)).status).toBe(403);
    const bad = await call('POST', '/api/watchlists', analyst, { ...list, items: [{ kind: 'expression', value: '(a)\\1' }] });
    expect([bad.status, bad.json.error]).toEqual([400, expect.stringMatching(/^items\.0: expression "\(a\)\\\\1": not a valid regular expression for RE2/)]);
    const created = await call('POST', '/api/watchlists', analyst, list);
    expect([created.status, created.json.created]).toEqual([201, true]);
    expect(JSON.stringify(created.json).toLowerCase()).not.toContain('campaigner');
    const lines = [
      { id: 'l1', text: 'Polls open #VoteLeave', created_at: '2016-06-20T10:00:00Z', author_id: 'someone', place_country: 'GB' },
      { id: 'l2', text: 'Nothing to see', created_at: '2016-06-20T11:00:00Z', author_id: 'Campaigner' },
      { id: 'l3', text: 'Nothing here either', created_at: '2016-06-20T11:00:00Z', author_id: 'someone' },
    ].map((l) => JSON.stringify(l)).join('\n');
    expect((await call('POST', '/api/listen/posts', analyst, lines)).json).toMatchObject({ stored: 3 });
    expect((await call('POST', '/api/listen/posts', analyst, lines)).json).toMatchObject({ stored: 0, duplicates: 3 });
    const seen = await call('GET', '/api/watchlists/leave/matches?bucket=hour', viewer);
    // A viewer gets small cells suppressed (an account item's posts by country and hour follow one person) and no country per post.
    expect(seen.json).toMatchObject({ watchlist: 'leave', posts: 2, byCountry: [{ country: 'other', posts: 1 }, { country: 'unknown', posts: 1 }], overTime: [{ t: '2016-06-20T10:00:00.000Z', posts: null }, { t: '2016-06-20T11:00:00.000Z', posts: null }], minCell: 10 });
    expect((seen.json.recent as { author: string | null; postId: string | null; country: string | null }[]).map((r) => [r.author, r.postId, r.country])).toEqual([[null, null, null], [null, null, null]]);
    expect((await call('GET', '/api/watchlists/leave/matches?bucket=hour', analyst)).json).toMatchObject({ byCountry: [{ country: 'GB', posts: 1 }, { country: 'unknown', posts: 1 }], overTime: [{ posts: 1 }, { posts: 1 }], minCell: null });
    const byAnalyst = await call('GET', '/api/watchlists/leave/matches?country=GB', analyst);
    expect(byAnalyst.json.recent).toEqual([{ platform: 'generic', postId: 'l1', author: accountPseudonym(t.app.pseudonymiser, 'generic', 'someone'), createdAt: '2016-06-20T10:00:00.000Z', country: 'GB', isRepost: false, items: [expect.stringMatching(/^[0-9a-f]{12}$/)] }]);
    expect((await call('GET', '/api/watchlists/leave/matches?country=uk', viewer)).status).toBe(400);
    expect((await call('GET', '/api/watchlists/leave/influencers', viewer)).status).toBe(403);
    expect((await call('GET', '/api/watchlists/leave/influencers', analyst)).json).toMatchObject({ min: 3, byMatches: [], byReposts: [], suppressed: { byMatches: 2, byReposts: 0 } });
    // A list created after the posts is matched against them in the background.
    expect((await call('POST', '/api/watchlists', analyst, { id: 'later', name: 'Later', items: [{ kind: 'phrase', value: 'nothing' }] })).status).toBe(201);
    for (let i = 0; i < 100 && !((await call('GET', '/api/watchlists/later', viewer)).json.watchlist as { scannedAt: string | null }).scannedAt; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await call('GET', '/api/watchlists/later/matches', viewer)).json).toMatchObject({ posts: 2 });
    expect((await call('DELETE', '/api/watchlists/later', admin)).status).toBe(200);
    const typo = await call('POST', '/api/watchlists', analyst, { id: 'typo', name: 'Typo', items: [{ kind: 'handle', platform: 'twiter', value: '@Campaigner' }] });
    expect([typo.status, typo.json.warnings]).toEqual([201, [expect.stringContaining("no stored post is from platform 'twiter'")]]);
    expect(created.json.warnings).toBeUndefined();
    expect((await call('DELETE', '/api/watchlists/typo', admin)).status).toBe(200);
    const all = await call('GET', '/api/watchlists', viewer);
    expect(all.json.watchlists).toMatchObject([{ id: 'leave', name: 'Leave', matchedPosts: 2 }]);
    expect((await call('GET', '/api/watchlists/nope/matches', viewer)).status).toBe(404);
    expect((await call('DELETE', '/api/watchlists/leave', analyst)).status).toBe(403);
    expect((await call('DELETE', '/api/watchlists/leave', admin)).json).toEqual({ removed: 'leave' });
    expect((await call('GET', '/api/watchlists', viewer)).json).toEqual({ watchlists: [] });
  });
});

describe('hustings listen watch', () => {
  it('adds, lists, shows, scans and removes lists; bad items are usage errors; no handle is printed', async () => {
    const { config, dir, cleanup } = await backends()[0]!.fresh();
    const env = { HUSTINGS_PSEUDONYM_KEY: config.pseudonymKey!, HUSTINGS_DATA_DIR: dir };
    const cli = (...args: string[]) => runCli(['--db', config.sqlitePath, ...args], { env });
    try {
      const file = join(dir, 'posts.jsonl');
      const rows = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, text: i % 2 ? 'We will take back control' : 'nothing', created_at: `2016-06-2${i % 3}T10:00:00Z`, author_id: i < 4 ? 'SecretName' : `u${i % 3}` }));
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
      expect((await cli('listen', 'ingest', file, '--no-classify', '--json')).code).toBe(0);
      const added = await cli('listen', 'watch', 'add', 'w', '--name', 'Watch', '--phrase', 'take back control', '--handle', 'generic:@SecretName', '--json');
      expect(added.code).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ created: true, itemsChanged: true, scan: { scanned: 12, recorded: 10 } });
      expect(`${added.stdout}${added.stderr}`.toLowerCase()).not.toContain('secretname');
      expect(added.stderr).not.toContain('warning');
      // A platform no stored post is from, and a Bluesky handle, are kept with a warning each.
      const odd = await cli('listen', 'watch', 'add', 'odd', '--handle', 'twiter:@SecretName', '--handle', 'bluesky:@secretname.bsky.social', '--no-scan');
      expect(odd.code, odd.stderr).toBe(0);
      expect(odd.stderr).toContain("warning: no stored post is from platform 'twiter'");
      expect(odd.stderr).toContain("warning: no stored post is from platform 'bluesky'");
      expect(odd.stderr).toContain('warning: a Bluesky handle matches posts from files that name authors by handle only');
      expect(odd.stderr.toLowerCase()).not.toContain('secretname');
      expect((await cli('listen', 'watch', 'add', 'odd2', '--handle', 'bluesky:did:plc:abc', '--handle', 'generic:@x', '--no-scan')).stderr).not.toContain('Bluesky handle');
      for (const extra of ['odd', 'odd2']) expect((await cli('listen', 'watch', 'remove', extra)).code).toBe(0);
      const bad = await cli('listen', 'watch', 'add', 'w', '--expression', '(a)\\1');
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/items\.0: expression .*not a valid regular expression for RE2/)]);
      const shown = JSON.parse((await cli('listen', 'watch', 'show', 'w', '--json')).stdout) as { matches: { posts: number }; influencers: { byMatches: { posts: number }[] } };
      expect(shown.matches.posts).toBe(8);
      expect(shown.influencers.byMatches.map((i) => i.posts)).toEqual([4]);
      expect(JSON.parse((await cli('listen', 'watch', 'scan', 'w', '--json')).stdout)).toMatchObject({ scanned: 12, recorded: 0 });
      expect((await cli('listen', 'watch', 'list')).stdout).toMatch(/^w\tWatch\t2 items\t8 posts matched\tscanned 20/);
      expect((await cli('listen', 'watch', 'remove', 'w')).code).toBe(0);
      expect((await cli('listen', 'watch', 'remove', 'w')).code).toBe(2);
    } finally {
      await cleanup();
    }
    // Eight runs of the real command line: slow on a busy machine.
  }, 180_000);
});
