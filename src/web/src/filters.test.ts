import { describe, expect, it } from 'vitest';
import { apiParams, filtersFromSearch, searchFromFilters, withFilter } from './filters';

describe('dashboard filters in the URL', () => {
  it('round-trips through the query string', () => {
    const f = filtersFromSearch('?question=brexit&country=IE&from=2016-06-20&stance=strong_leave&junk=1');
    expect(f).toEqual({ question: 'brexit', country: 'IE', from: '2016-06-20', stance: 'strong_leave', to: undefined, lang: undefined, topic: undefined });
    expect(searchFromFilters(f)).toBe('?question=brexit&from=2016-06-20&country=IE&stance=strong_leave');
    expect(filtersFromSearch(searchFromFilters(f))).toEqual(f);
  });

  it('leaves the question to the server when the URL names none, and drops empty values', () => {
    expect(filtersFromSearch('?country=&lang=%20')).toMatchObject({ question: undefined, country: undefined, lang: undefined });
    expect(searchFromFilters(withFilter(filtersFromSearch('?topic=nhs'), 'topic', ''))).toBe('');
    expect(apiParams(filtersFromSearch('?topic=nhs')).question).toBeUndefined();
  });

  it('asks the API up to the end of the chosen "to" day (its to is exclusive)', () => {
    expect(apiParams(filtersFromSearch('?from=2016-06-20&to=2016-06-30')).to).toBe('2016-07-01');
    expect(apiParams(filtersFromSearch('?to=2016-12-31')).to).toBe('2017-01-01');
    expect(apiParams(filtersFromSearch('?to=2016-06-30T12:00:00Z')).to).toBe('2016-06-30T12:00:00Z');
  });
});
