import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';

const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };

// What the files name of the accounts: none of it may reach the store.
const ACCOUNTS = ['AliceVotes', 'Alice Smith', 'bob_campaign', "Bob O'Neill", 'carol_mp', 'Carol Jones', 'dave_leeds', 'Dave Hill', 'Mum of two', 'pbs.twimg.com', 'profile_images'];
const ACCOUNT_IDS = ['1498629119800246273', '1019283746', '12345678', '555666777'];

const alice =
  '{"_type": "snscrape.modules.twitter.User", "username": "AliceVotes", "id": 1498629119800246273, "displayname": "Alice Smith", "rawDescription": "Mum of two", "renderedDescription": "Mum of two", "verified": false, "created": "2022-03-01T12:00:00+00:00", "followersCount": 120, "location": "Leeds, England", "protected": false, "profileImageUrl": "https://pbs.twimg.com/profile_images/1498629/alice_normal.jpg", "url": "https://twitter.com/AliceVotes"}';
const bob = '{"_type": "snscrape.modules.twitter.User", "username": "bob_campaign", "id": 12345678, "displayname": "Bob O\'Neill", "location": "Headingley", "url": "https://twitter.com/bob_campaign"}';
const carol = '{"_type": "snscrape.modules.twitter.User", "username": "carol_mp", "id": 555666777, "displayname": "Carol Jones MP", "location": "Westminster", "url": "https://twitter.com/carol_mp"}';
const dave = '{"_type": "snscrape.modules.twitter.User", "username": "dave_leeds", "id": 1019283746, "displayname": "Dave Hill", "location": "", "url": "https://twitter.com/dave_leeds"}';
const original = `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/carol_mp/status/1612203785004777484", "date": "2023-01-08T21:45:10+00:00", "rawContent": "Polls open at 7am on Thursday, ask @bob_campaign for a lift", "id": 1612203785004777484, "user": ${carol}, "lang": "en", "mentionedUsers": [${bob}], "retweetedTweet": null, "quotedTweet": null, "username": "carol_mp"}`;

const SNSCRAPE = [
  // --with-entity: the account searched first.
  `${alice.slice(0, -1)}, "_snscrape": "0.6.2.20230320"}`,
  `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/AliceVotes/status/1612362464752566289", "date": "2023-01-09T08:15:42+00:00", "rawContent": "@bob_campaign Totally agree, the NHS needs proper funding", "renderedContent": "@bob_campaign Totally agree, the NHS needs proper funding", "id": 1612362464752566289, "user": ${alice}, "replyCount": 0, "retweetCount": 1, "likeCount": 3, "quoteCount": 0, "conversationId": 1612343412546076771, "lang": "en", "inReplyToTweetId": 1612343412546076771, "inReplyToUser": ${bob}, "mentionedUsers": [${bob}], "coordinates": {"longitude": -1.5491, "latitude": 53.8008}, "place": {"_type": "snscrape.modules.twitter.Place", "fullName": "Leeds, England", "name": "Leeds", "type": "city", "country": "United Kingdom", "countryCode": "GB"}, "retweetedTweet": null, "quotedTweet": null, "content": "@bob_campaign Totally agree, the NHS needs proper funding", "username": "AliceVotes", "_snscrape": "0.6.2.20230320"}`,
  `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/dave_leeds/status/1612381160862646316", "date": "2023-01-09T09:30:00+00:00", "rawContent": "RT @carol_mp: Polls open at 7am on Thursday, ask @bob_campaign for a lift", "id": 1612381160862646316, "user": ${dave}, "lang": "en", "retweetedTweet": ${original}, "quotedTweet": null, "mentionedUsers": [${carol}, ${bob}], "username": "dave_leeds", "_snscrape": "0.6.2.20230320"}`,
  `{"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/bob_campaign/status/1612343412546076771", "rawContent": "No date on this one", "id": 1612343412546076771, "user": ${bob}, "lang": "en", "username": "bob_campaign"}`,
];

/** A CSV line as Python's csv module writes it (twint's --csv): quoted only where needed, quotes doubled, CRLF. */
const csvLine = (cells: string[]): string => `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\r\n`;
const HEADER =
  'id,conversation_id,created_at,date,time,timezone,user_id,username,name,place,tweet,language,mentions,urls,photos,replies_count,retweets_count,likes_count,hashtags,cashtags,link,retweet,quote_url,video,thumbnail,near,geo,source,user_rt_id,user_rt,retweet_id,reply_to,retweet_date,translate,trans_src,trans_dest';
const TWINT_CSV =
  `${HEADER}\r\n` +
  csvLine(['1134800494514933761', '1134716207279113426', '2019-06-01 14:34:56 CEST', '2019-06-01', '14:34:56', '+0200', '1019283746', 'dave_leeds', 'Dave Hill', '', '@bob_campaign @carol_mp the count starts at 10pm', 'en', '[]', '[]', '[]', '1', '0', '4', '[]', '[]', 'https://twitter.com/dave_leeds/status/1134800494514933761', 'False', '', '0', '', '', '', '', '', '', '', `[{'screen_name': 'bob_campaign', 'name': "Bob O'Neill", 'id': '12345678'}, {'screen_name': 'carol_mp', 'name': 'Carol Jones MP', 'id': '555666777'}]`, '', '', '', '']) +
  csvLine(['1134839542595977293', '1134839542595977293', '2019-06-01 17:10:05 CEST', '2019-06-01', '17:10:05', '+0200', '1019283746', 'dave_leeds', 'Dave Hill', '', 'RT @carol_mp: Polls close at 10pm tonight, stay in the queue', 'en', "[{'screen_name': 'carol_mp', 'name': 'Carol Jones MP', 'id': '555666777'}]", '[]', '[]', '0', '12', '0', '[]', '[]', 'https://twitter.com/dave_leeds/status/1134839542595977293', 'True', '', '0', '', '', '', '', '555666777', 'Polls close at 10pm tonight, stay in the queue', '1134716207279113426', '[]', '2019-06-01 09:00:00 CEST', '', '', '']) +
  csvLine(['1083332656231350277', '1083332656231350277', 'yesterday', '2019-01-10', '13:00:07', '+0200', '12345678', 'bob_campaign', "Bob O'Neill", '', 'A row whose time cannot be read', 'en', '[]', '[]', '[]', '0', '0', '0', '[]', '[]', 'https://twitter.com/bob_campaign/status/1083332656231350277', 'False', 'https://twitter.com/carol_mp/status/1083000000000000000', '0', '', '', '', '', '', '', '', '[]', '', '', '', '']);
const TWINT_JSON =
  '{"id": 1135098851619766281, "conversation_id": "1135098851619766281", "created_at": "2019-06-02 10:20:30 CEST", "date": "2019-06-02", "time": "10:20:30", "timezone": "+0200", "user_id": 555666777, "username": "carol_mp", "name": "Carol Jones MP", "place": "", "tweet": "Thank you @bob_campaign and every volunteer", "language": "en", "mentions": [{"screen_name": "bob_campaign", "name": "Bob O\'Neill", "id": "12345678"}], "urls": [], "photos": [], "replies_count": 0, "retweets_count": 3, "likes_count": 20, "hashtags": [], "cashtags": [], "link": "https://twitter.com/carol_mp/status/1135098851619766281", "retweet": false, "quote_url": "https://twitter.com/dave_leeds/status/1134800494514933761", "video": 0, "thumbnail": "", "near": "", "geo": "", "source": "", "user_rt_id": "", "user_rt": "", "retweet_id": "", "reply_to": [], "retweet_date": "", "translate": "", "trans_src": "", "trans_dest": ""}\n';

describe('listen ingest of snscrape and twint files', () => {
  it('stores their tweets as Twitter posts, reports each bad record alone, and keeps no handle, name, profile link or account id', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'search.jsonl'), `${SNSCRAPE.join('\n')}\n`);
    writeFileSync(join(dir, 'tweets.csv'), TWINT_CSV);
    writeFileSync(join(dir, 'tweets.json'), TWINT_JSON);
    const r = await runCli(['--db', join(dir, 'x.db'), 'listen', 'ingest', 'search.jsonl', 'tweets.csv', 'tweets.json', '--json'], { cwd: dir, env: { ...env, HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32) } });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { stored: number; bad: number; skipped: number; badShown: { file: string; line: number; error: string }[] };
    expect(summary).toMatchObject({ stored: 5, bad: 2, skipped: 1 });
    expect(summary.badShown.map((b) => [b.line, b.error])).toEqual([
      [4, 'snscrape tweet: date: missing'],
      [4, 'created_at: expected an ISO 8601 date, a Twitter date or epoch seconds/milliseconds, found a text of 9 characters'],
    ]);

    const db = new Database(join(dir, 'x.db'), { readonly: true });
    const posts = db.prepare('SELECT post_id AS id, platform, format, is_repost, repost_of, quote_of, author FROM posts ORDER BY post_id').all() as Record<string, unknown>[];
    db.close();
    expect(posts.map((p) => [p.id, p.platform, p.format, p.is_repost, p.repost_of, p.quote_of])).toEqual([
      ['1134800494514933761', 'twitter', 'csv', 0, null, null],
      ['1134839542595977293', 'twitter', 'csv', 1, '1134716207279113426', null],
      ['1135098851619766281', 'twitter', 'twint', 0, null, '1134800494514933761'],
      ['1612362464752566289', 'twitter', 'snscrape', 0, null, null],
      ['1612381160862646316', 'twitter', 'snscrape', 1, '1612203785004777484', null],
    ]);
    // Dave's tweets from twint's CSV and from snscrape have one author.
    expect(new Set(posts.filter((p) => ['1134800494514933761', '1612381160862646316'].includes(p.id as string)).map((p) => p.author)).size).toBe(1);

    // The store's bytes, every file of it (the database and its journal), free pages included.
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('x.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1').toLowerCase())
      .join('\n');
    expect(ACCOUNTS.filter((s) => bytes.includes(s.toLowerCase()))).toEqual([]);
    expect(ACCOUNT_IDS.filter((id) => bytes.includes(id))).toEqual([]);
  });
});
