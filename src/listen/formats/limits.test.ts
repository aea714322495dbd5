import { describe, expect, it } from 'vitest';
import { formatContext, parseRecord } from './index';
import { MAX_ID_CHARS } from './limits';
import { describeUri } from './types';

const ctx = formatContext({ pseudonym: (_p, v) => `p${v.length}` }, 'web');
const post = (extra: Record<string, unknown>) => ({ id: '1', text: 'Vote remain', created_at: '2016-06-20T10:00:00Z', ...extra });

describe('posts made fit for both stores at the door', () => {
  it('drops NUL characters from every text field', () => {
    const parsed = parseRecord(post({ text: 'a\u0000b', user_location: 'Leeds\u0000' }), null, ctx);
    expect(parsed.posts.map((p) => [p.text, p.userLocation])).toEqual([['ab', 'Leeds']]);
    expect(parsed.errors).toEqual([]);
  });

  it('makes a post whose id, or the id it refers to, is too long to index an item error', () => {
    expect(parseRecord(post({ id: 'x'.repeat(MAX_ID_CHARS) }), null, ctx).posts).toHaveLength(1);
    const long = parseRecord(post({ id: 'x'.repeat(20_004) }), null, ctx);
    expect([long.posts.length, long.errors]).toEqual([0, ['generic post: id: at most 256 characters, found 20004']]);
    expect(parseRecord(post({ repost_of: 'y'.repeat(300) }), null, ctx).errors).toEqual(['generic post: repostOf: at most 256 characters, found 300']);
  });
});

describe('describeUri', () => {
  it('says what a bad uri is like without repeating the account it names', () => {
    const text = describeUri('https://bsky.app/profile/jane-doe.bsky.social/post/3k2abc');
    expect(text).toBe('a https: URI of 57 characters');
    expect(describeUri('did:plc:secretperson')).toBe('a did: URI of 20 characters');
    expect(describeUri('jane')).toBe('a text of 4 characters');
  });
});
