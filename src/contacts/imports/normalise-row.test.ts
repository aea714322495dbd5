import { describe, expect, it } from 'vitest';
import { normaliseRecord, planOf, splitFullName } from './normalise-row';

describe('planOf', () => {
  it('maps columns by own keys only: columns named like Object.prototype members are ignored, not crashed on', () => {
    const header = ['email', 'constructor', 'toString', 'hasOwnProperty', 'first_name'];
    const plan = planOf({ columns: { email: 'email', first_name: 'given' }, country: 'FR', tagSeparator: '|' } as never, header, true);
    expect(plan.emails).toEqual([0]);
    expect(plan.single).toEqual({ given: 4 });
    expect([plan.fields, plan.consents, plan.phones]).toEqual([[], [], []]);
  });
});

describe("a row's own notice version (a notice_version column)", () => {
  const header = ['email', 'consent_newsletter_email', 'Notice version'];
  const mapping = { columns: { email: 'email', consent_newsletter_email: 'consent:newsletter/email', 'Notice version': 'notice_version' }, country: 'FR', tagSeparator: '|' };
  const row = (withNotice: boolean, consent: string, notice: string) => normaliseRecord(['ada@example.org', consent, notice], 2, planOf(mapping, header, withNotice), Date.parse('2026-05-01'));

  it('lets a row grant a consent under its own version when the import gives none, and keeps it for the ledger', () => {
    expect(row(false, 'yes', ' v2 ')).toMatchObject({ ok: true, row: { consents: [['newsletter', 'email', true]], noticeVersion: 'v2' } });
    expect(row(false, 'no', '')).toMatchObject({ ok: true, row: { consents: [['newsletter', 'email', false]], noticeVersion: null } });
    // The import's version covers a row without its own (the writer puts it in).
    expect(row(true, 'yes', '')).toMatchObject({ ok: true, row: { consents: [['newsletter', 'email', true]], noticeVersion: null } });
    expect(row(false, 'yes', '3')).toMatchObject({ ok: true, row: { noticeVersion: '3' } });
  });

  it('refuses a grant with neither version, naming the column that could give it, and a cell that is no version', () => {
    expect(row(false, 'yes', '')).toEqual({
      ok: false, line: 2, column: 'consent_newsletter_email',
      reason: 'grants newsletter/email, and neither the row (its Notice version is empty) nor the import gives the version of the privacy notice the person was shown: expected one (in Notice version, or --notice VERSION, noticeVersion over HTTP); a withdrawal needs none',
    });
    expect(row(true, 'yes', 'oui')).toEqual({
      ok: false, line: 2, column: 'Notice version',
      reason: 'expected the version of the privacy notice the person was shown (such as v3 or 2026-05), found a yes or no: does the column say whether the notice was accepted? Map it to a consent, or leave it out',
    });
    for (const bad of ['v'.repeat(101), 'v3\u200b']) {
      expect(row(true, 'yes', bad)).toEqual({
        ok: false, line: 2, column: 'Notice version',
        reason: `expected the version of the privacy notice the person was shown (such as v3 or 2026-05), of at most 100 characters without control or invisible characters, found another value (${bad.length} characters; see the file at this line)`,
      });
    }
  });
});

describe('objections (object:CHANNEL columns)', () => {
  const header = ['email', 'do_not_call', 'do_not_contact', 'consent_newsletter_email'];
  const mapping = { columns: { email: 'email', do_not_call: 'object:phone', do_not_contact: 'object:*', consent_newsletter_email: 'consent:newsletter/email' }, country: 'FR', tagSeparator: '|' };
  const row = (...cells: string[]) => normaliseRecord(['ada@example.org', ...cells], 2, planOf(mapping as never, header, true), Date.parse('2026-05-01'));

  it('give the channels a yes objects to; no or nothing, none', () => {
    expect(row('true', '', '')).toMatchObject({ ok: true, row: { objections: ['phone'] } });
    expect(row('yes', 'x', '')).toMatchObject({ ok: true, row: { objections: ['phone', '*'] } });
    expect(row('false', 'no', 'yes')).toMatchObject({ ok: true, row: { objections: [], consents: [['newsletter', 'email', true]] } });
  });

  it('refuse a cell that is no yes or no, and a row that grants what it objects to', () => {
    expect(row('perhaps', '', '')).toMatchObject({ ok: false, column: 'do_not_call', reason: expect.stringMatching(/^expected yes \(do not contact\), no or nothing, found /) });
    expect(row('', 'yes', 'yes')).toEqual({ ok: false, line: 2, column: 'do_not_contact', reason: 'objects to every channel while the row grants newsletter/email: which holds? Correct the file at this line' });
    // A refusal beside an objection says the same thing twice.
    expect(row('', 'yes', 'no')).toMatchObject({ ok: true, row: { objections: ['*'], consents: [['newsletter', 'email', false]] } });
  });
});

describe('tags', () => {
  const tags = (cell: string, tagSeparator = '|') => {
    const r = normaliseRecord(['ada@example.org', cell], 2, planOf({ columns: { email: 'email', tags: 'tags' }, country: 'FR', tagSeparator } as never, ['email', 'tags'], true), Date.parse('2026-05-01'));
    return r.ok ? r.row.tags : r.reason;
  };

  it('are split at the separator, or, with the default and none in the cell, at commas and semicolons, quotes left out', () => {
    expect(tags('Donor|volunteer | donor')).toEqual(['donor', 'volunteer']);
    expect(tags('donor, volunteer')).toEqual(['donor', 'volunteer']);
    expect(tags('"donor","Phone bank"')).toEqual(['donor', 'phone bank']);
    expect(tags('"Phone bank, north","donor"')).toEqual(['phone bank, north', 'donor']);
    expect(tags('donor;volunteer')).toEqual(['donor', 'volunteer']);
    expect(tags('a, b|c')).toEqual(['a, b', 'c']);
    expect(tags('a, b/c', '/')).toEqual(['a, b', 'c']);
  });
});

describe('splitFullName', () => {
  it('takes the last word for the family name, with the lower-case particles before it', () => {
    expect(splitFullName('Ada Lovelace')).toEqual(['Ada', 'Lovelace']);
    expect(splitFullName('Jan van der Berg')).toEqual(['Jan', 'van der Berg']);
    expect(splitFullName('Charles de Gaulle')).toEqual(['Charles', 'de Gaulle']);
    expect(splitFullName('Ludwig van Beethoven')).toEqual(['Ludwig', 'van Beethoven']);
    expect(splitFullName('Marie Claire Dubois')).toEqual(['Marie Claire', 'Dubois']);
    // A capitalised word may be a given name (Van Morrison): only lower-case particles move.
    expect(splitFullName('Jean-Claude Van Damme')).toEqual(['Jean-Claude Van', 'Damme']);
    // A given name is never taken whole for a particle.
    expect(splitFullName('de Vries')).toEqual(['De', 'Vries']);
    expect(splitFullName('Lovelace')).toEqual([null, 'Lovelace']);
  });

  it('takes a family name written in capitals for one, before or after the given name', () => {
    const [given, family] = splitFullName('DUPONT Jean');
    expect(given).toBe('Jean');
    expect(family?.toUpperCase()).toBe('DUPONT');
    const [g2, f2] = splitFullName('Jean DE LA FONTAINE');
    expect(g2).toBe('Jean');
    expect(f2?.toUpperCase()).toBe('DE LA FONTAINE');
    // All in capitals: nothing tells the parts apart but the order.
    const [g4, f4] = splitFullName('JAN VAN DER BERG');
    expect(g4?.toUpperCase()).toBe('JAN VAN DER');
    expect(f4?.toUpperCase()).toBe('BERG');
  });
});
