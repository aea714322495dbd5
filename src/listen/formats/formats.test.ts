import { describe, expect, it } from 'vitest';
import { RecordError } from '../../core/errors';
import { createRandom } from '../../core/random';
import type { DemoPost } from '../demo';
import { blueskyEvent, generateDemoPosts, genericRecord, mastodonStatus, twitterV1, twitterV2Page } from '../demo';
import type { FormatContext } from './index';
import { csvHeaderMapping, csvRowToRecord, detectRecordFormat, formatContext, parseRecord } from './index';

const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };

function posts(platform: DemoPost['platform'], n = 400): DemoPost[] {
  return [...generateDemoPosts(createRandom(7), n, () => platform)];
}

function findPost(list: DemoPost[], pred: (p: DemoPost) => boolean): DemoPost {
  const p = list.find(pred);
  if (!p) throw new Error('fixture missing');
  return p;
}

describe('twitter-v1', () => {
  const list = posts('twitter');

  it('keeps the full text of a reply, pseudonymises the author and mentions, drops the profile', () => {
    const p = findPost(list, (x) => x.replyTo !== null && !x.repostOf);
    const [post] = parseRecord(twitterV1(p), null, ctx).posts;
    expect(post).toMatchObject({ platform: 'twitter', author: `<twitter:${p.author.id}>`, isRepost: false, format: 'twitter-v1', lang: p.lang });
    expect(post!.text).toContain(`@u_<twitter:${p.replyTo!.author.id}>`);
    expect(post!.text).not.toContain(p.replyTo!.author.handle);
    expect(post!.createdAt).toBe(p.createdAt);
    expect(post!.userLocation).toBe(p.author.location);
  });

  it('marks retweets, takes the original text, and keeps the place', () => {
    const rt = findPost(list, (x) => x.repostOf !== null);
    const [post] = parseRecord(twitterV1(rt), 'twitter-v1', ctx).posts;
    expect(post).toMatchObject({ isRepost: true, repostOf: `74${String(rt.repostOf!.seq).padStart(16, '0')}` });
    expect(post!.text).not.toMatch(/^RT @/);
    const placed = findPost(list, (x) => x.place !== null && !x.repostOf);
    expect(parseRecord(twitterV1(placed), null, ctx).posts[0]).toMatchObject({ placeName: placed.place!.name, placeCountry: placed.place!.country });
  });

  it('skips stream control messages and explains a status without a user', () => {
    expect(parseRecord({ delete: { status: { id_str: '1' } } }, null, ctx)).toMatchObject({ posts: [], skipped: 1 });
    expect(() => parseRecord({ id_str: '1', text: 'x', created_at: 'Thu Jun 23 20:19:24 +0000 2016' }, 'twitter-v1', ctx)).toThrow(
      'twitter-v1 status: user: missing',
    );
  });

  it('reads a saved search/tweets response (and a premium search page) status by status, a bad one alone', () => {
    const statuses = list.slice(0, 3).map((p) => twitterV1(p));
    const search = { statuses: [...statuses, { id_str: '9', text: 'no user', created_at: 'Thu Jun 23 20:19:24 +0000 2016' }], search_metadata: { count: 4, query: 'brexit', next_results: '?max_id=1' } };
    const parsed = parseRecord(search, null, ctx);
    expect(parsed.posts.map((p) => p.id)).toEqual(statuses.map((s) => s.id_str));
    expect(parsed.posts.every((p) => p.format === 'twitter-v1')).toBe(true);
    expect(parsed.errors).toEqual([expect.stringMatching(/^statuses\[3\]: unknown format: a JSON object with keys id_str, text, created_at/)]);
    expect(parseRecord(search, 'twitter-v1', ctx).errors).toEqual(['statuses[3]: twitter-v1 status: user: missing']);
    expect(parseRecord({ results: statuses, next: 'abc', requestParameters: { maxResults: 100 } }, null, ctx).posts).toHaveLength(3);
    // A search without results is a record skipped, not a bad one.
    expect(parseRecord({ statuses: [], search_metadata: { count: 0 } }, null, ctx)).toEqual({ posts: [], skipped: 1, errors: [] });
  });
});

describe('twitter archive (data/tweets.js)', () => {
  const archived = {
    edit_info: { initial: { editTweetIds: ['1500000000000000001'], editableUntil: '2022-03-05T10:00:00.000Z', editsRemaining: '5', isEditEligible: true } },
    retweeted: false,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    entities: { hashtags: [], symbols: [], user_mentions: [{ name: 'Bob', screen_name: 'bob', indices: ['0', '4'], id_str: '12', id: '12' }], urls: [] },
    display_text_range: ['0', '24'],
    favorite_count: '0',
    id_str: '1500000000000000001',
    truncated: false,
    retweet_count: '0',
    id: '1500000000000000001',
    created_at: 'Sat Mar 05 09:00:00 +0000 2022',
    favorited: false,
    full_text: '@bob we must vote remain',
    lang: 'en',
    in_reply_to_status_id_str: '1499999999999999999',
    in_reply_to_screen_name: 'bob',
  };

  it('reads an archived tweet, wrapped or not: no author (the archive owner is not named), mentions pseudonymised', () => {
    const expected = { platform: 'twitter', id: '1500000000000000001', createdAt: Date.UTC(2022, 2, 5, 9), text: '@u_<twitter:12> we must vote remain', lang: 'en', author: null, isRepost: false, replyTo: '1499999999999999999', format: 'twitter-v1' };
    expect(parseRecord({ tweet: archived }, null, ctx).posts).toEqual([expect.objectContaining(expected)]);
    expect(parseRecord(archived, null, ctx).posts).toEqual([expect.objectContaining(expected)]);
    expect(parseRecord({ tweet: archived }, 'twitter-v1', ctx).posts).toEqual([expect.objectContaining(expected)]);
  });

  it('marks an archived retweet, known only by its "RT @handle: " text, and keeps the text after it', () => {
    const rt = { ...archived, full_text: 'RT @carol: leave means leave', entities: { user_mentions: [{ screen_name: 'carol', id_str: '77' }] } };
    expect(parseRecord({ tweet: rt }, null, ctx).posts[0]).toMatchObject({ isRepost: true, repostOf: null, text: 'leave means leave' });
  });

  it('explains an archived tweet without its time', () => {
    const { created_at: _, ...timeless } = archived;
    expect(() => parseRecord({ tweet: timeless }, null, ctx)).toThrow('twitter archive tweet: created_at: missing');
  });
});

describe('twitter-v2', () => {
  const list = posts('twitter').slice(0, 100);

  it('reads a response page, joining users and places from includes', () => {
    const parsed = parseRecord(twitterV2Page(list), null, ctx);
    expect(parsed.posts).toHaveLength(100);
    const withLocation = list.findIndex((p) => p.author.location && !p.repostOf);
    expect(parsed.posts[withLocation]!.userLocation).toBe(list[withLocation]!.author.location);
    const rt = list.findIndex((p) => p.repostOf);
    expect(parsed.posts[rt]).toMatchObject({ isRepost: true, text: expect.not.stringMatching(/^RT @/) });
  });

  it('reads flattened tweets with the author and place inline', () => {
    const flat = {
      id: '1483436862769356806',
      text: 'hello @someone',
      created_at: '2022-01-18T13:00:00.000Z',
      author_id: '42',
      edit_history_tweet_ids: ['1483436862769356806'],
      author: { id: '42', username: 'someone_else', name: 'Some One', location: 'Lyon, France' },
      geo: { place_id: 'abc', place: { full_name: 'Lyon, France', country_code: 'FR' } },
      entities: { mentions: [{ username: 'someone', id: '7' }] },
    };
    expect(parseRecord(flat, null, ctx).posts[0]).toMatchObject({
      author: '<twitter:42>',
      text: 'hello @u_<twitter:7>',
      userLocation: 'Lyon, France',
      placeCountry: 'FR',
    });
  });

  it("takes a flattened retweet's original text from its reference (twarc2 flatten), not the cut-short RT text, and the place merged into geo", () => {
    const flat = {
      id: '1380242611781386245',
      text: 'RT @someone: the original text, cut sh…',
      created_at: '2021-04-08T19:34:16.000Z',
      author_id: '42',
      public_metrics: { retweet_count: 410, reply_count: 0, like_count: 0, quote_count: 0 },
      referenced_tweets: [{ type: 'retweeted', id: '1380175475545362437', text: 'the original text, cut short in the retweet, whole here', author_id: '7', created_at: '2021-04-08T15:07:30.000Z', author: { id: '7', username: 'someone' } }],
      entities: { mentions: [{ start: 3, end: 11, username: 'someone', id: '7' }] },
    };
    expect(parseRecord(flat, null, ctx).posts[0]).toMatchObject({ isRepost: true, repostOf: '1380175475545362437', text: 'the original text, cut short in the retweet, whole here' });
    // Without public_metrics (not asked for), a flattened tweet is known by its conversation_id or twarc2's __twarc.
    const { public_metrics: _, ...bare } = flat;
    for (const extra of [{ conversation_id: '1' }, { __twarc: { url: 'https://api.twitter.com/2/tweets/search/recent', version: '2.0.3' } }]) {
      expect(parseRecord({ ...bare, ...extra }, null, ctx).posts[0]).toMatchObject({ platform: 'twitter', format: 'twitter-v2', author: '<twitter:42>' });
    }
    // twarc2 flatten merges the place into geo.
    const placed = { ...flat, geo: { place_id: '7de31e05e99a00f8', id: '7de31e05e99a00f8', full_name: 'Bournemouth, England', country_code: 'GB', country: 'United Kingdom', name: 'Bournemouth', place_type: 'city' } };
    expect(parseRecord(placed, null, ctx).posts[0]).toMatchObject({ placeName: 'Bournemouth, England', placeCountry: 'GB' });
  });

  it('reports a bad tweet of a page alone and keeps the rest', () => {
    const page = twitterV2Page(list.slice(0, 3)) as { data: Record<string, unknown>[] };
    delete page.data[1]!.created_at;
    const parsed = parseRecord(page, null, ctx);
    expect(parsed.posts).toHaveLength(2);
    expect(parsed.errors).toEqual(['twitter-v2 data[1]: created_at: missing: request tweet.fields=created_at']);
  });
});

describe('pages without posts, and error responses', () => {
  it('skips a v2 page holding only meta, or only notices: tweets not found, a stream disconnected', () => {
    const notFound = { value: '123', detail: 'Could not find tweet with ids: [123].', title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: '123', type: 'https://api.twitter.com/2/problems/resource-not-found' };
    // A filtered stream's disconnection notice, written among the stream's lines.
    const disconnect = { title: 'operational-disconnect', disconnect_type: 'UpstreamOperationalDisconnect', detail: 'This stream has been disconnected upstream for operational reasons.', type: 'https://api.twitter.com/2/problems/operational-disconnect' };
    for (const page of [{ meta: { result_count: 0 } }, { errors: [notFound] }, { errors: [notFound], meta: { result_count: 0 } }, { errors: [disconnect] }]) {
      expect(parseRecord(page, null, ctx)).toEqual({ posts: [], skipped: 1, errors: [] });
      expect(parseRecord(page, 'twitter-v2', ctx)).toEqual({ posts: [], skipped: 1, errors: [] });
    }
  });

  it('says an API error response is one, quoting only its status and name, whatever the format asked', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, 'an API error response, not posts (429 Too Many Requests)'],
      [{ errors: [{ code: 88, message: 'Rate limit exceeded' }] }, 'an API error response, not posts (code 88)'],
      [{ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, 'an API error response, not posts (RateLimitExceeded)'],
      // A detail may name an account: it is not quoted.
      [{ errors: [{ parameters: { username: ['alice_private'] }, message: 'The username alice_private is invalid' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' }, 'an API error response, not posts (Invalid Request)'],
      [{ error: 'Could not find @alice_private' }, 'an API error response, not posts'],
    ];
    for (const [record, message] of cases) {
      expect(() => parseRecord(record, null, ctx)).toThrow(new RecordError(message));
      expect(() => parseRecord(record, 'twitter-v2', ctx)).toThrow(new RecordError(message));
    }
  });
});

describe('bluesky', () => {
  const list = posts('bluesky');

  it('keeps posts with an id free of the DID, and resolves mentions through facets', () => {
    const p = findPost(list, (x) => x.mentions.length > 0 && !x.repostOf);
    const [post] = parseRecord(blueskyEvent(p), null, ctx).posts;
    expect(post!.id).toMatch(new RegExp(`^<bluesky:${p.author.id}>/[a-z2-7]{13}$`));
    expect(post!.text).toContain(`@u_<bluesky:${p.mentions[0]!.id}>`);
    expect(post!.replyTo).toMatch(/^<bluesky:did:plc:/);
  });

  it('keeps reposts without text, and skips other events', () => {
    const rt = findPost(list, (x) => x.repostOf !== null);
    expect(parseRecord(blueskyEvent(rt), null, ctx).posts[0]).toMatchObject({ isRepost: true, text: '' });
    expect(parseRecord({ did: 'did:plc:x', kind: 'identity', identity: {} }, null, ctx)).toMatchObject({ skipped: 1 });
  });

  it("reads tap's events (Bluesky's sync tool) as the Jetstream events they mirror, and skips identity events", () => {
    const p = findPost(list, (x) => x.mentions.length > 0 && !x.repostOf);
    const rt = findPost(list, (x) => x.repostOf !== null);
    for (const source of [p, rt]) {
      const e = blueskyEvent(source) as { did: string; commit: { collection: string; rkey: string; record: unknown; cid: string } };
      const tap = { id: 1553506, type: 'record', record: { live: false, did: e.did, rev: '3mc7ffzllzi2n', collection: e.commit.collection, rkey: e.commit.rkey, action: 'create', record: e.commit.record, cid: e.commit.cid } };
      expect(parseRecord(tap, null, ctx).posts).toEqual(parseRecord(e, null, ctx).posts);
      expect(parseRecord({ ...tap, record: { ...tap.record, action: 'delete', record: undefined } }, null, ctx)).toMatchObject({ posts: [], skipped: 1 });
    }
    expect(parseRecord({ id: 7, type: 'identity', identity: { did: 'did:plc:x', handle: 'x.bsky.social', is_active: true, status: 'active' } }, null, ctx)).toMatchObject({ posts: [], skipped: 1 });
    expect(() => parseRecord({ id: 8, type: 'record', record: { did: 'did:plc:x', collection: 'app.bsky.feed.post', action: 'create' } }, null, ctx)).toThrow('bluesky tap event: record.rkey: missing');
  });

  it('reads Jetstream events as saved before October 2024 (type "com", commit type "c"), and skips their other kinds', () => {
    const p = findPost(list, (x) => x.mentions.length > 0 && !x.repostOf);
    const current = blueskyEvent(p) as { kind?: string; commit: Record<string, unknown> };
    const { operation, ...commit } = current.commit;
    expect(operation).toBe('create');
    const { kind: _, ...rest } = current;
    const legacy = { ...rest, type: 'com', commit: { ...commit, type: 'c' } };
    expect(parseRecord(legacy, null, ctx).posts).toEqual(parseRecord(current, null, ctx).posts);
    expect(parseRecord({ ...legacy, commit: { ...commit, type: 'd' } }, null, ctx)).toMatchObject({ posts: [], skipped: 1 });
    expect(parseRecord({ did: 'did:plc:x', time_us: 1730837700123456, type: 'id', identity: { did: 'did:plc:x', handle: 'x.bsky.social' } }, null, ctx)).toMatchObject({ posts: [], skipped: 1 });
    expect(() => parseRecord({ did: 'did:plc:x', time_us: 1 }, 'bluesky', ctx)).toThrow('bluesky event: kind: missing');
  });
});

describe('bluesky API views', () => {
  const list = posts('bluesky').filter((p) => !p.repostOf);

  /** The postView the API gives for the post a Jetstream event creates: the same record, and a profile with a handle. */
  function postView(p: DemoPost): Record<string, unknown> {
    const e = blueskyEvent(p) as { did: string; commit: { rkey: string; record: Record<string, unknown> } };
    return {
      uri: `at://${e.did}/app.bsky.feed.post/${e.commit.rkey}`,
      cid: 'bafyreib',
      author: { did: e.did, handle: `${p.author.handle}.bsky.social`, displayName: 'Some One', avatar: 'https://cdn.bsky.app/x', labels: [] },
      record: e.commit.record,
      replyCount: 0,
      repostCount: 1,
      likeCount: 2,
      indexedAt: new Date(p.createdAt + 900).toISOString(),
      labels: [],
    };
  }

  it('reads a searchPosts response as the posts Jetstream would give, keyed by DID and never by handle', () => {
    const some = [findPost(list, (x) => x.mentions.length > 0), findPost(list, (x) => x.replyTo !== null)];
    const parsed = parseRecord({ posts: some.map(postView), cursor: '25', hitsTotal: 1200 }, null, ctx);
    expect(parsed.errors).toEqual([]);
    expect(parsed.posts).toEqual(some.map((p) => parseRecord(blueskyEvent(p), null, ctx).posts[0]));
    expect(JSON.stringify(parsed.posts)).not.toContain('.bsky.social');
    // A JSON array of post views: each element on its own.
    expect(parseRecord(postView(some[0]!), null, ctx).posts).toEqual([parsed.posts[0]]);
    // getQuotes: the quoted post's uri beside the posts that quote it.
    expect(parseRecord({ uri: 'at://did:plc:x/app.bsky.feed.post/y', posts: some.map(postView) }, null, ctx).posts).toEqual(parsed.posts);
  });

  it('reads a getAuthorFeed response, a repost by the feed owner kept as the Jetstream repost', () => {
    const [a, b] = list;
    const rt = findPost(posts('bluesky'), (x) => x.repostOf !== null);
    const jetstream = parseRecord(blueskyEvent(rt), null, ctx).posts[0]!;
    const rkey = jetstream.id.slice(jetstream.id.indexOf('/') + 1);
    const reason = { $type: 'app.bsky.feed.defs#reasonRepost', by: { did: rt.author.id, handle: 'x.bsky.social' }, uri: `at://${rt.author.id}/app.bsky.feed.repost/${rkey}`, indexedAt: new Date(rt.createdAt).toISOString() };
    const feed = { feed: [{ post: postView(a!) }, { post: postView(rt.repostOf!), reason }, { post: postView(b!), reason: { ...reason, uri: undefined } }], cursor: 'x' };
    const parsed = parseRecord(feed, 'bluesky', ctx);
    expect(parsed.errors).toEqual([]);
    expect(parsed.posts.map((p) => p.isRepost)).toEqual([false, false, true, false]);
    expect(parsed.posts[2]).toEqual({ ...jetstream, createdAt: rt.createdAt });
    expect(parsed.posts[2]!.repostOf).toBe(parsed.posts[1]!.id);
  });

  it('reads every post of a getPostThread response, leaving out posts not found', () => {
    const [a, b, c] = list;
    const thread = {
      thread: {
        $type: 'app.bsky.feed.defs#threadViewPost',
        post: postView(b!),
        parent: { $type: 'app.bsky.feed.defs#threadViewPost', post: postView(a!) },
        replies: [{ $type: 'app.bsky.feed.defs#threadViewPost', post: postView(c!), replies: [] }, { $type: 'app.bsky.feed.defs#notFoundPost', uri: 'at://did:plc:x/app.bsky.feed.post/y', notFound: true }],
      },
    };
    const parsed = parseRecord(thread, null, ctx);
    expect(parsed.posts.map((p) => p.id).sort()).toEqual([a, b, c].map((p) => parseRecord(blueskyEvent(p!), null, ctx).posts[0]!.id).sort());
  });

  it('explains a post view whose record is not a post', () => {
    const view = { ...postView(list[0]!), record: { $type: 'app.bsky.feed.post', createdAt: '2024-11-05T20:15:00Z' } };
    expect(() => parseRecord(view, null, ctx)).toThrow('bluesky post record: text: missing');
    // Fields left empty as null, as some tools write them, are as good as left out.
    const nulls = { ...postView(list[0]!), record: { $type: 'app.bsky.feed.post', text: 'hi', createdAt: '2024-11-05T20:15:00Z', langs: null, facets: null, reply: null, embed: null } };
    expect(parseRecord(nulls, null, ctx).posts[0]).toMatchObject({ text: 'hi', lang: null, replyTo: null, quoteOf: null });
  });
});

describe('mastodon', () => {
  const list = posts('mastodon');

  it('turns HTML into text, ids into server/id, and keeps only public statuses', () => {
    const p = findPost(list, (x) => x.mentions.length > 0 && !x.repostOf);
    const [post] = parseRecord(mastodonStatus(p), null, ctx).posts;
    const [user, server] = p.author.id.split('@');
    expect(post!.id).toMatch(new RegExp(`^${server}/96\\d+$`));
    expect(post!.id).not.toContain(user!);
    expect(post!.author).toBe(`<mastodon:${p.author.id}>`);
    expect(post!.text).toContain(`@u_<mastodon:${p.mentions[0]!.id}>`);
    expect(post!.text).not.toMatch(/<\/?(p|span|a)\b/);
    expect(parseRecord(mastodonStatus(p, 'direct'), null, ctx)).toMatchObject({ posts: [], skipped: 1 });
  });

  it('reads boosts as reposts of the original', () => {
    const rt = findPost(list, (x) => x.repostOf !== null);
    const [post] = parseRecord(mastodonStatus(rt), null, ctx).posts;
    expect(post).toMatchObject({ isRepost: true, repostOf: expect.stringMatching(/\/96\d+$/) });
    expect(post!.text.length).toBeGreaterThan(0);
  });

  it('reads streaming API update events, whose payload is the status as a JSON string', () => {
    const status = mastodonStatus(list[0]!);
    const [post] = parseRecord({ event: 'update', payload: JSON.stringify(status) }, null, ctx).posts;
    expect(post).toMatchObject({ platform: 'mastodon', id: expect.stringMatching(/\/96\d+$/) });
    expect(parseRecord({ event: 'delete', payload: '123' }, null, ctx)).toMatchObject({ posts: [], skipped: 1 });
  });

  it('reads a saved v2 search response, whose statuses sit beside accounts and hashtags', () => {
    const statuses = list.slice(0, 2).map((p) => mastodonStatus(p));
    const parsed = parseRecord({ accounts: [], statuses, hashtags: [] }, null, ctx);
    expect(parsed.posts.map((p) => p.format)).toEqual(['mastodon', 'mastodon']);
    // A status's context: the statuses before it and after it.
    const context = parseRecord({ ancestors: [statuses[0]], descendants: [statuses[1], { id: '1' }] }, null, ctx);
    expect(context.posts).toEqual(parsed.posts);
    expect(context.errors).toEqual([expect.stringMatching(/^descendants\[1\]: unknown format/)]);
  });

  it('links a quote post (Mastodon 4.4) to the status it quotes, without the "RE:" line left for older servers', () => {
    const [a, b] = list.filter((x) => !x.repostOf);
    const quoted = mastodonStatus(b!);
    const status = { ...mastodonStatus(a!), content: '<p class="quote-inline">RE: <a href="https://example.social/@x/1">example.social/@x/1</a></p><p>look at this</p>', mentions: [] };
    const [post] = parseRecord({ ...status, quote: { state: 'accepted', quoted_status: quoted } }, null, ctx).posts;
    expect(post).toMatchObject({ text: 'look at this', quoteOf: parseRecord(quoted, null, ctx).posts[0]!.id });
    const id = post!.id.slice(0, post!.id.indexOf('/'));
    expect(parseRecord({ ...status, quote: { state: 'accepted', quoted_status_id: '42' } }, null, ctx).posts[0]).toMatchObject({ quoteOf: `${id}/42` });
    expect(parseRecord({ ...status, quote: null }, null, ctx).posts[0]).toMatchObject({ quoteOf: null });
  });

  it('reads statuses dumped from Mastodon.py, whose ids are numbers past 2^53: the reply link is left out, not the status', () => {
    const reply = findPost(list, (x) => x.replyTo !== null && !x.repostOf);
    const status = mastodonStatus(reply) as { id: string; in_reply_to_id: string; account: Record<string, unknown> };
    const expected = parseRecord(status, null, ctx).posts[0]!;
    expect(expected.replyTo).not.toBeNull();
    // Ids of today's size, as Python writes them: exact digits that JSON.parse cannot hold.
    const text = JSON.stringify({ ...status, id: 'ID', in_reply_to_id: 'REPLY', created_at: '2024-11-05 20:15:00.123000+00:00', account: { ...status.account, id: 109302 } });
    const dumped = JSON.parse(text.replace('"ID"', '113000000000000007').replace('"REPLY"', '113000000000000001'));
    expect(Number.isSafeInteger(dumped.in_reply_to_id)).toBe(false);
    expect(parseRecord(dumped, null, ctx).posts[0]).toEqual({ ...expected, createdAt: Date.parse('2024-11-05T20:15:00.123Z'), replyTo: null });
    expect(parseRecord({ ...dumped, in_reply_to_id: 1234 }, null, ctx).posts[0]!.replyTo).toMatch(/\/1234$/);
  });

  it('reads the 2017 OStatus tag URIs', () => {
    const status = { ...mastodonStatus(list[0]!), uri: 'tag:mstdn.jp,2017-04-14:objectId=172429:objectType=Status' };
    expect(parseRecord(status, null, ctx).posts[0]!.id).toBe('mstdn.jp/172429');
  });
});

describe('csv', () => {
  function readCsv(header: string[], row: string[]) {
    return parseRecord(csvRowToRecord(row, csvHeaderMapping(header, 'f.csv'), header.length), 'csv', { ...ctx, platform: 'twitter' }).posts[0];
  }

  it('takes the rows of a CSV that only tweets have the columns of as tweets, whatever the default platform', () => {
    const generic = (header: string[], row: string[]) => parseRecord(csvRowToRecord(row, csvHeaderMapping(header, 'f.csv'), header.length), 'csv', ctx).posts[0]!.platform;
    const row = ['1600000000000000001', 'yes', '2023-01-01T10:00:00Z', ''];
    expect(generic(['id', 'text', 'created_at', 'referenced_tweets.replied_to.id'], row)).toBe('twitter');
    expect(generic(['id', 'text', 'created_at', 'to_tweetid'], row)).toBe('twitter');
    expect(generic(['id', 'text', 'created_at', 'retweet_count'], row)).toBe('twitter');
    expect(generic(['id', 'text', 'created_at', 'reply_to'], row)).toBe('generic');
    // A platform column decides for its rows; an empty cell takes the default.
    expect(generic(['id', 'text', 'created_at', 'platform', 'to_tweetid'], ['1', 'yes', '2023-01-01T10:00:00Z', 'mastodon', ''])).toBe('mastodon');
    expect(generic(['id', 'text', 'created_at', 'platform', 'to_tweetid'], [...row, ''])).toBe('generic');
  });

  it("reads twarc2's CSV (twarc-csv): references by referenced_tweets.TYPE.id, a retweet marked by the one it names", () => {
    const header = ['id', 'conversation_id', 'referenced_tweets.replied_to.id', 'referenced_tweets.retweeted.id', 'referenced_tweets.quoted.id', 'author_id', 'in_reply_to_user_id', 'in_reply_to_username', 'retweeted_user_id', 'retweeted_username', 'created_at', 'text', 'lang', 'author.id', 'author.username', 'author.location', 'geo.country_code', '__twarc.retrieved_at'];
    const retweet = ['1600000000000000001', '1599', '', '1599', '', '99', '', '', '77', 'carol', '2023-01-01T10:00:00.000Z', 'the original text', 'en', '99', 'alice', 'Leeds, UK', '', '2023-01-02T00:00:00+00:00'];
    expect(readCsv(header, retweet)).toMatchObject({ platform: 'twitter', author: '<twitter:99>', isRepost: true, repostOf: '1599', replyTo: null, quoteOf: null, userLocation: 'Leeds, UK' });
    const reply = ['1600000000000000002', '1598', '1598', '', '1597', '99', '12', 'bob', '', '', '2023-01-01T10:00:00.000Z', '@bob yes', 'en', '99', 'alice', '', 'GB', ''];
    expect(readCsv(header, reply)).toMatchObject({ isRepost: false, repostOf: null, replyTo: '1598', quoteOf: '1597', placeCountry: 'GB', text: '@u_<twitter:handle:bob> yes' });
    // The handles in its own columns are never read.
    expect(JSON.stringify([readCsv(header, retweet), readCsv(header, reply)])).not.toMatch(/alice|carol/);
  });

  it("reads the CSV of medialab's twitwi (minet, gazouilloire): time from timestamp_utc, never local_time; links by retweeted_id, to_tweetid, quoted_id", () => {
    const header = ['id', 'timestamp_utc', 'local_time', 'user_screen_name', 'text', 'lang', 'to_username', 'to_userid', 'to_tweetid', 'user_location', 'user_id', 'user_name', 'retweeted_id', 'retweeted_user', 'retweeted_user_id', 'quoted_id', 'quoted_user', 'url', 'place_country_code', 'mentioned_names', 'mentioned_ids'];
    const retweet = ['1348592751940673536', '1610364542.0', '2021-01-11T12:29:02', 'VotezPoisson', 'RT @Fr_Conservateur: Pour asseoir #Biden…', 'fr', '', '', '', 'Paris, France', '762290549168701440', 'Votez Poisson', '1348592722928656384', 'Fr_Conservateur', '1222191125584318464', '', '', 'https://twitter.com/VotezPoisson/status/1348592751940673536', '', 'fr_conservateur', '1222191125584318464'];
    expect(readCsv(header, retweet)).toMatchObject({ id: '1348592751940673536', createdAt: 1610364542000, author: '<twitter:762290549168701440>', isRepost: true, repostOf: '1348592722928656384', userLocation: 'Paris, France', lang: 'fr' });
    const reply = ['1347085867584794624', '1610005273.0', '2021-01-07T08:41:13', 'Mcmo_EVE', '@krnl_panik J’ai un scoop', 'fr', 'krnl_panik', '40438998', '1347084392481615872', 'France', '578153150', 'Rimilsa', '', '', '', '1347000000000000000', 'someone', '', 'FR', 'krnl_panik', '40438998'];
    expect(readCsv(header, reply)).toMatchObject({ createdAt: 1610005273000, isRepost: false, replyTo: '1347084392481615872', quoteOf: '1347000000000000000', placeCountry: 'FR' });
    expect(JSON.stringify([readCsv(header, retweet), readCsv(header, reply)])).not.toMatch(/VotezPoisson|Mcmo_EVE|Rimilsa/);
  });

  it("reads twitwi's CSV of Bluesky posts as the posts the API gives: ids and authors from the DID, never the handle or the uri", () => {
    const p = findPost(posts('bluesky'), (x) => x.mentions.length > 0 && x.replyTo !== null && !x.repostOf);
    const e = blueskyEvent(p) as { did: string; commit: { rkey: string; record: { createdAt: string; reply: { parent: { uri: string } } } } };
    const jetstream = parseRecord(e, null, ctx).posts[0]!;
    const uri = `at://${e.did}/app.bsky.feed.post/${e.commit.rkey}`;
    const handle = `${p.mentions[0]!.handle}`;
    const header = ['cid', 'did', 'uri', 'url', 'timestamp_utc', 'local_time', 'user_did', 'user_handle', 'text', 'original_text', 'to_post_uri', 'quoted_uri', 'mentioned_user_dids', 'mentioned_user_handles'];
    const row = ['bafyrei', e.commit.rkey, uri, `https://bsky.app/profile/${p.author.handle}.bsky.social/post/${e.commit.rkey}`, String(Math.floor(p.createdAt / 1000)), '2025-03-16T10:22:08.653000', e.did, `${p.author.handle}.bsky.social`, `${p.text} https://cdn.bsky.app/img/x.jpg`, p.text, e.commit.record.reply.parent.uri, '', p.mentions[0]!.id, handle];
    const post = readCsv(header, row);
    expect(post).toEqual({ ...jetstream, createdAt: Math.floor(p.createdAt / 1000) * 1000, lang: null, format: 'csv' });
    expect(JSON.stringify(post)).not.toMatch(/bsky\.social|bsky\.app|at:\/\//);
    // No text or time: what is missing, in the columns' names.
    expect(() => csvHeaderMapping(['uri', 'user_did', 'user_handle'], 'b.csv')).toThrow('b.csv: the CSV header has no text (or original_text); created_at (or createdat, timestamp_utc) column; found: uri, user_did, user_handle');
  });

  it('takes a tweet_text column as the text', () => {
    expect(readCsv(['tweet_id', 'created_at', 'tweet_text'], ['1', '2023-01-01T10:00:00Z', 'hello'])).toMatchObject({ id: '1', text: 'hello' });
  });
});

describe('generic and detection', () => {
  it('reads the generic fields and explains what is missing', () => {
    const p = posts('generic', 5)[0]!;
    expect(parseRecord(genericRecord(p), null, ctx).posts[0]).toMatchObject({ platform: 'generic', id: `g${p.seq}`, author: `<generic:${p.author.id}>` });
    expect(() => parseRecord({ id: 1, text: 'x' }, 'generic', ctx)).toThrow('generic post: created_at: missing');
    expect(() => parseRecord(JSON.parse('{"id": 1483436862769356806, "text": "x", "created_at": 0}'), 'generic', ctx)).toThrow('larger numbers are not exact in JSON');
    expect(() => parseRecord({ id: 1, text: 'x', created_at: 'soon' }, null, ctx)).toThrow(
      'created_at: expected an ISO 8601 date, a Twitter date or epoch seconds/milliseconds, found a text of 4 characters',
    );
    // A value of the wrong kind: what the field takes, and what it got.
    expect(() => parseRecord({ id: 1, text: 'x', created_at: ['2016'] }, null, ctx)).toThrow('generic post: created_at: expected string or number, found an array');
    expect(() => parseRecord({ id: null, text: 'x', created_at: '2016-06-01' }, null, ctx)).toThrow('generic post: id: expected string or number, found null');
    // What a bad time holds is quoted only when it can only be a date; a column shift must not send a name or an address to the logs.
    expect(() => parseRecord({ id: 1, text: 'x', created_at: 'Contact @alice_private or alice.private@example.com' }, null, ctx)).toThrow('found a text of 51 characters');
    expect(() => parseRecord({ id: 1, text: 'x', created_at: '2016-13-45' }, null, ctx)).toThrow('found "2016-13-45"');
    // A phone number or an account id in the wrong column: its length only.
    expect(() => parseRecord({ id: 1, text: 'x', created_at: '+33 6 12 34 56 78' }, null, ctx)).toThrow('found a text of 17 characters');
    expect(() => parseRecord({ id: 1, text: 'x', created_at: '1234567890123456789' }, null, ctx)).toThrow('found a text of 19 characters');
    expect(() => parseRecord({ id: 1, text: 'x', created_at: 33612345678 }, null, ctx)).toThrow('found a number of 11 digits');
    expect(() => parseRecord({ id: 1, text: 'x', created_at: 8640000000000001 }, null, ctx)).toThrow('created_at: expected a time from 1990 to 2099, found a number of 16 digits');
    expect(() => parseRecord({ id: 1, text: 'x', created_at: '2100-01-01T00:00:00Z' }, null, ctx)).toThrow('created_at: expected a time from 1990 to 2099, found "2100-01-01T00:00:00Z" (2100-01-01T00:00:00.000Z)');
    expect(parseRecord({ id: 1, text: 'x', created_at: '2099-12-31T23:59:59Z' }, null, ctx).posts).toHaveLength(1);
  });

  it('detects each format from its keys and names the keys of an unknown record', () => {
    expect(detectRecordFormat(twitterV1(posts('twitter', 3)[0]!))).toBe('twitter-v1');
    expect(detectRecordFormat(twitterV2Page(posts('twitter', 3)))).toBe('twitter-v2');
    expect(detectRecordFormat(blueskyEvent(posts('bluesky', 3)[0]!))).toBe('bluesky');
    expect(detectRecordFormat(mastodonStatus(posts('mastodon', 3)[0]!))).toBe('mastodon');
    expect(() => parseRecord({ foo: 1, bar: 2 }, null, ctx)).toThrow(RecordError);
    expect(() => parseRecord({ foo: 1, bar: 2 }, null, ctx)).toThrow('unknown format: a JSON object with keys foo, bar matches none of');
    expect(() => parseRecord([1, 2], null, ctx)).toThrow('expected a JSON object, found an array');
  });

  it('pseudonymises no author where posts are only classified, and changes nothing else', () => {
    const seen: string[] = [];
    const recording = { pseudonym: (platform: string, value: string) => (seen.push(value), `<${platform}:${value}>`) };
    const records = [
      ...posts('twitter', 20).map((p) => twitterV1(p)),
      twitterV2Page(posts('twitter', 20)),
      ...posts('bluesky', 20).map((p) => blueskyEvent(p)),
      ...posts('mastodon', 20).map((p) => mastodonStatus(p)),
      ...posts('generic', 20).map((p) => genericRecord(p)),
    ];
    const kept = records.flatMap((r) => parseRecord(r, null, formatContext(recording, 'generic')).posts);
    const authors = new Set(kept.map((p) => p.author!.slice(p.author!.indexOf(':') + 1, -1)));
    seen.length = 0;
    const classified = records.flatMap((r) => parseRecord(r, null, formatContext(recording, 'generic', false)).posts);
    expect(classified.length).toBe(kept.length);
    expect(classified.every((p) => p.author === null)).toBe(true);
    expect(classified).toEqual(kept.map((p) => ({ ...p, author: null })));
    // Mentions and Bluesky's ids still need pseudonyms; no author was made for its own sake.
    const mentioned = new Set(kept.flatMap((p) => [...p.text.matchAll(/@u_<[a-z]+:([^>]+)>/g)].map((m) => m[1]!)));
    const blueskyIds = new Set(kept.filter((p) => p.platform === 'bluesky').map((p) => p.id.slice(p.id.indexOf(':') + 1, p.id.indexOf('>'))));
    expect(seen.filter((v) => authors.has(v) && !mentioned.has(v) && !blueskyIds.has(v))).toEqual([]);
    expect(authors.size).toBeGreaterThan(20);
  });
});
