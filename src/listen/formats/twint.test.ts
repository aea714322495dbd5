import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from './python-literal';
import type { FormatContext } from './index';
import { csvHeaderMapping, csvRowToRecord, detectRecordFormat, parseRecord } from './index';
import { snowflakeTime } from './tweet-ids';
import { twintTime, zoneOffset } from './twint-time';

const ctx: FormatContext = { pseudonym: (platform, value) => `<${platform}:${value}>`, platform: 'generic' };

// twint's CSV header (twint/storage/write_meta.py), the same in every version since 2019.
const HEADER =
  'id,conversation_id,created_at,date,time,timezone,user_id,username,name,place,tweet,language,mentions,urls,photos,replies_count,retweets_count,likes_count,hashtags,cashtags,link,retweet,quote_url,video,thumbnail,near,geo,source,user_rt_id,user_rt,retweet_id,reply_to,retweet_date,translate,trans_src,trans_dest'.split(',');

type Row = Record<(typeof HEADER)[number], string>;

/** A row of twint 2.1.20 (2020), scraped on a machine in Central Europe in summer: local times, zone by name, Python lists. */
function row(cells: Partial<Row>): string[] {
  const base: Row = Object.fromEntries(HEADER.map((h) => [h, ''])) as Row;
  Object.assign(base, { timezone: '+0200', language: 'en', mentions: '[]', urls: '[]', photos: '[]', replies_count: '0', retweets_count: '0', likes_count: '0', hashtags: '[]', cashtags: '[]', retweet: 'False', video: '0', reply_to: '[]' }, cells);
  return HEADER.map((h) => base[h]!);
}

function readCsv(cells: string[]) {
  return parseRecord(csvRowToRecord(cells, csvHeaderMapping(HEADER, 'tweets.csv'), HEADER.length), 'csv', ctx);
}

const REPLY = row({
  id: '1134800494514933761',
  conversation_id: '1134716207279113426',
  created_at: '2019-06-01 14:34:56 CEST',
  date: '2019-06-01',
  time: '14:34:56',
  user_id: '1019283746',
  username: 'dave_leeds',
  name: 'Dave Hill',
  tweet: '@bob_campaign @carol_mp the count starts at 10pm, see you at the leisure centre',
  replies_count: '1',
  likes_count: '4',
  link: 'https://twitter.com/dave_leeds/status/1134800494514933761',
  reply_to: `[{'screen_name': 'bob_campaign', 'name': "Bob O'Neill", 'id': '12345678'}, {'screen_name': 'carol_mp', 'name': 'Carol Jones MP', 'id': '555666777'}]`,
});

// twint 2.1.20 writes the retweet itself; retweet_id and user_rt_id name the tweet retweeted and its author (user_rt, its text).
const RETWEET = row({
  id: '1134839542595977293',
  conversation_id: '1134839542595977293',
  created_at: '2019-06-01 17:10:05 CEST',
  date: '2019-06-01',
  time: '17:10:05',
  user_id: '1019283746',
  username: 'dave_leeds',
  name: 'Dave Hill',
  tweet: "RT @carol_mp: Polls close at 10pm tonight. If you're in the queue by then, you can vote!",
  mentions: "[{'screen_name': 'carol_mp', 'name': 'Carol Jones MP', 'id': '555666777'}]",
  link: 'https://twitter.com/dave_leeds/status/1134839542595977293',
  retweet: 'True',
  user_rt_id: '555666777',
  user_rt: "Polls close at 10pm tonight. If you're in the queue by then, you can vote!",
  retweet_id: '1134716207279113426',
  retweet_date: '2019-06-01 09:00:00 CEST',
});

// A winter tweet scraped in summer: its zone (CET) is right, the timezone column (+0200, the machine's then) is not.
const QUOTE = row({
  id: '1083332656231350277',
  conversation_id: '1083332656231350277',
  created_at: '2019-01-10 13:00:07 CET',
  date: '2019-01-10',
  time: '13:00:07',
  user_id: '12345678',
  username: 'bob_campaign',
  name: "Bob O'Neill",
  tweet: 'This is why we knock on doors  https://twitter.com/carol_mp/status/1083000000000000000',
  language: 'en',
  link: 'https://twitter.com/bob_campaign/status/1083332656231350277',
  quote_url: 'https://twitter.com/carol_mp/status/1083000000000000000',
});

const JSON_REPLY =
  '{"id": 1134800494514933761, "conversation_id": "1134716207279113426", "created_at": "2019-06-01 14:34:56 CEST", "date": "2019-06-01", "time": "14:34:56", "timezone": "+0200", "user_id": 1019283746, "username": "dave_leeds", "name": "Dave Hill", "place": "", "tweet": "@bob_campaign @carol_mp the count starts at 10pm, see you at the leisure centre", "language": "en", "mentions": [], "urls": [], "photos": [], "replies_count": 1, "retweets_count": 0, "likes_count": 4, "hashtags": [], "cashtags": [], "link": "https://twitter.com/dave_leeds/status/1134800494514933761", "retweet": false, "quote_url": "", "video": 0, "thumbnail": "", "near": "", "geo": "", "source": "", "user_rt_id": "", "user_rt": "", "retweet_id": "", "reply_to": [{"screen_name": "bob_campaign", "name": "Bob O\'Neill", "id": "12345678"}, {"screen_name": "carol_mp", "name": "Carol Jones MP", "id": "555666777"}], "retweet_date": "", "translate": "", "trans_src": "", "trans_dest": ""}';

describe('twint CSV', () => {
  it('reads a reply: the local time in its zone, the author by id, mentions by the ids reply_to gives', () => {
    expect(readCsv(REPLY)).toEqual({
      posts: [
        {
          platform: 'twitter',
          id: '1134800494514933761',
          createdAt: Date.UTC(2019, 5, 1, 12, 34, 56),
          text: '@u_<twitter:12345678> @u_<twitter:555666777> the count starts at 10pm, see you at the leisure centre',
          lang: 'en',
          author: '<twitter:1019283746>',
          isRepost: false,
          repostOf: null,
          // twint names the thread (conversation_id), not the tweet answered.
          replyTo: null,
          quoteOf: null,
          placeName: null,
          placeCountry: null,
          userLocation: null,
          format: 'csv',
        },
      ],
      skipped: 0,
      errors: [],
    });
  });

  it('gives the post the v1.1 reader gives for the same tweet, but the reply link', () => {
    const v1 = {
      created_at: 'Sat Jun 01 12:34:56 +0000 2019',
      id_str: '1134800494514933761',
      full_text: '@bob_campaign @carol_mp the count starts at 10pm, see you at the leisure centre',
      lang: 'en',
      user: { id_str: '1019283746', screen_name: 'dave_leeds' },
      entities: { user_mentions: [{ screen_name: 'bob_campaign', id_str: '12345678' }, { screen_name: 'carol_mp', id_str: '555666777' }] },
      in_reply_to_status_id_str: '1134716207279113426',
    };
    expect(readCsv(REPLY).posts[0]).toEqual({ ...parseRecord(v1, null, ctx).posts[0], replyTo: null, format: 'csv' });
  });

  it("reads twint 2.1.20's retweet row as the retweet of the tweet retweet_id names, without its RT prefix", () => {
    expect(readCsv(RETWEET).posts[0]).toMatchObject({
      id: '1134839542595977293',
      createdAt: Date.UTC(2019, 5, 1, 15, 10, 5),
      author: '<twitter:1019283746>',
      isRepost: true,
      repostOf: '1134716207279113426',
      text: "Polls close at 10pm tonight. If you're in the queue by then, you can vote!",
    });
  });

  it('reads the retweet rows of twint before 2020, which hold the tweet retweeted: the post is the retweet, at the time its id holds', () => {
    // twint 2.1.4 (2019): created_at in epoch milliseconds, the retweet named by retweet_id, its retweeter by user_rt_id.
    const original = row({
      id: '1134157526909059075',
      conversation_id: '1134157526909059075',
      created_at: '1559239200700',
      date: '2019-05-30',
      time: '20:00:00',
      timezone: 'CEST',
      user_id: '555666777',
      username: 'carol_mp',
      name: 'Carol Jones MP',
      place: 'Westminster, London',
      tweet: 'Thank you @bob_campaign and every volunteer who knocked on doors today',
      mentions: "['bob_campaign']",
      reply_to: "[{'user_id': '555666777', 'username': 'carol_mp'}]",
      link: 'https://twitter.com/carol_mp/status/1134157526909059075',
    });
    expect(readCsv(original).posts[0]).toMatchObject({ id: '1134157526909059075', createdAt: 1559239200700, author: '<twitter:555666777>', isRepost: false, placeName: 'Westminster, London', text: 'Thank you @u_<twitter:handle:bob_campaign> and every volunteer who knocked on doors today' });
    const retweeted = [...original];
    const set = (name: string, value: string): void => void (retweeted[HEADER.indexOf(name)] = value);
    set('retweet', 'True');
    set('user_rt_id', '1019283746');
    set('user_rt', 'dave_leeds');
    set('retweet_id', '1135098851619766281');
    set('retweet_date', '2019-06-02 10:20:30');
    expect(readCsv(retweeted).posts).toEqual([
      {
        platform: 'twitter',
        id: '1135098851619766281',
        createdAt: Date.UTC(2019, 5, 2, 8, 20, 30),
        text: 'Thank you @u_<twitter:handle:bob_campaign> and every volunteer who knocked on doors today',
        lang: 'en',
        author: '<twitter:1019283746>',
        isRepost: true,
        repostOf: '1134157526909059075',
        replyTo: null,
        quoteOf: null,
        placeName: null,
        placeCountry: null,
        userLocation: null,
        format: 'csv',
      },
    ]);
  });

  it('takes the quoted id from quote_url, and a time in its own zone over the machine offset of the timezone column', () => {
    expect(readCsv(QUOTE).posts[0]).toMatchObject({ id: '1083332656231350277', createdAt: Date.UTC(2019, 0, 10, 12, 0, 7), quoteOf: '1083000000000000000', text: 'This is why we knock on doors  https://twitter.com/…' });
  });

  it('takes the time the tweet id holds where the zone name is not known or names several zones', () => {
    for (const zone of ['W. Europe Daylight Time', 'IST', '']) {
      const cells = row({ id: '1135098851619766281', conversation_id: '1135098851619766281', created_at: `2019-06-02 10:20:30 ${zone}`.trim(), user_id: '1019283746', tweet: 'Off to vote' });
      expect(readCsv(cells).posts[0]!.createdAt, zone).toBe(Date.UTC(2019, 5, 2, 8, 20, 30));
    }
    // An id from before November 2010 holds no time: the timezone column, then nothing.
    const old = row({ id: '2300000000', conversation_id: '2300000000', created_at: '2009-06-21 14:00:00 Mitteleuropäische Sommerzeit', timezone: '+0200', user_id: '1019283746', tweet: 'Wahlabend' });
    expect(readCsv(old).posts[0]!.createdAt).toBe(Date.UTC(2009, 5, 21, 12));
    old[HEADER.indexOf('timezone')] = '';
    expect(() => readCsv(old)).toThrow('created_at: expected a time with its zone (UTC, CEST, +0200, …) or a tweet id from November 2010 on, found a local time with a text of 28 characters');
  });

  it('reads the twint columns of the header, never the names, handles and links of accounts', () => {
    const record = csvRowToRecord(RETWEET, csvHeaderMapping(HEADER, 'tweets.csv'), HEADER.length);
    expect(Object.keys(record).sort()).toEqual(['conversation_id', 'created_at', 'id', 'language', 'mentions', 'reply_to', 'retweet', 'retweet_date', 'retweet_id', 'timezone', 'tweet', 'user_id', 'user_rt_id']);
    expect(JSON.stringify(readCsv(REPLY))).not.toMatch(/dave_leeds|Dave Hill|bob_campaign|Bob O|carol_mp|Carol Jones/);
    expect(() => csvHeaderMapping(HEADER.filter((h) => h !== 'created_at'), 'tweets.csv')).toThrow('tweets.csv: the CSV header has no created_at column; found: id, conversation_id, date, time, timezone, user_id, username, name, place, tweet, language, mentions');
  });

  it('reports a bad row alone, saying what is wrong without quoting what it holds', () => {
    expect(() => readCsv(row({ id: '1134800494514933761', conversation_id: '1', created_at: 'dave_leeds', user_id: '1019283746', tweet: 'x' }))).toThrow(
      'created_at: expected an ISO 8601 date, a Twitter date or epoch seconds/milliseconds, found a text of 10 characters',
    );
    expect(() => readCsv(row({ id: '', conversation_id: '1', created_at: '2019-06-01 14:34:56 CEST', tweet: 'x' }))).toThrow('csv twint tweet: id: missing');
    expect(() => readCsv(row({ id: '1134800494514933761', created_at: '2019-06-01 14:34:56 CEST', tweet: 'x', retweet: 'True', retweet_id: '1134800494514933761' }))).toThrow(
      "twint tweet: retweet_id: the tweet's own id; expected the id of the retweet or of the tweet retweeted",
    );
  });
});

describe('twint JSON', () => {
  it('reads a line of twint --json as the same post as its CSV row: the id past 2^53 from the link', () => {
    const record = JSON.parse(JSON_REPLY) as Record<string, unknown>;
    expect(detectRecordFormat(record)).toBe('twint');
    expect(parseRecord(record, null, ctx).posts).toEqual([{ ...readCsv(REPLY).posts[0], format: 'twint' }]);
  });

  it('keys an author whose id is a number past 2^53 by handle, never by a rounded id; reads created_at in epoch milliseconds', () => {
    const record = JSON.parse(JSON_REPLY.replace('"user_id": 1019283746', '"user_id": 1098765432109876543').replace('"created_at": "2019-06-01 14:34:56 CEST"', '"created_at": 1559392496000')) as Record<string, unknown>;
    expect(parseRecord(record, null, ctx).posts[0]).toMatchObject({ author: '<twitter:handle:dave_leeds>', createdAt: 1559392496000 });
    delete record.link;
    expect(() => parseRecord(record, null, ctx)).toThrow("twint tweet: id: expected digits, an id below 2^53 or the tweet's link, found a number of 19 digits (past 2^53, not exact in JSON)");
  });

  it('pseudonymises no author where posts are only classified', () => {
    expect(parseRecord(JSON.parse(JSON_REPLY), null, { ...ctx, author: () => null }).posts[0]).toMatchObject({ author: null, id: '1134800494514933761' });
  });

  it('keeps no place given as coordinates', () => {
    const record = JSON.parse(JSON_REPLY) as Record<string, unknown>;
    record.place = { type: 'Point', coordinates: [53.8008, -1.5491] };
    expect(parseRecord(record, null, ctx).posts[0]!.placeName).toBeNull();
    expect(readCsv(row({ id: '1134800494514933761', created_at: '1559392496000', tweet: 'x', place: "{'type': 'Point', 'coordinates': [53.8008, -1.5491]}" })).posts[0]!.placeName).toBeNull();
  });
});

describe('twint helpers', () => {
  it('reads Python literals as twint writes its lists', () => {
    expect(parsePythonLiteral(`[{'screen_name': 'bob', 'name': "Bob O'Neill", 'id': '12'}, {'a': None, 'b': True, 'c': -1.5, 'd': ('x',), 'e': 'caf\\xe9 \\u263a'}]`)).toEqual([
      { screen_name: 'bob', name: "Bob O'Neill", id: '12' },
      { a: null, b: true, c: -1.5, d: ['x'], e: 'café ☺' },
    ]);
    expect(() => parsePythonLiteral("[{'a': 'b'}")).toThrow();
    expect(() => parsePythonLiteral("['a' 'b']")).toThrow();
  });

  it('reads the time a tweet id holds, and zones by offset or by a name of one offset', () => {
    // Twitter's own example status: 1050118621198921728, "Wed Oct 10 20:19:24 +0000 2018".
    expect(snowflakeTime('1050118621198921728')).toBe(Date.UTC(2018, 9, 10, 20, 19, 24));
    expect(snowflakeTime('20')).toBeNull();
    expect([zoneOffset('+0200'), zoneOffset('-03'), zoneOffset('+05:30'), zoneOffset('UTC+1'), zoneOffset('cest'), zoneOffset('IST'), zoneOffset('+2500')]).toEqual([120, -180, 330, 60, 120, null, null]);
  });

  it("takes a tweet's time from its id before a zone's name, which may name another place (PST: Manila too)", () => {
    const id = '1135556085218570241';
    expect(twintTime('2019-06-03 22:34:56 PST', '+0800', id, 'created_at')).toBe(snowflakeTime(id));
    // An id older than the times ids hold: the zone's name.
    expect(twintTime('2009-06-03 22:34:56 PST', null, '2000000000', 'created_at')).toBe(Date.UTC(2009, 5, 4, 6, 34, 56));
  });
});
