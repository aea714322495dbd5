import { describe, expect, it } from 'vitest';
import type { FormatContext } from './index';
import { csvHeaderMapping, csvRowToRecord, parseRecord } from './index';
import { postRef } from './post-ref';

const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };

describe('postRef', () => {
  it('keeps ids as they are', () => {
    for (const id of ['1600000000000000001', 'g0', 't3_abc', '123_456', 'mastodon.social/1099', 'UgzA-b.c:d']) expect(postRef(ctx, id, 'reply_to')).toBe(id);
  });

  it("turns a post's address into the id its platform's reader stores, without the account", () => {
    expect(postRef(ctx, 'https://twitter.com/alice/status/1600000000000000001', 'id')).toBe('1600000000000000001');
    expect(postRef(ctx, 'https://x.com/alice/status/1600000000000000001?s=20', 'reply_to')).toBe('1600000000000000001');
    expect(postRef(ctx, 'https://mobile.twitter.com/i/web/status/42', 'quote_of')).toBe('42');
    expect(postRef(ctx, 'https://Mastodon.Social/@alice/109000000000000001', 'reply_to')).toBe('mastodon.social/109000000000000001');
    expect(postRef(ctx, 'https://mastodon.social/users/alice/statuses/109000000000000001', 'repost_of')).toBe('mastodon.social/109000000000000001');
    expect(postRef(ctx, 'https://bsky.app/profile/did:plc:abc123/post/3kxyz', 'quote_of')).toBe('<bluesky:did:plc:abc123>/3kxyz');
    expect(postRef(ctx, 'at://did:plc:abc123/app.bsky.feed.post/3kxyz', 'reply_to')).toBe('<bluesky:did:plc:abc123>/3kxyz');
  });

  it('refuses what names an account, saying what it is like and not what it holds', () => {
    const cases: [string, RegExp][] = [
      ['@alice', /^reply_to: expected the id of a post or its address .* found an @handle of 6 characters/],
      ['https://bsky.app/profile/alice.bsky.social/post/3kxyz', /found a https: URI of 53 characters that is neither/],
      ['https://twitter.com/alice', /found a https: URI of 25 characters/],
      ["[{'screen_name': 'alice', 'name': 'Alice', 'id': '12'}]", /found a text of 55 characters with blanks, quotes, brackets or an @/],
      ['alice@example.org', /with blanks, quotes, brackets or an @/],
    ];
    for (const [value, message] of cases) {
      expect(() => postRef(ctx, value, 'reply_to')).toThrow(message);
      try {
        postRef(ctx, value, 'reply_to');
      } catch (error) {
        expect((error as Error).message).not.toMatch(/alice/i);
      }
    }
    expect(() => postRef(ctx, 'https://twitter.com/alice', 'id')).toThrow(/^id: expected the post's id or its address/);
  });
});

describe('generic records and CSV rows', () => {
  const header = ['id', 'text', 'created_at', 'reply_to', 'quoted_status_id', 'retweet_of'];
  const read = (row: string[]) => parseRecord(csvRowToRecord(row, csvHeaderMapping(header, 'f.csv'), header.length), 'csv', { ...ctx, platform: 'twitter' });

  it("store a post's links as ids, addresses turned into ids", () => {
    const [post] = read(['https://twitter.com/alice/status/3', 'yes', '2016-06-20T10:00:00Z', 'https://x.com/bob/status/2', '1', '']).posts;
    expect(post).toMatchObject({ id: '3', replyTo: '2', quoteOf: '1', repostOf: null, isRepost: false });
    expect(JSON.stringify(post)).not.toMatch(/alice|bob/);
    const json = parseRecord({ id: 'g1', text: 'RT', created_at: '2016-06-20T10:00:00Z', repost_of: 'https://mastodon.social/@bob/7' }, null, ctx).posts[0];
    expect(json).toMatchObject({ isRepost: true, repostOf: 'mastodon.social/7' });
  });

  it('refuse a row whose link names an account, and store nothing of it', () => {
    expect(() => read(['3', 'yes', '2016-06-20T10:00:00Z', '@bob', '', ''])).toThrow(/^reply_to: expected the id of a post .* an @handle of 4 characters/);
    expect(() => parseRecord({ id: 'g1', text: 'x', created_at: '2016-06-20T10:00:00Z', quote_of: 'https://bsky.app/profile/bob.bsky.social/post/3k' }, null, ctx)).toThrow(/^quote_of: expected the id of a post/);
  });
});
