import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GenericRecord, plainGeneric } from './generic';

/** Values of every JSON kind, and the edge cases of the fields' rules. */
const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constant(''),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constantFrom('2016-06-20T10:00:00Z', 'fr', 'London, England', 'en'),
);
const keys = fc.constantFrom('id', 'text', 'created_at', 'lang', 'user_location', 'author_id', 'platform', 'is_repost', 'repost_of', 'reply_to', 'quote_of', 'place_country', 'age', 'other');

describe('plainGeneric', () => {
  it('accepts only records the schema accepts, and gives back what the schema gives', () => {
    let accepted = 0;
    // Plain records are rare among random ones: half the runs start from one and change a field.
    const plainish = fc.record({ id: fc.string({ minLength: 1, maxLength: 5 }), text: fc.string(), created_at: fc.oneof(fc.string(), fc.integer()) }).chain((base) => fc.dictionary(keys, value, { maxKeys: 2 }).map((extra) => ({ ...base, ...extra })));
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(keys, value, { maxKeys: 8 }), plainish), (record) => {
        const fast = plainGeneric(record);
        if (fast === null) return;
        accepted++;
        const slow = GenericRecord.safeParse(record);
        expect(slow.success).toBe(true);
        expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(slow.data)));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it('takes the plain shape, and leaves anything else to the schema', () => {
    const plain = { id: 'g1', text: 'Vote leave', created_at: '2016-06-20T10:00:00Z', lang: 'en', user_location: null, author_id: '42' };
    expect(plainGeneric(plain)).toBe(plain);
    expect(plainGeneric({ ...plain, id: 7 })).toBeNull();
    expect(plainGeneric({ ...plain, platform: 'x' })).toBeNull();
    expect(plainGeneric({ id: 'g1', text: 'no time' })).toBeNull();
    expect(plainGeneric({ ...plain, author_id: '' })).toBeNull();
    const repost = { ...plain, is_repost: true, repost_of: 'g0', reply_to: null, quote_of: 'g2' };
    expect(plainGeneric(repost)).toBe(repost);
    expect(plainGeneric({ ...plain, is_repost: 'yes' })).toBeNull();
    expect(plainGeneric({ ...plain, repost_of: 12 })).toBeNull();
  });
});
