import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../core/pseudonym';
import type { Post } from '../post';
import type { ItemInput } from './items';
import { resolveItems } from './items';
import { compileWatchlists } from './matcher';

const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 7));

function post(text: string, extra: Partial<Post> = {}): Post {
  return { platform: 'twitter', id: '1', createdAt: 0, text, lang: null, author: null, isRepost: false, repostOf: null, replyTo: null, quoteOf: null, placeName: null, placeCountry: null, userLocation: null, format: 'generic', ...extra };
}

function matcher(...inputs: ItemInput[]) {
  const items = resolveItems(inputs, pseudonymiser);
  const index = compileWatchlists([{ id: 'w', name: 'W', items }]);
  return (text: string, extra: Partial<Post> = {}): boolean => index.match(post(text, extra)).length > 0;
}

describe('watchlist matching', () => {
  it('matches a phrase as whole words, ignoring case, accents and punctuation between words', () => {
    const m = matcher({ kind: 'phrase', value: 'Take back control' });
    expect(m('We must TAKE BACK CONTROL!')).toBe(true);
    expect(m('take-back-control, they said')).toBe(true);
    expect(m('take back controlled borders')).toBe(false);
    expect(m('mistake back control')).toBe(false);
    expect(m('take control back')).toBe(false);
    const e = matcher({ kind: 'phrase', value: 'élysée' });
    expect(e('Réunion à l’ELYSEE ce soir')).toBe(true);
    expect(e('Elysées')).toBe(false);
    expect(matcher({ kind: 'phrase', value: 'Ökonomie' })('die oekonomie, die OKONOMIE')).toBe(true);
    // Unicode letters are word characters: no match inside a longer word in any script.
    expect(matcher({ kind: 'phrase', value: 'мир' })('мирный договор')).toBe(false);
    expect(matcher({ kind: 'phrase', value: 'мир' })('Мир, труд, май')).toBe(true);
  });

  it('matches hashtags normalised, without #, and not inside words or entities', () => {
    const m = matcher({ kind: 'hashtag', value: '#VoteLeave' });
    expect(m('Polls open #voteleave!')).toBe(true);
    expect(m('#VOTELEAVE')).toBe(true);
    expect(m('vote leave')).toBe(false);
    expect(m('#VoteLeaveNow')).toBe(false);
    expect(m('a#voteleave')).toBe(false);
    expect(matcher({ kind: 'hashtag', value: 'Européennes' })('Ce soir #europeennes2024 et #Européennes')).toBe(true);
  });

  it('matches expressions with RE2, ignoring case and accents, and explains bad ones', () => {
    const m = matcher({ kind: 'expression', value: 'brexit\\s+means\\s+brexit' });
    expect(m('BREXIT   means Brexit')).toBe(true);
    expect(m('brexit is brexit')).toBe(false);
    expect(matcher({ kind: 'expression', value: '(?:^|\\W)écon\\w+' })('Economie: un débat')).toBe(true);
    expect(matcher({ kind: 'expression', value: '£\\d{3}m' })('£350m a week')).toBe(true);
    const bad = (value: string) => () => resolveItems([{ kind: 'hashtag', value: '#ok' }, { kind: 'expression', value }], pseudonymiser);
    expect(bad('(brexit')).toThrow(/^items\.1: expression "\(brexit": not a valid regular expression for RE2 \(no backreferences or lookaround\): missing \)/);
    expect(bad('(a)\\1')).toThrow(/not a valid regular expression for RE2/);
    expect(bad('(?<=a)b')).toThrow(/not a valid regular expression for RE2/);
    expect(bad('x*')).toThrow(/matches the empty text, so it would match every post/);
    expect(bad('a'.repeat(201))).toThrow(/expected at most 200 characters, found 201/);
  });

  it('runs catastrophic patterns in linear time', () => {
    const m = matcher({ kind: 'expression', value: '(a+)+$' }, { kind: 'expression', value: '\\w*\\w*\\w*!' });
    const started = Date.now();
    expect(m(`${'a'.repeat(5000)}!`)).toBe(true);
    expect(m(`${'a'.repeat(5000)}?`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('matches an account given by handle on the pseudonym its posts are stored under, and only on its platform', () => {
    const author = pseudonymiser.pseudonym('twitter', 'handle:someone');
    const m = matcher({ kind: 'handle', platform: 'twitter', value: '@SomeOne' });
    expect(m('anything', { author })).toBe(true);
    expect(m('anything', { author, platform: 'mastodon' })).toBe(false);
    expect(m('anything', { author: pseudonymiser.pseudonym('twitter', 'handle:other') })).toBe(false);
    expect(matcher({ kind: 'account', value: author })('x', { author, platform: 'bluesky' })).toBe(true);
  });

  it('reports each item once per post, for every list that holds it', () => {
    const items = resolveItems([{ kind: 'phrase', value: 'leave' }, { kind: 'hashtag', value: 'leave' }], pseudonymiser);
    const index = compileWatchlists([{ id: 'a', name: 'A', items }, { id: 'b', name: 'B', items: items.slice(0, 1) }]);
    const hits = index.match(post('leave, leave, #leave'));
    expect(hits.map((h) => `${h.watchlist}:${h.item}`).sort()).toEqual([`a:${items[0]!.id}`, `a:${items[1]!.id}`, `b:${items[0]!.id}`].sort());
    expect(index.size).toBe(3);
  });
});
