import type { DemoPerson, DemoPost } from './corpus';

/**
 * Demo posts written in the shapes the platforms' APIs return, profile fields and all, so that
 * the demo exercises the same readers (and the same stripping of personal data) as real exports.
 */

export function tweetId(seq: number): string {
  return `74${String(seq).padStart(16, '0')}`;
}

function twitterDate(ms: number): string {
  // "Thu Jun 23 20:19:24 +0000 2016", as Twitter API v1.1 writes it.
  const d = new Date(ms);
  const [wd, mon, day, year, time] = d.toUTCString().replace(',', '').split(' ').filter(Boolean) as string[];
  void year;
  return `${wd} ${mon} ${day} ${time} +0000 ${d.getUTCFullYear()}`;
}

function v1User(p: DemoPerson): Record<string, unknown> {
  return {
    id: Number(p.id),
    id_str: p.id,
    name: p.name,
    screen_name: p.handle,
    location: p.location,
    description: p.bio,
    followers_count: p.followers,
    friends_count: Math.round(p.followers / 2),
    profile_image_url_https: `https://pbs.twimg.com/profile_images/${p.id}/photo_normal.jpg`,
    verified: false,
    created_at: 'Mon Jan 10 09:00:00 +0000 2011',
  };
}

function v1Mentions(post: DemoPost): Record<string, unknown>[] {
  return post.mentions.map((m) => ({ screen_name: m.handle, name: m.name, id: Number(m.id), id_str: m.id }));
}

function v1Status(post: DemoPost): Record<string, unknown> {
  const long = [...post.text].length > 140;
  const status: Record<string, unknown> = {
    created_at: twitterDate(post.createdAt),
    id_str: tweetId(post.seq),
    text: long ? `${[...post.text].slice(0, 139).join('')}…` : post.text,
    truncated: long,
    user: v1User(post.author),
    lang: post.lang,
    place: post.place ? { full_name: post.place.name, country_code: post.place.country, place_type: 'city', name: post.place.name.split(',')[0] } : null,
    entities: { hashtags: [], user_mentions: v1Mentions(post), urls: [] },
    in_reply_to_status_id_str: post.replyTo ? tweetId(post.replyTo.seq) : null,
    in_reply_to_screen_name: post.replyTo?.author.handle ?? null,
    timestamp_ms: String(post.createdAt),
  };
  if (long) status.extended_tweet = { full_text: post.text, entities: { user_mentions: v1Mentions(post) } };
  return status;
}

/** A Twitter API v1.1 status; a repost carries the original in `retweeted_status`. */
export function twitterV1(post: DemoPost): Record<string, unknown> {
  if (!post.repostOf) return v1Status(post);
  const original = v1Status(post.repostOf);
  const by = post.repostOf.author;
  return {
    ...v1Status({ ...post, text: `RT @${by.handle}: ${post.repostOf.text}`, mentions: [by], place: null, replyTo: null }),
    retweeted_status: original,
  };
}

function v2Tweet(post: DemoPost): Record<string, unknown> {
  const refs = [
    ...(post.repostOf ? [{ type: 'retweeted', id: tweetId(post.repostOf.seq) }] : []),
    ...(post.replyTo ? [{ type: 'replied_to', id: tweetId(post.replyTo.seq) }] : []),
  ];
  const mentions = post.repostOf ? [post.repostOf.author] : post.mentions;
  return {
    id: tweetId(post.seq),
    text: post.repostOf ? `RT @${post.repostOf.author.handle}: ${post.repostOf.text}`.slice(0, 140) : post.text,
    created_at: new Date(post.createdAt).toISOString(),
    author_id: post.author.id,
    lang: post.lang,
    edit_history_tweet_ids: [tweetId(post.seq)],
    public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0 },
    ...(refs.length > 0 ? { referenced_tweets: refs } : {}),
    ...(post.place ? { geo: { place_id: placeId(post.place.name) } } : {}),
    ...(mentions.length > 0 ? { entities: { mentions: mentions.map((m) => ({ start: 0, end: m.handle.length + 1, username: m.handle, id: m.id })) } } : {}),
  };
}

function placeId(name: string): string {
  return Buffer.from(name).toString('hex').slice(0, 16);
}

function v2User(p: DemoPerson): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    username: p.handle,
    location: p.location ?? undefined,
    description: p.bio,
    public_metrics: { followers_count: p.followers, following_count: 10, tweet_count: 100, listed_count: 0 },
  };
}

/** A Twitter API v2 search response page: `data`, `includes.users/places/tweets`, `meta`. */
export function twitterV2Page(posts: readonly DemoPost[]): Record<string, unknown> {
  const users = new Map<string, DemoPerson>();
  const places = new Map<string, { name: string; country: string }>();
  const originals = new Map<string, DemoPost>();
  for (const p of posts) {
    users.set(p.author.id, p.author);
    if (p.place) places.set(placeId(p.place.name), p.place);
    if (p.repostOf) originals.set(tweetId(p.repostOf.seq), p.repostOf);
  }
  return {
    data: posts.map(v2Tweet),
    includes: {
      users: [...users.values()].map(v2User),
      places: [...places].map(([id, p]) => ({ id, full_name: p.name, country_code: p.country, place_type: 'city' })),
      tweets: [...originals.values()].map(v2Tweet),
    },
    meta: { result_count: posts.length, newest_id: tweetId(posts[posts.length - 1]?.seq ?? 0), oldest_id: tweetId(posts[0]?.seq ?? 0) },
  };
}

function rkey(post: DemoPost): string {
  // Record keys are timestamp ids (TIDs): base32-sortable, 13 characters.
  const alphabet = '234567abcdefghijklmnopqrstuvwxyz';
  let n = BigInt(post.createdAt) * 1000n + BigInt(post.seq % 1000);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = alphabet[Number(n % 32n)] + out;
    n /= 32n;
  }
  return out;
}

function atUri(post: DemoPost): string {
  return `at://${post.author.id}/app.bsky.feed.post/${rkey(post)}`;
}

/** A Bluesky Jetstream commit event creating a post (or a repost). */
export function blueskyEvent(post: DemoPost): Record<string, unknown> {
  const iso = new Date(post.createdAt).toISOString();
  const base = { did: post.author.id, time_us: post.createdAt * 1000 + 123, kind: 'commit' };
  if (post.repostOf) {
    const record = { $type: 'app.bsky.feed.repost', createdAt: iso, subject: { uri: atUri(post.repostOf), cid: 'bafyrei' } };
    return { ...base, commit: { rev: rkey(post), operation: 'create', collection: 'app.bsky.feed.repost', rkey: rkey(post), record, cid: 'bafyrei' } };
  }
  const bytes = Buffer.from(post.text, 'utf8');
  const facets = post.mentions.map((m) => {
    const start = bytes.indexOf(Buffer.from(`@${m.handle}`));
    return { index: { byteStart: start, byteEnd: start + Buffer.byteLength(`@${m.handle}`) }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: m.id }] };
  });
  const record = {
    $type: 'app.bsky.feed.post',
    createdAt: iso,
    text: post.text,
    langs: [post.lang],
    ...(facets.length > 0 ? { facets } : {}),
    ...(post.replyTo ? { reply: { parent: { uri: atUri(post.replyTo), cid: 'bafyrei' }, root: { uri: atUri(post.replyTo), cid: 'bafyrei' } } } : {}),
  };
  return { ...base, commit: { rev: rkey(post), operation: 'create', collection: 'app.bsky.feed.post', rkey: rkey(post), record, cid: 'bafyrei' } };
}

/** A Bluesky like event: not a post, so the reader skips it. */
export function blueskyLike(post: DemoPost): Record<string, unknown> {
  const record = { $type: 'app.bsky.feed.like', createdAt: new Date(post.createdAt).toISOString(), subject: { uri: atUri(post), cid: 'bafyrei' } };
  return { did: post.author.id, time_us: post.createdAt * 1000, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.like', rkey: rkey(post), record } };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function mastodonAccount(p: DemoPerson): Record<string, unknown> {
  const [user, server] = p.id.split('@') as [string, string];
  return {
    id: String(1000 + (Number.parseInt(Buffer.from(user).toString('hex').slice(0, 6), 16) % 90000)),
    username: user,
    acct: p.id,
    display_name: p.name,
    note: `<p>${escapeHtml(p.bio)}</p>`,
    url: `https://${server}/@${user}`,
    avatar: `https://${server}/avatars/${user}.png`,
    followers_count: p.followers,
  };
}

function mastodonHtml(post: DemoPost): string {
  let html = escapeHtml(post.text);
  for (const m of post.mentions) {
    const [user, server] = m.id.split('@') as [string, string];
    html = html.replace(`@${m.handle}`, `<span class="h-card"><a href="https://${server}/@${user}" class="u-url mention">@<span>${user}</span></a></span>`);
  }
  return `<p>${html}</p>`;
}

function mastodonCore(post: DemoPost): Record<string, unknown> {
  const [user, server] = post.author.id.split('@') as [string, string];
  const id = `96${String(post.seq).padStart(10, '0')}`;
  return {
    id,
    created_at: new Date(post.createdAt).toISOString(),
    in_reply_to_id: post.replyTo ? `96${String(post.replyTo.seq).padStart(10, '0')}` : null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: post.lang,
    uri: `https://${server}/users/${user}/statuses/${id}`,
    url: `https://${server}/@${user}/${id}`,
    content: mastodonHtml(post),
    account: mastodonAccount(post.author),
    mentions: post.mentions.map((m) => {
      const [mu, ms] = m.id.split('@') as [string, string];
      return { id: '1', username: mu, acct: m.id, url: `https://${ms}/@${mu}` };
    }),
    tags: [],
    reblog: null,
  };
}

/** A Mastodon status; a boost carries the original in `reblog` and has empty content itself. */
export function mastodonStatus(post: DemoPost, visibility = 'public'): Record<string, unknown> {
  const status = mastodonCore(post);
  if (!post.repostOf) return { ...status, visibility };
  const [user, server] = post.author.id.split('@') as [string, string];
  return { ...status, content: '', uri: `https://${server}/users/${user}/statuses/${status.id}/activity`, reblog: mastodonCore(post.repostOf), visibility };
}

const DEMO_AGE_BANDS = ['18-24', '25-34', '25-34', '35-44', '35-44', '45-54', '55-64', '65+'];

/**
 * The author's age band and gender as an aggregate export would carry them: drawn from the
 * person's id (so one person keeps one band), about half men, most aged 25–44.
 */
function demoAudience(p: DemoPerson): { age_band: string; gender: string } {
  let h = 2166136261;
  for (let i = 0; i < p.id.length; i++) h = Math.imul(h ^ p.id.charCodeAt(i), 16777619) >>> 0;
  return { age_band: DEMO_AGE_BANDS[h % DEMO_AGE_BANDS.length]!, gender: (h >>> 8) % 100 < 52 ? 'male' : 'female' };
}

/** The generic record: `id, text, created_at, lang, user_location, author_id` (+ repost link), `audience` adds age band and gender. */
export function genericRecord(post: DemoPost, audience = false): Record<string, unknown> {
  return {
    id: `g${post.seq}`,
    text: post.repostOf ? post.repostOf.text : post.text,
    created_at: new Date(post.createdAt).toISOString(),
    lang: post.lang,
    user_location: post.author.location,
    author_id: post.author.id,
    ...(post.repostOf ? { is_repost: true, repost_of: `g${post.repostOf.seq}` } : {}),
    ...(audience ? demoAudience(post.author) : {}),
  };
}

const CSV_COLUMNS = ['id', 'text', 'created_at', 'lang', 'user_location', 'author_id'] as const;

function csvField(value: unknown, delimiter: string): string {
  const text = value == null ? '' : String(value);
  return /["\n\r]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(delimiter: string): string {
  return CSV_COLUMNS.join(delimiter);
}

export function csvRow(post: DemoPost, delimiter: string): string {
  const r = genericRecord(post);
  return CSV_COLUMNS.map((c) => csvField(r[c], delimiter)).join(delimiter);
}
