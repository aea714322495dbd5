import { describe, expect, it } from 'vitest';
import { requireTime } from './formats/types';
import { anonymiseText, cleanLocation, htmlToText, normaliseLang, parseTime, repeats, withoutLinkPaths } from './text';

describe('anonymiseText', () => {
  const resolve = (h: string): string => `P(${h})`;

  it('replaces every mention with the pseudonym of the handle, lower-cased', () => {
    expect(anonymiseText('@Alice_1 and @bob.bsky.social: hi @carol@mastodon.social.', resolve)).toBe(
      '@u_P(alice_1) and @u_P(bob.bsky.social): hi @u_P(carol@mastodon.social).',
    );
  });

  it('removes e-mail addresses and leaves other "@" alone', () => {
    expect(anonymiseText('write to jane.doe+eu@example.org, meet @ 5pm', resolve)).toBe('write to [email], meet @ 5pm');
  });

  it('finds mentions a plain "@word" pattern misses: the public reply ".@", "@@", the full-width "＠", an invisible character', () => {
    expect(anonymiseText('.@jane_doe_mp you are wrong', resolve)).toBe('.@u_P(jane_doe_mp) you are wrong');
    expect(anonymiseText('\uff20jane_doe_mp remain!', resolve)).toBe('@u_P(jane_doe_mp) remain!');
    expect(anonymiseText('or @@jane_doe_mp', resolve)).toBe('or @@u_P(jane_doe_mp)');
    expect(anonymiseText('hi @\u200balice', resolve)).toBe('hi @u_P(alice)');
    // Not a mention: "@" inside a word, which is taken for an address without a dotted domain.
    expect(anonymiseText('caf\u00e9@home', resolve)).toBe('[email]');
  });

  it('takes handles whole in any script, and the addresses and profile links the plain patterns miss', () => {
    expect(anonymiseText('ping @José and @müller and @jürgen_k', resolve)).toBe('ping @u_P(josé) and @u_P(müller) and @u_P(jürgen_k)');
    expect(anonymiseText('and \uff20\uff4a\uff55\uff44\uff59', resolve)).toBe('and @u_P(judy)');
    expect(anonymiseText('\uff49\uff56\uff41\uff4e\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d', resolve)).toBe('[email]');
    expect(anonymiseText('bob@[192.168.1.5] and gina@localhost', resolve)).toBe('[email] and [email]');
    expect(anonymiseText('3@4 for £10, 2@30p', resolve)).toBe('3@4 for £10, 2@30p');
    expect(anonymiseText('mailto:frank%40example.com now', resolve)).toBe('mailto:[email] now');
    expect(anonymiseText('see https://twitter.com/erin_private/status/1 and https://www.facebook.com/erin.p', resolve)).toBe('see https://twitter.com/… and https://www.facebook.com/…');
    // Other links keep their host, and their path (withoutLinkPaths drops it for the classifiers only).
    expect(anonymiseText('https://www.gov.uk/eu-referendum', resolve)).toBe('https://www.gov.uk/eu-referendum');
  });

  it('removes addresses in any script whole, and one with an invisible character inside', () => {
    expect(anonymiseText('jos\u00e9.garc\u00eda@correo.es y jos\u00e9@ex\u00e4mple.de', resolve)).toBe('[email] y [email]');
    expect(anonymiseText('ali\u200bce@example.com', resolve)).toBe('[email]');
  });

  it('leaves text without "@" untouched', () => {
    const text = 'Vote #Remain';
    expect(anonymiseText(text, resolve)).toBe(text);
  });
});

describe('htmlToText', () => {
  it('turns Mastodon HTML into plain text with paragraphs and entities', () => {
    const html = '<p>Hello <span class="h-card"><a href="https://x.social/@a" class="u-url mention">@<span>a</span></a></span> &amp; all</p><p>line<br />two &#39;q&#39;</p>';
    expect(htmlToText(html)).toBe("Hello @a & all\n\nline\ntwo 'q'");
  });
});

describe('normaliseLang, cleanLocation, parseTime', () => {
  it('keeps the primary language subtag, nothing for unknown', () => {
    expect(normaliseLang('en-GB')).toBe('en');
    expect(normaliseLang('NL')).toBe('nl');
    expect(normaliseLang('und')).toBeNull();
    expect(normaliseLang(undefined)).toBeNull();
  });

  it('trims and caps declared locations', () => {
    expect(cleanLocation('  London,\n UK ')).toBe('London, UK');
    expect(cleanLocation('   ')).toBeNull();
    // A location finds a country; the e-mail addresses and accounts some profiles put there are not kept.
    expect(cleanLocation('Leeds · alice.b@example.co.uk')).toBe('Leeds · [email]');
    expect(cleanLocation('Paris, DM @alice_fr or ＠bob')).toBe('Paris, DM [account] or [account]');
    expect(cleanLocation('Lyon @\u200bcarol')).toBe('Lyon [account]');
    expect(cleanLocation('x'.repeat(500))).toHaveLength(120);
  });

  it('reads ISO, zone-less (as UTC), Twitter dates and epoch seconds or milliseconds', () => {
    const t = Date.UTC(2016, 5, 23, 20, 19, 24);
    expect(parseTime('2016-06-23T20:19:24Z')).toBe(t);
    expect(parseTime('2016-06-23 20:19:24')).toBe(t);
    expect(parseTime('Thu Jun 23 20:19:24 +0000 2016')).toBe(t);
    expect(parseTime(t / 1000)).toBe(t);
    expect(parseTime(String(t))).toBe(t);
    expect(parseTime('yesterday')).toBeNaN();
  });

  it('takes no free-form date and no day the calendar lacks', () => {
    for (const text of ['foo 12', 'Brexit 2', 'May 5', '5/6/2016', '2016-02-30T00:00:00Z', '2016-06-20T24:00:00Z', 'Tue Feb 30 10:00:00 +0000 2016', '']) expect(parseTime(text), text).toBeNaN();
    expect(parseTime('2016-06-23T22:19:24.5+02:00')).toBe(Date.UTC(2016, 5, 23, 20, 19, 24, 500));
    expect(parseTime('Thu Jun 23 23:49:24 +0330 2016')).toBe(Date.UTC(2016, 5, 23, 20, 19, 24));
    expect(parseTime(true)).toBeNaN();
  });

  it('reads compact dates as CSV exports write them, not as seconds since 1970', () => {
    expect(parseTime('20160601')).toBe(Date.UTC(2016, 5, 1));
    expect(parseTime('201606011230')).toBe(Date.UTC(2016, 5, 1, 12, 30));
    expect(parseTime('20160601123045')).toBe(Date.UTC(2016, 5, 1, 12, 30, 45));
    for (const text of ['20160231', '20161301', '201606012460', '20160601123060']) expect(parseTime(text), text).toBeNaN();
    // A year, a placeholder: read as seconds since 1970, which requireTime then refuses (before 1990).
    expect(parseTime('2016')).toBe(2_016_000);
    expect(() => requireTime(parseTime('2016'), '2016', 'created_at')).toThrow('created_at: expected a time from 1990 to 2099, found "2016" (1970-01-01T00:33:36.000Z)');
    expect(() => requireTime(parseTime(0), 0, 'created_at')).toThrow('expected a time from 1990 to 2099, found 0');
    expect(() => requireTime(parseTime(20160601), 20160601, 'created_at')).toThrow('found 20160601 (1970-08-22');
  });
});

describe('repeats', () => {
  it('tells links and mentions, which come once, from words', () => {
    expect(['https://t.co/8qcnptwb', 'HTTP://x.org', 'www.example.org', '@u_1a2b', '@someone'].map(repeats)).toEqual([false, false, false, false, false]);
    expect(['hello', 'Heureux', 'Wahl', 'www', '#VoteLeave', 'https', '£350m'].map(repeats)).toEqual([true, true, true, true, true, true, true]);
  });
});

describe('withoutLinkPaths', () => {
  it('cuts each link to its scheme and host, and leaves the rest of the text alone', () => {
    expect(withoutLinkPaths('Vote Leave https://t.co/8qcnptwb 💪')).toBe('Vote Leave https://t.co 💪');
    expect(withoutLinkPaths('a HTTP://Example.org/x?y=1#z, b http://strongerin.co.uk/ c')).toBe('a HTTP://Example.org b http://strongerin.co.uk c');
    expect(withoutLinkPaths('see https://leave.eu?utm=1 and https://bbc.co.uk')).toBe('see https://leave.eu and https://bbc.co.uk');
    for (const text of ['no link here', 'ftp://host/path stays', 'https:// alone', 'a://b', '']) expect(withoutLinkPaths(text)).toBe(text);
  });
});
