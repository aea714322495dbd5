import { describe, expect, it } from 'vitest';
import type { FormatContext } from './index';
import { detectRecordFormat, parseRecord } from './index';

const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };

const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const HOST = 'https://mastodon.example';
const ALICE = `${HOST}/users/SecretAlice`;
const CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1', { ostatus: 'http://ostatus.org#', sensitive: 'as:sensitive', Hashtag: 'as:Hashtag' }];

const MENTION_HTML =
  '<p><span class="h-card" translate="no"><a href="https://other.example/@SecretBob" class="u-url mention">@<span>SecretBob</span></a></span> we vote on ' +
  '<a href="https://mastodon.example/tags/brexit" class="mention hashtag" rel="tag">#<span>brexit</span></a> tomorrow</p><p>see you there</p>';

/** A Note as Mastodon's ActivityPub serialiser writes it (app/serializers/activitypub/note_serializer.rb). */
function note(statusId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${ALICE}/statuses/${statusId}`,
    type: 'Note',
    summary: null,
    inReplyTo: null,
    published: '2024-11-05T20:15:00Z',
    url: `${HOST}/@SecretAlice/${statusId}`,
    attributedTo: ALICE,
    to: [AS_PUBLIC],
    cc: [`${ALICE}/followers`, 'https://other.example/users/SecretBob'],
    sensitive: false,
    atomUri: `${ALICE}/statuses/${statusId}`,
    inReplyToAtomUri: null,
    conversation: `tag:mastodon.example,2024-11-05:objectId=${statusId}:objectType=Conversation`,
    content: MENTION_HTML,
    contentMap: { en: MENTION_HTML },
    attachment: [],
    tag: [
      { type: 'Mention', href: 'https://other.example/users/SecretBob', name: '@SecretBob@other.example' },
      { type: 'Hashtag', href: `${HOST}/tags/brexit`, name: '#brexit' },
    ],
    replies: { id: `${ALICE}/statuses/${statusId}/replies`, type: 'Collection', first: { type: 'CollectionPage', next: `${ALICE}/statuses/${statusId}/replies?only_other_accounts=true&page=true`, partOf: `${ALICE}/statuses/${statusId}/replies`, items: [] } },
    ...over,
  };
}

function create(n: Record<string, unknown>): Record<string, unknown> {
  return { id: `${n.id as string}/activity`, type: 'Create', actor: ALICE, published: n.published, to: n.to, cc: n.cc, object: n };
}

function announce(statusId: string, of: string): Record<string, unknown> {
  return { id: `${ALICE}/statuses/${statusId}/activity`, type: 'Announce', actor: ALICE, published: '2024-11-05T21:00:00Z', to: [AS_PUBLIC], cc: ['https://other.example/users/SecretBob', `${ALICE}/followers`], object: of };
}

/** The same status as the REST API gives it, as the existing Mastodon reader reads it. */
function apiStatus(statusId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: statusId,
    uri: `${ALICE}/statuses/${statusId}`,
    url: `${HOST}/@SecretAlice/${statusId}`,
    created_at: '2024-11-05T20:15:00.000Z',
    content: MENTION_HTML,
    spoiler_text: '',
    language: 'en',
    visibility: 'public',
    in_reply_to_id: null,
    account: { id: '109302', username: 'SecretAlice', acct: 'SecretAlice', url: `${HOST}/@SecretAlice` },
    mentions: [{ id: '7', username: 'SecretBob', acct: 'SecretBob@other.example', url: 'https://other.example/@SecretBob' }],
    ...over,
  };
}

/** An account archive's outbox.json (app/services/backup_service.rb): the collection, its activities without their own @context. */
function outbox(items: unknown[]): Record<string, unknown> {
  return { '@context': CONTEXT, id: 'outbox.json', type: 'OrderedCollection', totalItems: items.length, orderedItems: items };
}

describe('ActivityPub (a Mastodon archive outbox, outbox pages, Notes)', () => {
  it('reads a Note as the API reader reads the same status: id, text, time, language, author and mentions alike', () => {
    const [post] = parseRecord(create(note('113434000000000001')), null, ctx).posts;
    const [fromApi] = parseRecord(apiStatus('113434000000000001'), null, ctx).posts;
    expect(post).toEqual(fromApi);
    expect(post).toMatchObject({
      platform: 'mastodon',
      id: 'mastodon.example/113434000000000001',
      text: '@u_<mastodon:secretbob@other.example> we vote on #brexit tomorrow\n\nsee you there',
      lang: 'en',
      author: '<mastodon:secretalice@mastodon.example>',
      createdAt: Date.parse('2024-11-05T20:15:00Z'),
      format: 'mastodon',
    });
  });

  it('puts a content warning before the text, and links a reply and a quote as the API reader does', () => {
    const reply = note('113434000000000002', { summary: 'Politics', inReplyTo: `${HOST}/users/SecretCarol/statuses/113433000000000009` });
    const [post] = parseRecord(create(reply), null, ctx).posts;
    expect(post).toEqual(parseRecord(apiStatus('113434000000000002', { spoiler_text: 'Politics', in_reply_to_id: '113433000000000009' }), null, ctx).posts[0]);
    expect(post).toMatchObject({ replyTo: 'mastodon.example/113433000000000009', text: expect.stringMatching(/^Politics\n\n@u_/) });
    const quoting = note('113434000000000003', { content: '<p class="quote-inline">RE: <a href="https://other.example/@SecretBob/1">other.example/@SecretBob/1</a></p><p>look at this</p>', contentMap: { en: '' }, quote: 'https://other.example/users/SecretBob/statuses/1' });
    expect(parseRecord(create(quoting), null, ctx).posts[0]).toMatchObject({ text: 'look at this', quoteOf: 'other.example/1' });
  });

  it('keeps a boost as a repost of the status its object names, without text', () => {
    const boost = announce('113434000000000004', 'https://other.example/users/SecretBob/statuses/113400000000000777');
    expect(parseRecord(boost, null, ctx)).toEqual({
      posts: [{ platform: 'mastodon', id: 'mastodon.example/113434000000000004', createdAt: Date.parse('2024-11-05T21:00:00Z'), text: '', lang: null, author: '<mastodon:secretalice@mastodon.example>', isRepost: true, repostOf: 'other.example/113400000000000777', replyTo: null, quoteOf: null, placeName: null, placeCountry: null, userLocation: null, format: 'mastodon' }],
      skipped: 0,
      errors: [],
    });
    // The API's reblog of the same status: one id, author and link.
    const reblog = apiStatus('113434000000000004', { uri: `${ALICE}/statuses/113434000000000004/activity`, content: '', reblog: apiStatus('113400000000000777', { uri: 'https://other.example/users/SecretBob/statuses/113400000000000777', account: { acct: 'SecretBob@other.example' } }) });
    expect(parseRecord(reblog, null, ctx).posts[0]).toMatchObject({ id: 'mastodon.example/113434000000000004', author: '<mastodon:secretalice@mastodon.example>', repostOf: 'other.example/113400000000000777' });
  });

  it('reads an archive outbox item by item: followers-only and direct statuses skipped, a bad item reported alone', () => {
    const followers = note('113434000000000005', { to: [`${ALICE}/followers`], cc: [] });
    const direct = note('113434000000000006', { to: ['https://other.example/users/SecretBob'], cc: [] });
    const unlisted = note('113434000000000007', { to: [`${ALICE}/followers`], cc: [AS_PUBLIC] });
    const noContent = note('113434000000000008');
    delete noContent.content;
    const doc = outbox([create(note('113434000000000001')), create(followers), create(direct), create(noContent), announce('113434000000000004', 'https://other.example/users/SecretBob/statuses/1'), create(unlisted), 'https://mastodon.example/x', { id: 'x' }]);
    expect(detectRecordFormat(doc)).toBe('mastodon');
    const parsed = parseRecord(doc, null, ctx);
    expect(parsed.posts.map((p) => p.id)).toEqual(['mastodon.example/113434000000000001', 'mastodon.example/113434000000000004', 'mastodon.example/113434000000000007']);
    // A link (as likes.json and bookmarks.json list others' statuses) is skipped.
    expect(parsed.skipped).toBe(3);
    expect(parsed.errors).toEqual(['orderedItems[3]: activitypub note: content: missing', 'orderedItems[7]: activitypub: type: missing']);
    expect(parseRecord(doc, 'mastodon', ctx)).toEqual(parsed);
  });

  it("skips the other files of an account archive: likes.json and bookmarks.json (links to others' statuses), actor.json (the account)", () => {
    const likes = { '@context': 'https://www.w3.org/ns/activitystreams', id: 'likes.json', type: 'OrderedCollection', orderedItems: ['https://mastodon.example/users/SecretBob/statuses/1', 'https://other.example/users/carol/statuses/2'] };
    expect(parseRecord(likes, null, ctx)).toMatchObject({ posts: [], skipped: 2, errors: [] });
    const actor = { '@context': ['https://www.w3.org/ns/activitystreams'], id: 'https://mastodon.example/users/alice', type: 'Person', preferredUsername: 'alice', name: 'Alice', summary: '<p>bio</p>' };
    expect(detectRecordFormat(actor)).toBe('mastodon');
    expect(parseRecord(actor, null, ctx)).toMatchObject({ posts: [], skipped: 1, errors: [] });
  });

  it('never keeps an account name or actor URL, in any field', () => {
    const doc = outbox([create(note('113434000000000001', { inReplyTo: `${HOST}/users/SecretCarol/statuses/9` })), announce('113434000000000004', 'https://other.example/users/SecretBob/statuses/1')]);
    const kept = JSON.stringify(parseRecord(doc, null, { pseudonym: (_p, v) => `p${v.length}`, platform: 'generic' }).posts);
    expect(kept).not.toMatch(/secret|\/users\//i);
  });

  it('reads a page of an outbox as fetched from its URL, a Note alone, and an Update (an edit) of one', () => {
    const page = {
      '@context': CONTEXT,
      id: `${ALICE}/outbox?page=true`,
      type: 'OrderedCollectionPage',
      next: `${ALICE}/outbox?max_id=113434000000000001&page=true`,
      prev: `${ALICE}/outbox?min_id=113434000000000004&page=true`,
      partOf: `${ALICE}/outbox`,
      orderedItems: [announce('113434000000000004', 'https://other.example/users/SecretBob/statuses/1'), create(note('113434000000000001'))],
    };
    expect(parseRecord(page, null, ctx).posts.map((p) => p.id)).toEqual(['mastodon.example/113434000000000004', 'mastodon.example/113434000000000001']);
    // The outbox's own document only links to its pages: no posts, a record skipped.
    expect(parseRecord({ '@context': CONTEXT, id: `${ALICE}/outbox`, type: 'OrderedCollection', totalItems: 1234, first: `${ALICE}/outbox?page=true`, last: `${ALICE}/outbox?min_id=0&page=true` }, null, ctx)).toEqual({ posts: [], skipped: 1, errors: [] });
    const alone = { '@context': CONTEXT, ...note('113434000000000001') };
    expect(parseRecord(alone, null, ctx).posts).toEqual(parseRecord(apiStatus('113434000000000001'), null, ctx).posts);
    const edit = { id: `${ALICE}/statuses/113434000000000001#updates/1730840000`, type: 'Update', actor: ALICE, published: '2024-11-05T20:20:00Z', to: [AS_PUBLIC], cc: [], object: note('113434000000000001', { content: '<p>edited</p>', updated: '2024-11-05T20:20:00Z' }) };
    expect(parseRecord({ '@context': CONTEXT, ...edit }, null, ctx).posts[0]).toMatchObject({ id: 'mastodon.example/113434000000000001', text: 'edited' });
  });

  it('skips activities that make no post, and says what is wrong with a Note that cannot be read', () => {
    for (const activity of [
      { id: `${ALICE}#likes/1`, type: 'Like', actor: ALICE, object: 'https://other.example/users/SecretBob/statuses/1' },
      { id: `${ALICE}/statuses/1#delete`, type: 'Delete', actor: ALICE, object: { id: `${ALICE}/statuses/1`, type: 'Tombstone' }, to: [AS_PUBLIC] },
      // A status given by its URL alone has no text to read.
      { id: `${ALICE}/statuses/2/activity`, type: 'Create', actor: ALICE, object: `${ALICE}/statuses/2`, to: [AS_PUBLIC] },
    ]) {
      expect(parseRecord({ '@context': CONTEXT, ...activity }, null, ctx)).toEqual({ posts: [], skipped: 1, errors: [] });
    }
    expect(() => parseRecord(create(note('1', { published: 'yesterday' })), null, ctx)).toThrow('published: expected an ISO 8601 date');
    expect(() => parseRecord(create(note('1', { inReplyTo: 'not a link' })), null, ctx)).toThrow('activitypub note: inReplyTo: expected an https URL ending in the status id, found a text of 10 characters');
    expect(() => parseRecord({ ...announce('1', 'https://other.example/users/SecretBob/statuses/1'), object: undefined }, null, ctx)).toThrow('activitypub announce: object: missing');
  });

  it('keys an actor named otherwise than /users/NAME by its URL, pseudonymised like any key', () => {
    const actor = 'https://pleroma.example/objects/actor/SecretDan';
    expect(parseRecord(create(note('113434000000000001', { attributedTo: actor })), null, ctx).posts[0]!.author).toBe(`<mastodon:${actor}>`);
  });
});
