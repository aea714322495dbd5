import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChainFailure } from './chain';
import { checkPin, describeChain, entryHash, GENESIS, parsePin, verifyChain } from './chain';

function build(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const fields = { seq, at: 1_700_000_000_000 + seq, actor: 'alice', action: 'person.update', subject: `person:${seq}`, detail: JSON.stringify({ fields: ['area'], n: seq }) };
    const hash = entryHash(prev, fields);
    entries.push({ ...fields, prev, hash });
    prev = hash;
  }
  return entries;
}

describe('entryHash', () => {
  it('is SHA-256 hex, and depends on every field and on the previous hash', () => {
    const e = { seq: 1, at: 5, actor: 'a', action: 'x', subject: null, detail: '{}' };
    const h = entryHash(GENESIS, e);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS, { ...e })).toBe(h);
    const variants = [{ ...e, seq: 2 }, { ...e, at: 6 }, { ...e, actor: 'b' }, { ...e, action: 'y' }, { ...e, subject: 'person:1' }, { ...e, subject: '' }, { ...e, detail: '{"a":1}' }];
    for (const v of variants) expect(entryHash(GENESIS, v)).not.toBe(h);
    expect(entryHash('1'.repeat(64), e)).not.toBe(h);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = { seq: 1, at: 5, actor: 'ab', action: 'c', subject: null, detail: '{}' };
    const b = { ...a, actor: 'a', action: 'bc' };
    expect(entryHash(GENESIS, a)).not.toBe(entryHash(GENESIS, b));
    expect(entryHash(GENESIS, { ...a, actor: 'a","b' })).not.toBe(entryHash(GENESIS, { ...a, actor: 'a', action: 'b' }));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and gives its head; an empty chain has the genesis head', () => {
    const entries = build(5);
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 5, head: entries[4]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, head: GENESIS });
    expect(verifyChain(entries, { seq: 5, hash: entries[4]!.hash })).toMatchObject({ ok: true, entries: 5 });
    expect(verifyChain([], null)).toMatchObject({ ok: true, entries: 0 });
  });

  it('finds a changed field as a hash mismatch at that entry', () => {
    const entries = build(5);
    entries[2] = { ...entries[2]!, detail: '{"fields":["area"],"n":99}' };
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: 3, problem: 'hash mismatch', entries: 2 });
  });

  it('finds a rewritten entry whose hash was recomputed as a broken link at the next one', () => {
    const entries = build(5);
    const forged = { ...entries[2]!, actor: 'mallory' };
    entries[2] = { ...forged, hash: entryHash(forged.prev, forged) };
    const r = verifyChain(entries);
    expect(r).toMatchObject({ ok: false, seq: 4, problem: 'broken link', entries: 3 });
    expect(!r.ok && r.expected).toContain('the hash of seq 3');
  });

  it('finds a removed entry as a gap, naming the missing seq', () => {
    const entries = build(5);
    entries.splice(2, 1);
    expect(verifyChain(entries)).toEqual({ ok: false, seq: 3, problem: 'gap in sequence', expected: 'seq 3 after seq 2', found: 'seq 4', entries: 2 });
    expect(verifyChain(build(3).slice(1))).toMatchObject({ ok: false, seq: 1, problem: 'gap in sequence', expected: 'seq 1 as the first entry' });
  });

  it('finds two entries that swapped seqs as a broken link at the first', () => {
    const entries = build(5);
    const [c, d] = [entries[2]!, entries[3]!];
    entries[2] = { ...d, seq: 3 };
    entries[3] = { ...c, seq: 4 };
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: 3, problem: 'broken link' });
  });

  it('finds a first entry that does not start from the genesis hash', () => {
    const entries = build(2);
    entries[0] = { ...entries[0]!, prev: '1'.repeat(64) };
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: 1, problem: 'broken link', expected: expect.stringContaining('genesis') });
  });

  it('compares the end with the recorded head: a cut-off tail, a rewritten head, a missing head', () => {
    const entries = build(5);
    const head = { seq: 5, hash: entries[4]!.hash };
    expect(verifyChain(entries.slice(0, 4), head)).toMatchObject({ ok: false, seq: 5, problem: 'truncated', found: 'the log ends at seq 4', entries: 4 });
    expect(verifyChain([], head)).toMatchObject({ ok: false, seq: 1, problem: 'truncated', found: 'an empty log' });
    expect(verifyChain(entries, { seq: 5, hash: GENESIS })).toMatchObject({ ok: false, seq: 5, problem: 'head mismatch' });
    expect(verifyChain(entries, { seq: 4, hash: entries[3]!.hash })).toMatchObject({ ok: false, seq: 5, problem: 'head mismatch' });
    expect(verifyChain(entries, null)).toMatchObject({ ok: false, seq: 5, problem: 'missing head' });
  });

  it('describes the result in one line', () => {
    const entries = build(3);
    expect(describeChain(verifyChain(entries))).toBe(`audit log intact: 3 entries, head ${entries[2]!.hash.slice(0, 16)}`);
    expect(describeChain(verifyChain(entries.slice(0, 2), { seq: 3, hash: entries[2]!.hash }))).toMatch(/^audit log TAMPERED at seq 3: truncated: expected entries up to seq 3/);
  });
});

describe('pins', () => {
  it('parses SEQ:HASH with the full hash or 16 hex digits or more, and nothing else', () => {
    expect(parsePin('7:0123456789abcdef')).toEqual({ seq: 7, hash: '0123456789abcdef' });
    expect(parsePin(` 7:${'AB'.repeat(32)} `)).toEqual({ seq: 7, hash: 'ab'.repeat(32) });
    for (const bad of ['7:0123456789abcde', '0:0123456789abcdef', '7-0123456789abcdef', 'x:0123456789abcdef', `7:${'a'.repeat(65)}`, '7:0123456789abcdeg']) expect(parsePin(bad), bad).toBeNull();
  });

  it('holds where the chain passes through the pinned hash, and fails where it does not or ends before it', () => {
    const entries = build(5);
    let state = verifyChain(entries.slice(0, 3));
    if (!state.ok) throw new Error('intact chain expected');
    const at3 = { entries: 3, seq: 3, hash: entries[2]!.hash };
    expect(checkPin(at3, { seq: 3, hash: entries[2]!.hash.slice(0, 16) })).toEqual(at3);
    expect(checkPin(at3, { seq: 3, hash: entries[1]!.hash })).toMatchObject({ ok: false, seq: 3, problem: 'pin mismatch', entries: 0 });
    expect(checkPin(at3, { seq: 4, hash: entries[3]!.hash })).toMatchObject({ ok: false, seq: 4, problem: 'truncated' });
    expect(describeChain(checkPin(at3, { seq: 3, hash: entries[1]!.hash }) as ChainFailure)).not.toContain('intact');
    state = verifyChain(entries);
    expect(state.ok).toBe(true);
  });
});
