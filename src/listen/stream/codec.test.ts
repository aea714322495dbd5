import { describe, expect, it } from 'vitest';
import type { Post } from '../post';
import { decodeEntry, encodeEntry } from './codec';

const post: Post = {
  platform: 'twitter', id: '1', createdAt: Date.UTC(2016, 5, 20), text: 'Vote leave', lang: 'en', author: '0123456789abcdef',
  isRepost: false, repostOf: null, replyTo: null, quoteOf: null, placeName: null, placeCountry: null, userLocation: null, format: 'generic',
};

describe('decodeEntry', () => {
  it('gives back the posts a producer encoded', () => {
    const posts = [post, { ...post, id: '2', author: null }];
    expect(decodeEntry('1-0', encodeEntry(posts, 'key1'), 'key1').posts).toEqual(posts);
  });

  it('refuses an author that is not a pseudonym: a raw handle never reaches the store', () => {
    for (const author of ['raw-handle-alice', '@alice', '0123456789ABCDEF', '0123456789abcdef0']) {
      expect(() => decodeEntry('1-0', encodeEntry([post, { ...post, id: '2', author }], 'key1'), 'key1')).toThrow(/entry 1-0: not a list of posts: at 1\.author: expected a pseudonym \(16 hex digits\)/);
    }
  });

  it('refuses posts made under another key, naming both fingerprints', () => {
    expect(() => decodeEntry('1-0', encodeEntry([post], 'key1'), 'key2')).toThrow(/pseudonymised with key key1, but this worker's key is key2/);
  });

  it('says when an entry has no posts at all, apart from posts that are not JSON', () => {
    const [v, version, k, key] = encodeEntry([post], 'key1');
    expect(() => decodeEntry('1-0', [v!, version!, k!, key!, 'n', '1'], 'key1')).toThrow('entry 1-0: expected a posts field (the posts as JSON), found only v, k, n');
    expect(() => decodeEntry('1-0', [v!, version!, k!, key!, 'posts', '[{'], 'key1')).toThrow(/entry 1-0: posts are not valid JSON/);
  });
});
