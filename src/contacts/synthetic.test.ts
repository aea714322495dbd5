import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_EOL, CSV_HEADER, csvLine, syntheticContacts, writeSyntheticCsv, type ContactColumns, type SyntheticContact } from './synthetic';

const EMAIL = /^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** A French number once spaces, dots and '+' are gone: 0X + 8 digits, or 33 + X + 8 digits. */
const PHONE = /^(0[1-9]\d{8}|33[1-9]\d{8})$/;
const normEmail = (e: string): string => e.trim().toLowerCase();
const normPhone = (p: string): string => p.replace(/[ .+]/g, '');

const dir = await mkdtemp(join(tmpdir(), 'hustings-synthetic-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const sample: SyntheticContact[] = [...syntheticContacts({ rows: 20_000, seed: 7 })];

describe('syntheticContacts', () => {
  it('gives the same rows for the same seed, other rows for another', () => {
    const a = [...syntheticContacts({ rows: 500, seed: 3 })];
    const b = [...syntheticContacts({ rows: 500, seed: 3 })];
    const c = [...syntheticContacts({ rows: 500, seed: 4 })];
    expect(b).toEqual(a);
    expect(c.map(csvLine)).not.toEqual(a.map(csvLine));
  });

  it('repeats earlier people and spoils values at about the asked shares', () => {
    const rows = [...syntheticContacts({ rows: 50_000, seed: 11, duplicates: 0.05, bad: 0.01 })];
    const share = (k: string): number => rows.filter((r) => r.truth.kind === k).length / rows.length;
    expect(share('exact') + share('fuzzy')).toBeCloseTo(0.05, 2);
    expect(share('exact')).toBeGreaterThan(0.015);
    expect(share('fuzzy')).toBeGreaterThan(0.015);
    expect(share('bad')).toBeGreaterThan(0.008);
    expect(share('bad')).toBeLessThan(0.012);
    expect(rows.map((r) => r.truth.row)).toEqual(rows.map((_, i) => i + 1));
  });

  it('has valid e-mails and phones on every row that is not bad, ~10 % without e-mail and ~20 % without phone', () => {
    const good = sample.filter((r) => r.truth.kind !== 'bad');
    for (const r of good) {
      if (r.email !== '') expect(normEmail(r.email)).toMatch(EMAIL);
      if (r.phone !== '') expect(normPhone(r.phone)).toMatch(PHONE);
    }
    const fresh = sample.filter((r) => r.truth.kind === 'new');
    expect(fresh.filter((r) => r.email === '').length / fresh.length).toBeCloseTo(0.1, 1);
    expect(fresh.filter((r) => r.phone === '').length / fresh.length).toBeCloseTo(0.2, 1);
  });

  it('gives each person their own e-mail and phone, shared only by exact repeats', () => {
    const byEmail = new Map<string, number>();
    const byPhone = new Map<string, number>();
    for (const r of sample) {
      const e = normEmail(r.email);
      const p = normPhone(r.phone).replace(/^33/, '0');
      if (r.truth.kind === 'bad') continue;
      if (e !== '') expect(byEmail.get(e) ?? r.truth.person).toBe(r.truth.person);
      if (p !== '') expect(byPhone.get(p) ?? r.truth.person).toBe(r.truth.person);
      if (r.truth.kind !== 'new' && r.truth.kind !== 'exact') expect(e === '' || !byEmail.has(e)).toBe(true);
      if (e !== '') byEmail.set(e, r.truth.person);
      if (p !== '') byPhone.set(p, r.truth.person);
    }
  });

  it('makes exact repeats share the e-mail, written differently, and fuzzy ones share the address', () => {
    const first = new Map<number, SyntheticContact>();
    for (const r of sample) {
      if (r.truth.kind === 'new') first.set(r.truth.person, r);
      const orig = first.get(r.truth.person);
      if (r.truth.kind === 'exact') {
        expect(normEmail(r.email)).toBe(orig!.email);
        expect(r.email).not.toBe(orig!.email);
      }
      if (r.truth.kind === 'fuzzy') {
        expect([r.street, r.postcode, r.area]).toEqual([orig!.street, orig!.postcode, orig!.area]);
        expect(`${r.first_name} ${r.last_name}`).not.toBe(`${orig!.first_name} ${orig!.last_name}`);
      }
    }
  });

  it('fills the other columns within their domains', () => {
    const oneOf = (values: readonly string[]) => (v: string) => values.includes(v);
    const checks: Partial<Record<keyof ContactColumns, (v: string) => boolean>> = {
      birth_year: (v) => v === '' || (Number(v) >= 1935 && Number(v) <= 2007),
      gender: oneOf(['F', 'M', '']),
      language: oneOf(['fr', 'en', 'es', 'it', 'de', 'nl']),
      support: oneOf(['', '1', '2', '3', '4', '5']),
      volunteer: oneOf(['yes', 'no']),
      area: (v) => /^(29|34)\d{3}_\d{4}$/.test(v),
      postcode: (v) => v === '' || /^(29|34)\d{3}$/.test(v),
      tags: (v) => v.split('|').filter(Boolean).length <= 3,
      consent_newsletter_email: oneOf(['yes', 'no', '']),
      consent_canvassing_door: oneOf(['yes', 'no', '']),
      consent_canvassing_phone: oneOf(['yes', 'no', '']),
      consent_reuse_email: oneOf(['yes', 'no', '']),
      field_member_since: (v) => v === '' || (Number(v) >= 1995 && Number(v) <= 2026),
    };
    const wrong = sample
      .filter((r) => r.truth.kind !== 'bad')
      .flatMap((r) => Object.entries(checks).filter(([k, ok]) => !ok(r[k as keyof ContactColumns])).map(([k]) => `${r.truth.row} ${k}=${r[k as keyof ContactColumns]}`));
    expect(wrong).toEqual([]);
    expect(sample.every((r) => r.postcode === '' || r.postcode.slice(0, 2) === r.area.slice(0, 2))).toBe(true);
  });

  it('marks bad rows with the column that holds the invalid value', () => {
    const bad = [...syntheticContacts({ rows: 20_000, seed: 5, bad: 0.02 })].filter((r) => r.truth.kind === 'bad');
    expect(bad.length).toBeGreaterThan(300);
    for (const r of bad) {
      const v = r[r.truth.field!];
      if (r.truth.field === 'email') expect(normEmail(v)).not.toMatch(EMAIL);
      if (r.truth.field === 'phone') expect(normPhone(v)).not.toMatch(PHONE);
      if (r.truth.field === 'birth_year') expect(Number(v) >= 1900 && Number(v) <= 2026).toBe(false);
      if (r.truth.field === 'support') expect(['1', '2', '3', '4', '5', '']).not.toContain(v);
    }
  });

  it('refuses shares outside 0…1', () => {
    expect(() => [...syntheticContacts({ rows: 1, seed: 1, duplicates: 1.5 })]).toThrow(/duplicates/);
  });
});

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const row = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<keyof ContactColumns, string>;
    row.first_name = 'Anne "Nanou"';
    row.street = '12, rue de la Paix';
    row.field_interest = 'a\nb';
    const line = csvLine(row);
    expect(line.startsWith('"Anne ""Nanou""",')).toBe(true);
    expect(parse(`${CSV_HEADER}\r\n${line}\r\n`, { columns: true })).toEqual([row]);
  });
});

describe('writeSyntheticCsv', () => {
  it('writes a CSV that parses back to the rows, the same bytes for the same seed, and the truth beside it', async () => {
    const options = { rows: 3_000, seed: 9, duplicates: 0.1, bad: 0.01 };
    const [a, b, t] = [join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 't.jsonl')];
    const summary = await writeSyntheticCsv(a, { ...options, truthPath: t });
    await writeSyntheticCsv(b, options);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const rows = [...syntheticContacts(options)];
    const text = readFileSync(a, 'utf8');
    expect(text.split(CSV_EOL)[0]).toBe(CSV_HEADER);
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(parsed[0]!)).toEqual([...CSV_COLUMNS]);
    expect(parsed).toEqual(rows.map(({ truth: _, ...columns }) => columns));
    const truth = readFileSync(t, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(truth).toEqual(rows.map((r) => r.truth));
    expect(summary.rows).toBe(3_000);
    expect(summary.kinds.new + summary.kinds.exact + summary.kinds.fuzzy + summary.kinds.bad).toBe(3_000);
    expect(summary.persons).toBe(summary.kinds.new + summary.kinds.bad);
  });
});
