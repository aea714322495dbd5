import type { Post } from '../../src/listen/post';

/** A post with every field set, for tests; override what the test is about. */
export function samplePost(overrides: Partial<Post> = {}): Post {
  return {
    platform: 'twitter',
    id: '1',
    createdAt: Date.UTC(2016, 5, 20),
    text: 'post',
    lang: 'en',
    author: 'a1b2c3d4e5f60718',
    isRepost: false,
    repostOf: null,
    replyTo: null,
    quoteOf: null,
    placeName: null,
    placeCountry: null,
    userLocation: null,
    format: 'generic',
    ...overrides,
  };
}
