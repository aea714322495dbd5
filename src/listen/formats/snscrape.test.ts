import { describe, expect, it } from 'vitest';
import type { FormatContext } from './index';
import { detectRecordFormat, parseRecord } from './index';

const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };

// Lines as `snscrape --jsonl twitter-search …` writes them (0.6/0.7): ids as JSON numbers, which
// pass 2^53 and are rounded once read; every deprecated property written beside its successor.
const USER_ALICE =
  '{"_type": "snscrape.modules.twitter.User", "username": "AliceVotes", "id": 1498629119800246273, "displayname": "Alice Smith \\ud83c\\udf39", "rawDescription": "Mum of two. Labour member. DMs open", "renderedDescription": "Mum of two. Labour member. DMs open", "descriptionLinks": null, "verified": false, "created": "2022-03-01T12:00:00+00:00", "followersCount": 120, "friendsCount": 300, "statusesCount": 4012, "favouritesCount": 998, "listedCount": 1, "mediaCount": 10, "location": "Leeds, England", "protected": false, "link": null, "profileImageUrl": "https://pbs.twimg.com/profile_images/1498629/alice_normal.jpg", "profileBannerUrl": null, "label": null, "descriptionUrls": null, "linkTcourl": null, "linkUrl": null, "url": "https://twitter.com/AliceVotes"}';
const USER_BOB =
  '{"_type": "snscrape.modules.twitter.User", "username": "bob_campaign", "id": 12345678, "displayname": "Bob O\'Neill", "rawDescription": "Councillor, Headingley", "renderedDescription": "Councillor, Headingley", "descriptionLinks": null, "verified": true, "created": "2009-05-01T09:00:00+00:00", "followersCount": 5210, "friendsCount": 800, "statusesCount": 22000, "favouritesCount": 5000, "listedCount": 40, "mediaCount": 300, "location": "Headingley", "protected": false, "link": null, "profileImageUrl": "https://pbs.twimg.com/profile_images/12345678/bob_normal.jpg", "profileBannerUrl": null, "label": null, "url": "https://twitter.com/bob_campaign"}';
const USER_CAROL = '{"_type": "snscrape.modules.twitter.User", "username": "carol_mp", "id": 555666777, "displayname": "Carol Jones MP", "location": "Westminster", "url": "https://twitter.com/carol_mp"}';
const USER_DAVE = '{"_type": "snscrape.modules.twitter.User", "username": "dave_leeds", "id": 1019283746, "displayname": "Dave", "location": "", "url": "https://twitter.com/dave_leeds"}';

const REPLY = `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/AliceVotes/status/1612362464752566289", "date": "2023-01-09T08:15:42+00:00", "rawContent": "@bob_campaign Totally agree, the NHS needs proper funding https://t.co/AbC123xyz", "renderedContent": "@bob_campaign Totally agree, the NHS needs proper funding nhs.uk/funding", "id": 1612362464752566289, "user": ${USER_ALICE}, "replyCount": 0, "retweetCount": 1, "likeCount": 3, "quoteCount": 0, "conversationId": 1612343412546076771, "lang": "en", "source": "<a href=\\"http://twitter.com/download/iphone\\" rel=\\"nofollow\\">Twitter for iPhone</a>", "sourceUrl": "http://twitter.com/download/iphone", "sourceLabel": "Twitter for iPhone", "links": [{"_type": "snscrape.modules.twitter.TextLink", "text": "nhs.uk/funding", "url": "https://www.nhs.uk/funding", "tcourl": "https://t.co/AbC123xyz", "indices": [58, 81]}], "media": null, "retweetedTweet": null, "quotedTweet": null, "inReplyToTweetId": 1612343412546076771, "inReplyToUser": ${USER_BOB}, "mentionedUsers": [${USER_BOB}], "coordinates": {"_type": "snscrape.modules.twitter.Coordinates", "longitude": -1.5491, "latitude": 53.8008}, "place": {"_type": "snscrape.modules.twitter.Place", "fullName": "Leeds, England", "name": "Leeds", "type": "city", "country": "United Kingdom", "countryCode": "GB"}, "hashtags": null, "cashtags": null, "card": null, "viewCount": 240, "vibe": null, "content": "@bob_campaign Totally agree, the NHS needs proper funding https://t.co/AbC123xyz", "outlinks": ["https://www.nhs.uk/funding"], "outlinksss": "https://www.nhs.uk/funding", "tcooutlinks": ["https://t.co/AbC123xyz"], "tcooutlinksss": "https://t.co/AbC123xyz", "username": "AliceVotes", "_snscrape": "0.6.2.20230320"}`;

const ORIGINAL = `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/carol_mp/status/1612203785004777484", "date": "2023-01-08T21:45:10+00:00", "rawContent": "Polls open at 7am on Thursday. Bring photo ID, and ask @bob_campaign if you need a lift! #GE2023", "renderedContent": "Polls open at 7am on Thursday. Bring photo ID, and ask @bob_campaign if you need a lift! #GE2023", "id": 1612203785004777484, "user": ${USER_CAROL}, "replyCount": 4, "retweetCount": 80, "likeCount": 200, "quoteCount": 2, "conversationId": 1612203785004777484, "lang": "en", "retweetedTweet": null, "quotedTweet": null, "inReplyToTweetId": null, "inReplyToUser": null, "mentionedUsers": [${USER_BOB}], "coordinates": null, "place": null, "hashtags": ["GE2023"], "content": "Polls open at 7am on Thursday. Bring photo ID, and ask @bob_campaign if you need a lift! #GE2023", "username": "carol_mp"}`;

const RETWEET = `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/dave_leeds/status/1612381160862646316", "date": "2023-01-09T09:30:00+00:00", "rawContent": "RT @carol_mp: Polls open at 7am on Thursday. Bring photo ID, and ask @bob_campaign if you need a lift! #GE\\u2026", "renderedContent": "RT @carol_mp: Polls open at 7am on Thursday. Bring photo ID, and ask @bob_campaign if you need a lift! #GE\\u2026", "id": 1612381160862646316, "user": ${USER_DAVE}, "replyCount": 0, "retweetCount": 80, "likeCount": 0, "quoteCount": 0, "conversationId": 1612381160862646316, "lang": "en", "retweetedTweet": ${ORIGINAL}, "quotedTweet": null, "inReplyToTweetId": null, "inReplyToUser": null, "mentionedUsers": [${USER_CAROL}, ${USER_BOB}], "coordinates": null, "place": null, "content": "RT @carol_mp: Polls open at 7am on Thursday. Bring photo ID, and ask @bob_campaign if you need a lift! #GE\\u2026", "username": "dave_leeds", "_snscrape": "0.6.2.20230320"}`;

const QUOTE = `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/bob_campaign/status/1612343412546076771", "date": "2023-01-09T07:00:00+00:00", "rawContent": "This is exactly why we knock on doors https://t.co/q1W2e3", "renderedContent": "This is exactly why we knock on doors twitter.com/carol_mp/statu\\u2026", "id": 1612343412546076771, "user": ${USER_BOB}, "replyCount": 0, "retweetCount": 0, "likeCount": 9, "quoteCount": 0, "conversationId": 1612343412546076771, "lang": "en", "retweetedTweet": null, "quotedTweet": ${ORIGINAL}, "inReplyToTweetId": null, "inReplyToUser": null, "mentionedUsers": null, "coordinates": null, "place": null, "content": "This is exactly why we knock on doors https://t.co/q1W2e3", "username": "bob_campaign", "_snscrape": "0.6.2.20230320"}`;

// `snscrape --jsonl-for-buggy-int-parser`: every number past 2^53 also as a text, `KEY.str`.
const EXACT = `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/AliceVotes/status/1612362464752566289", "date": "2023-01-09T08:15:42+00:00", "rawContent": "@bob_campaign Totally agree", "id": 1612362464752566289, "id.str": "1612362464752566289", "user": {"_type": "snscrape.modules.twitter.User", "username": "AliceVotes", "id": 1498629119800246273, "id.str": "1498629119800246273", "displayname": "Alice Smith", "location": "Leeds, England"}, "conversationId": 1612343412546076771, "conversationId.str": "1612343412546076771", "lang": "en", "inReplyToTweetId": 1612343412546076771, "inReplyToTweetId.str": "1612343412546076771", "inReplyToUser": ${USER_BOB}, "mentionedUsers": [${USER_BOB}], "place": {"_type": "snscrape.modules.twitter.Place", "fullName": "Leeds, England", "name": "Leeds", "type": "city", "country": "United Kingdom", "countryCode": "GB"}, "retweetedTweet": null, "quotedTweet": null, "_snscrape": "0.6.2.20230320"}`;

// snscrape 0.3/0.4 (2021): no `_type`, the text in `content`, the user's description under `description`.
const OLD = `{"url": "https://twitter.com/AliceVotes/status/1366334004325023745", "date": "2021-03-01T10:12:00+00:00", "content": "Vote for @carol_mp on Thursday", "renderedContent": "Vote for @carol_mp on Thursday", "id": 1366334004325023745, "user": {"username": "AliceVotes", "displayname": "Alice Smith", "id": 1234567, "description": "Mum of two", "rawDescription": "Mum of two", "descriptionUrls": [], "verified": false, "created": "2015-01-01T00:00:00+00:00", "followersCount": 100, "friendsCount": 80, "statusesCount": 900, "favouritesCount": 10, "listedCount": 0, "mediaCount": 1, "location": "Leeds", "protected": false, "linkUrl": null, "linkTcourl": null, "profileImageUrl": "https://pbs.twimg.com/profile_images/1/a_normal.jpg", "profileBannerUrl": null}, "outlinks": [], "tcooutlinks": [], "replyCount": 0, "retweetCount": 0, "likeCount": 1, "quoteCount": 0, "conversationId": 1366334004325023745, "lang": "en", "source": "<a href=\\"https://mobile.twitter.com\\" rel=\\"nofollow\\">Twitter Web App</a>", "sourceUrl": "https://mobile.twitter.com", "sourceLabel": "Twitter Web App", "media": null, "retweetedTweet": null, "quotedTweet": null, "mentionedUsers": [{"username": "carol_mp", "displayname": "Carol Jones MP", "id": 555666777}], "coordinates": null, "place": null}`;

const parse = (line: string) => parseRecord(JSON.parse(line), null, ctx);

describe('snscrape', () => {
  it('reads a reply as the v1.1 reader reads it: exact id from the link, place, location, mention by id; a parent id past 2^53 left out', () => {
    expect(detectRecordFormat(JSON.parse(REPLY) as Record<string, unknown>)).toBe('snscrape');
    const { posts, skipped, errors } = parse(REPLY);
    expect({ skipped, errors }).toEqual({ skipped: 0, errors: [] });
    expect(posts).toEqual([
      {
        platform: 'twitter',
        id: '1612362464752566289',
        createdAt: Date.UTC(2023, 0, 9, 8, 15, 42),
        text: '@u_<twitter:12345678> Totally agree, the NHS needs proper funding https://t.co/AbC123xyz',
        lang: 'en',
        // The author's id is past 2^53 and not exact once read: keyed by handle, as a mention of it without its id.
        author: '<twitter:handle:alicevotes>',
        isRepost: false,
        repostOf: null,
        replyTo: null,
        quoteOf: null,
        placeName: 'Leeds, England',
        placeCountry: 'GB',
        userLocation: 'Leeds, England',
        format: 'snscrape',
      },
    ]);
  });

  it('pseudonymises no author where posts are only classified', () => {
    expect(parseRecord(JSON.parse(REPLY), null, { ...ctx, author: () => null }).posts[0]).toEqual({ ...parse(REPLY).posts[0], author: null });
  });

  it('gives, with the exact ids of --jsonl-for-buggy-int-parser, the post the v1.1 reader gives for the same tweet', () => {
    const v1 = {
      created_at: 'Mon Jan 09 08:15:42 +0000 2023',
      id_str: '1612362464752566289',
      full_text: '@bob_campaign Totally agree',
      lang: 'en',
      user: { id_str: '1498629119800246273', screen_name: 'AliceVotes', name: 'Alice Smith', location: 'Leeds, England' },
      place: { full_name: 'Leeds, England', country_code: 'GB' },
      entities: { user_mentions: [{ screen_name: 'bob_campaign', id_str: '12345678' }] },
      in_reply_to_status_id_str: '1612343412546076771',
    };
    const [fromV1] = parseRecord(v1, null, ctx).posts;
    expect(parse(EXACT).posts).toEqual([{ ...fromV1, format: 'snscrape' }]);
    expect(fromV1).toMatchObject({ author: '<twitter:1498629119800246273>', replyTo: '1612343412546076771' });
  });

  it("reads a retweet as v1.1 does: the original's full text, the original's id, the retweeter as author", () => {
    const [post] = parse(RETWEET).posts;
    expect(post).toMatchObject({
      id: '1612381160862646316',
      author: '<twitter:1019283746>',
      isRepost: true,
      repostOf: '1612203785004777484',
      text: 'Polls open at 7am on Thursday. Bring photo ID, and ask @u_<twitter:12345678> if you need a lift! #GE2023',
      userLocation: null,
    });
    // A retweet whose original could not be read (TweetRef): its own text, without "RT @…: ".
    const ref = JSON.parse(RETWEET) as Record<string, unknown>;
    ref.retweetedTweet = JSON.parse('{"_type": "snscrape.modules.twitter.TweetRef", "id": 1612203785004777484}');
    expect(parseRecord(ref, null, ctx).posts[0]).toMatchObject({ isRepost: true, repostOf: null, text: 'Polls open at 7am on Thursday. Bring photo ID, and ask @u_<twitter:12345678> if you need a lift! #GE…' });
  });

  it('links a quote to the tweet it quotes, and keeps nothing of the quoted tweet', () => {
    const [post] = parse(QUOTE).posts;
    expect(post).toMatchObject({ id: '1612343412546076771', author: '<twitter:12345678>', isRepost: false, quoteOf: '1612203785004777484', text: 'This is exactly why we knock on doors https://t.co/q1W2e3' });
  });

  it('reads the lines of snscrape before 0.4 (no _type, text in content)', () => {
    expect(detectRecordFormat(JSON.parse(OLD) as Record<string, unknown>)).toBe('snscrape');
    expect(parse(OLD).posts[0]).toMatchObject({ id: '1366334004325023745', author: '<twitter:1234567>', text: 'Vote for @u_<twitter:555666777> on Thursday', userLocation: 'Leeds', format: 'snscrape' });
    // On x.com too.
    const x = JSON.parse(OLD) as Record<string, unknown>;
    x.url = 'https://x.com/AliceVotes/status/1366334004325023745';
    expect(detectRecordFormat(x)).toBe('snscrape');
  });

  it('skips the account line of --with-entity and tweets it could not read; refuses another module', () => {
    expect(parse(`${USER_ALICE.slice(0, -1)}, "_snscrape": "0.6.2.20230320"}`)).toEqual({ posts: [], skipped: 1, errors: [] });
    expect(parse('{"_type": "snscrape.modules.twitter.Tombstone", "id": 1612203785004777484, "text": "This Tweet was deleted by the Tweet author.", "textLinks": null}')).toEqual({ posts: [], skipped: 1, errors: [] });
    expect(() => parseRecord({ _type: 'snscrape.modules.mastodon.Toot', url: 'https://mastodon.social/@a/1' }, 'snscrape', ctx)).toThrow(
      'snscrape tweet: _type: expected snscrape.modules.twitter.Tweet, found "snscrape.modules.mastodon.Toot"',
    );
    // A value that is no dotted class name may be a handle: described, not quoted.
    expect(() => parseRecord({ _type: 'alice_smith', url: 'https://twitter.com/a/status/1' }, 'snscrape', ctx)).toThrow('snscrape tweet: _type: expected snscrape.modules.twitter.Tweet, found a text of 11 characters');
  });

  it('says what is wrong with a bad tweet without quoting its link or its author', () => {
    const noDate = JSON.parse(REPLY) as Record<string, unknown>;
    delete noDate.date;
    expect(() => parseRecord(noDate, null, ctx)).toThrow('snscrape tweet: date: missing');
    const noLink = JSON.parse(REPLY) as Record<string, unknown>;
    noLink.url = 'https://twitter.com/AliceVotes';
    let message = '';
    try {
      parseRecord(noLink, 'snscrape', ctx);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('snscrape tweet: id: expected a link to the tweet in url, id.str or an id below 2^53, found a number of 19 digits (past 2^53, not exact in JSON)');
    const badDate = JSON.parse(REPLY) as Record<string, unknown>;
    badDate.date = 'AliceVotes';
    expect(() => parseRecord(badDate, null, ctx)).toThrow('date: expected an ISO 8601 date, a Twitter date or epoch seconds/milliseconds, found a text of 10 characters');
  });
});
