import { describe, expect, it } from 'vitest';
import { parseCondition, parseWhere } from './definition';

describe('parseWhere', () => {
  it('reads the names of the command line', () => {
    expect(parseWhere('support>=4')).toEqual({ support: { gte: 4 } });
    expect(parseWhere('birth_year<1960')).toEqual({ birthYear: { lte: 1959 } });
    expect(parseWhere('age_band=18-24,65+')).toEqual({ ageBand: ['18-24', '65+'] });
    expect(parseWhere('volunteer=no')).toEqual({ volunteer: false });
    expect(parseWhere('activity=contact:30')).toEqual({ activity: { kind: 'contact', sinceDays: 30 } });
    // Genders and languages as imports store them: typed as a file gives them, they still match.
    expect(parseWhere('gender=F,homme')).toEqual({ gender: ['female', 'male'] });
    expect(parseWhere('language=FR,English')).toEqual({ language: ['fr', 'en'] });
    expect(parseCondition({ any: [{ gender: ['femme'] }, { not: { language: ['DE'] } }] })).toEqual({ any: [{ gender: ['female'] }, { not: { language: ['de'] } }] });
    expect(parseWhere('consent=newsletter/email')).toEqual({ consent: { purpose: 'newsletter', channel: 'email' } });
    expect(parseWhere('tag!=donor')).toEqual({ not: { tag: 'donor' } });
  });

  it('says what was expected and what was found', () => {
    expect(() => parseWhere('support>=9')).toThrow('--where support>=9: expected a support level from 1 to 5, found 9');
    expect(() => parseWhere('birth_year<=3000')).toThrow(/expected a birth year from 1900 to \d{4}, found 3000/);
    expect(() => parseWhere('activity=contact:abc')).toThrow('--where activity=contact:abc: expected activity=KIND or KIND:DAYS, DAYS a whole number of days (e.g. contact:30), found "contact:abc"');
    expect(() => parseWhere('gender=x7')).toThrow('--where gender=x7: gender "x7" is not one the store knows; expected female, male or other');
    expect(() => parseWhere('language=klingonese')).toThrow(/language "klingonese" is not one the store knows/);
    expect(() => parseWhere('activity=canvass:30')).toThrow('--where activity=canvass:30: activity kind "canvass" is not one the store knows; expected contact, response, event, donation, note');
    expect(() => parseWhere('consent=newsletter')).toThrow(/expected consent=PURPOSE\/CHANNEL, CHANNEL one of email, .*found "newsletter"/);
    expect(() => parseWhere('age_band=17-99')).toThrow(/expected age bands among under 18, 18-24, .*found "17-99"/);
    expect(() => parseWhere('volunteer=maybe')).toThrow('--where volunteer=maybe: expected yes or no, found "maybe"');
  });
});

describe('parseCondition', () => {
  it('takes whole years and days in range only: PostgreSQL reads them as integers', () => {
    const reason = (v: unknown): string => {
      try {
        parseCondition(v);
        return 'accepted';
      } catch (e) {
        return (e as Error).message.split(';')[0]!;
      }
    };
    expect(reason({ birthYear: { gte: 1950.5 } })).toBe('segment: expected a whole year at birthYear.gte');
    expect(reason({ birthYear: { gte: 1.5 } })).toBe('segment: expected a year from 1800 at birthYear.gte');
    expect(reason({ birthYear: { gte: 1e300 } })).toBe('segment: expected a year up to 2200 at birthYear.gte');
    expect(reason({ activity: { sinceDays: 1e-7 } })).toBe('segment: expected a whole number of days at activity.sinceDays');
    expect(reason({ activity: { sinceDays: 1e300 } })).toBe('segment: expected at most 36,500 days (100 years) at activity.sinceDays');
    expect(parseCondition({ birthYear: { gte: 1950, lte: 1990 } })).toEqual({ birthYear: { gte: 1950, lte: 1990 } });
    // Names the store could never hold match no one: refused instead.
    expect(reason({ activity: { kind: 'contact', channel: 'pigeon' } })).toBe('segment: activity channel "pigeon" is not one the store knows');
    expect(reason({ consent: { purpose: 'News Letter', channel: 'email' } })).toBe('segment: consent purpose: expected a purpose such as newsletter, canvassing, fundraising (lower-case letters, digits, \'_\'), found "News Letter"');
    expect(parseCondition({ all: [{ activity: { channel: 'door' } }, { consent: { purpose: 'my_own_use', channel: 'sms' } }] })).toEqual({ all: [{ activity: { channel: 'door' } }, { consent: { purpose: 'my_own_use', channel: 'sms' } }] });
  });

  it('refuses definitions too deep or too large to run, before anything else looks at them', () => {
    let deep: unknown = { tag: 'x' };
    for (let i = 0; i < 1000; i++) deep = { not: deep };
    expect(() => parseCondition(deep, 'definition')).toThrow('definition: nested more than 32 levels deep; expected a flatter definition');
    const areas = Array.from({ length: 40_000 }, (_, i) => `29019_${i}`);
    expect(() => parseCondition({ area: areas }, 'definition')).toThrow('definition: more than 5,000 conditions and values; expected fewer (split it into several segments)');
    let ok: unknown = { tag: 'x' };
    for (let i = 0; i < 10; i++) ok = { not: ok };
    expect(parseCondition(ok)).toEqual(ok);
    expect(parseCondition({ area: areas.slice(0, 4000) })).toEqual({ area: areas.slice(0, 4000) });
  });

  it('says where a definition goes wrong, not just that it does', () => {
    const why = (v: unknown) => {
      try {
        parseCondition(v, 'definition');
        return 'ok';
      } catch (e) {
        return (e as Error).message.split(';')[0];
      }
    };
    expect(why({ all: [{ tag: 'x' }, { support: 'high' }] })).toBe('definition: Invalid input: expected object, received string at all.1.support');
    expect(why({ any: [{ nope: 1 }] })).toMatch(/^definition: expected one condition: all, any, not, tag, .* at any\.0$/);
    expect(why({ field: 'x', op: 'like' })).toMatch(/^definition: Invalid option: expected one of .* at op$/);
    expect(why({ support: { gte: 9 } })).toBe('definition: expected a support level from 1 to 5 at support.gte');
  });
});
