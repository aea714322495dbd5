import { describe, expect, it } from 'vitest';
import { assertNoPersonalData } from './guard';

describe('assertNoPersonalData', () => {
  it('accepts ids, counts, codes and reasons', () => {
    expect(() => assertNoPersonalData({ people: 12, ids: ['person:1', 'person:2'], reason: 'retention: 24 months', delta: -3, nested: { code: 'FR-29' } }, 'person:123')).not.toThrow();
    expect(() => assertNoPersonalData({ note: 'call back +33 6' }, null)).not.toThrow();
  });

  it('refuses an email or a phone number, naming the key, however deep', () => {
    expect(() => assertNoPersonalData({ email: 'jo@example.org' }, null)).toThrow(/audit detail "email" holds an '@'/);
    expect(() => assertNoPersonalData({ contact: { phones: ['x', '+33 6 12 34 56 78'] } }, null)).toThrow(/audit detail "contact\.phones\[1\]" holds '\+' and 8 or more digits/);
    expect(() => assertNoPersonalData({ p: '+4915112345678' }, null)).toThrow(/"p"/);
    expect(() => assertNoPersonalData({}, 'jo@example.org')).toThrow(/audit subject/);
  });
});
