import { describe, expect, it } from 'vitest';
import { filtersFromSearch, searchFromFilters, withFilter } from './filters';

describe('dashboard filters in the URL', () => {
  it('round-trips through the query string', () => {
    const f = filtersFromSearch('?question=brexit&country=IE&from=2016-06-20&stance=strong_leave&junk=1');
    expect(f).toEqual({ question: 'brexit', country: 'IE', from: '2016-06-20', stance: 'strong_leave', to: undefined, lang: undefined, topic: undefined });
    expect(searchFromFilters(f)).toBe('?question=brexit&from=2016-06-20&country=IE&stance=strong_leave');
    expect(filtersFromSearch(searchFromFilters(f))).toEqual(f);
  });

  it('defaults the question and drops empty values', () => {
    expect(filtersFromSearch('?country=&lang=%20')).toMatchObject({ question: 'brexit', country: undefined, lang: undefined });
    expect(searchFromFilters(withFilter(filtersFromSearch('?topic=nhs'), 'topic', ''))).toBe('?question=brexit');
  });
});
