import { describe, expect, it } from 'vitest';
import type { FormatContext } from './index';
import { csvHeaderMapping, csvRowToRecord, parseRecord } from './index';
import { postRef } from './post-ref';

const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };
const ref = (value: string) => postRef(ctx, 'generic', value);

describe('postRef', () => {
  it('keeps ids as they are, and the ids the readers store', () => {
    for (const id of ['1600000000000000001', 'g0', 't3_abc', '123_456', 'UgzA-b.c:d', 'mastodon.social/1099', '0123456789abcdef/3kxyz']) expect(ref(id)).toBe(id);
  });

  it("turns a post's address into the id its platform's reader stores, without the account", () => {
    expect(ref('https://twitter.com/alice/status/1600000000000000001')).toBe('1600000000000000001');
    expect(ref('https://x.com/alice/status/1600000000000000001?s=20')).toBe('1600000000000000001');
    expect(ref('twitter.com/alice/status/123')).toBe('123');
    expect(ref('https://m.twitter.com/i/web/status/42')).toBe('42');
    expect(ref('https://Mastodon.Social/@alice/109000000000000001')).toBe('mastodon.social/109000000000000001');
    expect(ref('mastodon.social/users/alice/statuses/109000000000000001')).toBe('mastodon.social/109000000000000001');
    expect(ref('https://bsky.app/profile/did:plc:abc123/post/3kxyz')).toBe('<bluesky:did:plc:abc123>/3kxyz');
    expect(ref('at://did:plc:abc123/app.bsky.feed.post/3kxyz')).toBe('<bluesky:did:plc:abc123>/3kxyz');
  });

  it('keeps anything else that may name an account as its pseudonym: never in clear, the same for the same value', () => {
    for (const value of [
      '@alice',
      'did:plc:alice',
      'https://bsky.app/profile/alice.bsky.social/post/3kxyz',
      'at://alice.bsky.social/app.bsky.feed.post/3kxyz',
      'https://mastodon.social/@alice@other.host/123',
      'https://www.youtube.com/watch?v=abc',
      'alice/123',
      "[{'screen_name': 'alice', 'id': '12'}]",
    ]) {
      expect(ref(value)).toBe(`<generic:ref:${value}>`);
    }
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

  it('store a link or an id that may name an account as its pseudonym, so that a post and the links to it meet', () => {
    const [reply] = read(['3', 'yes', '2016-06-20T10:00:00Z', '@bob', '', '']).posts;
    expect(reply).toMatchObject({ replyTo: '<twitter:ref:@bob>' });
    const channel = parseRecord({ id: 'news_channel/12', text: 'x', created_at: '2016-06-20T10:00:00Z' }, null, ctx).posts[0]!;
    const answer = parseRecord({ id: 'g2', text: 'y', created_at: '2016-06-20T10:00:00Z', reply_to: 'news_channel/12' }, null, ctx).posts[0]!;
    expect(answer.replyTo).toBe(channel.id);
    expect(JSON.stringify([reply, channel, answer]).replace(/<[^>]*>/g, '')).not.toMatch(/bob|news_channel/);
  });
});
