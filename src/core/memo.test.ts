import { describe, expect, it } from 'vitest';
import { memoise, setMemoEntries } from './memo';

describe('memoise', () => {
  it('computes each key once while it is remembered', () => {
    const calls: string[] = [];
    const upper = memoise((k) => (calls.push(k), k.toUpperCase()));
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
  });

  it('remembers undefined results too', () => {
    let calls = 0;
    const none = memoise(() => (calls++, undefined));
    none('x');
    none('x');
    expect(calls).toBe(1);
  });

  it('keeps the keys in use when a generation turns over, so memory stays bounded', () => {
    const calls: string[] = [];
    const f = memoise((k) => (calls.push(k), k.length), 4); // two generations of 2
    f('a');
    f('b'); // young: a, b
    f('c'); // full: a, b become old; young: c
    f('a'); // found in old: moves to young (c, a)
    f('d'); // young full again: c, a become old, b is dropped
    f('a');
    f('b');
    expect(calls).toEqual(['a', 'b', 'c', 'd', 'b']);
  });
});

describe('setMemoEntries', () => {
  it('bounds the tables made without a limit, from their next insertion on', () => {
    const calls: string[] = [];
    const f = memoise((k) => (calls.push(k), k.length));
    f('a');
    f('b');
    setMemoEntries(2);
    try {
      f('c'); // a generation holds 1 now: young (a, b) becomes old; young: c
      f('d'); // c becomes old; a and b are dropped
      f('a'); // computed again; d becomes old, c is dropped
      f('c'); // computed again
      expect(calls).toEqual(['a', 'b', 'c', 'd', 'a', 'c']);
      expect(() => setMemoEntries(0)).toThrow(/expected a whole number ≥ 1, found 0/);
    } finally {
      setMemoEntries(100_000);
    }
  });
});

describe('memoise with admit', () => {
  it('computes the keys it does not admit every time, without remembering them', () => {
    const calls: string[] = [];
    const f = memoise((k) => (calls.push(k), k.length), 10, (k) => !k.startsWith('http'));
    expect([f('word'), f('https://t.co/x'), f('word'), f('https://t.co/x')]).toEqual([4, 14, 4, 14]);
    expect(calls).toEqual(['word', 'https://t.co/x', 'https://t.co/x']);
  });
});
