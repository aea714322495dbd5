import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcess } from './support/cli-in-process';

describe('hustings contacts import (command line)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hustings-import-cli-'));
    for (const [k, v] of Object.entries({ DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_DATA_DIR: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) })) vi.stubEnv(k, v);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which columns it did not import and how to keep them', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'email,given_name,attr_a,attr_b,field_interest\nann@example.org,Ann,1,2,transports\n');
    const r = await inProcess(['--db', join(dir, 'store.db'), 'contacts', 'import', file, '--basis', 'consent', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 people created/);
    expect(r.stderr).toMatch(/2 columns not imported \(no target\): attr_a, attr_b; keep one with --map "COLUMN=field:NAME"/);
    // field_… columns are custom fields, not ignored.
    expect(r.stderr).not.toMatch(/field_interest/);
  });

  it('lists the imports and shows one with its bad rows, and points to it when the file comes again', async () => {
    const file = join(dir, 'reported.csv');
    writeFileSync(file, 'email,given_name\nrae@example.org,Rae\nnobody@,Bad\n');
    const db = join(dir, 'reports.db');
    expect((await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--no-progress'])).code).toBe(0);
    const list = await inProcess(['--db', db, 'contacts', 'imports']);
    expect(list.stdout).toMatch(/^#1\tfinished\t\S+\treported\.csv\t2 rows: 1 created, 0 merged, 0 for review, 0 erased, 1 bad\n$/);
    const show = await inProcess(['--db', db, 'contacts', 'imports', 'show', '1']);
    expect(show.stdout.split('\n')[1]).toMatch(/^ {2}line 3, email: /);
    expect(show.stdout).not.toContain('nobody@');
    expect(JSON.parse((await inProcess(['--db', db, 'contacts', 'imports', '--json'])).stdout)).toEqual([expect.objectContaining({ id: 1, state: 'finished' })]);
    const again = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--no-progress']);
    expect([again.code, again.stderr]).toEqual([3, expect.stringContaining('its report: `hustings contacts imports show 1`')]);
    const missing = await inProcess(['--db', db, 'contacts', 'imports', 'show', '9']);
    expect([missing.code, missing.stderr]).toEqual([3, expect.stringContaining('import 9: no such file import')]);
  });

  it('saves the mapping a preview shows, imports nothing, and the saved mapping serves the next file', async () => {
    const file = join(dir, 'fete.csv');
    writeFileSync(file, 'Courriel,Prénom,Portable\nbea@example.org,Béa,06 12 34 56 78\n');
    const db = join(dir, 'preview.db');
    const p = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--preview', '--map', 'Portable=phone', '--save-mapping', 'fete']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain('mapping saved as fete (use it with --mapping fete); nothing imported');
    const r = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--mapping', 'fete', '--no-progress', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 1, created: 1, mapping: { columns: { Courriel: 'email', Prénom: 'given_name', Portable: 'phone' } } });
  });

  it('registers an access export written with --out, and the erasure of its person deletes it', async () => {
    const file = join(dir, 'two.csv');
    writeFileSync(file, 'email,given_name\nzoe@example.org,Zoé\nyann@example.org,Yann\n');
    const db = join(dir, 'access.db');
    expect((await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--no-progress'])).code).toBe(0);
    const zoe = join(dir, 'zoe.json');
    const yann = join(dir, 'yann.json');
    const a = await inProcess(['--db', db, 'contacts', 'access', '1', '--out', zoe]);
    expect([a.code, a.stderr], a.stderr).toEqual([0, expect.stringContaining(`access export of person 1 written to ${zoe} (an erasure of the person deletes it)`)]);
    expect(readFileSync(zoe, 'utf8')).toContain('zoe@example.org');
    expect(statSync(zoe).mode & 0o777).toBe(0o600);
    expect((await inProcess(['--db', db, 'contacts', 'access', '2', '--out', yann])).code).toBe(0);
    const e = await inProcess(['--db', db, 'contacts', 'erase', '1', '--yes']);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toContain(`${zoe}: deleted (it held this person alone)`);
    expect(existsSync(zoe)).toBe(false);
    expect(readFileSync(yann, 'utf8')).toContain('yann@example.org');
    expect(existsSync(`${zoe}.partial`)).toBe(false);
    // Another file put at Yann's path since is not his access export: left as it is, said, and the erasure done.
    writeFileSync(yann, 'someone else\n');
    const other = await inProcess(['--db', db, 'contacts', 'erase', '2', '--yes']);
    expect(other.code, other.stderr).toBe(1);
    expect(other.stdout).toContain('Erased person 2');
    expect(other.stdout).toContain(`${yann}: NOT DELETED: its bytes are not those of the access export written there (another file was put at its path, or it was edited); check it, and delete or move it by hand`);
    expect(readFileSync(yann, 'utf8')).toBe('someone else\n');
  });

  it('writes over an export edited since only with --overwrite, and over a file it did not export never', async () => {
    const file = join(dir, 'overwrite.csv');
    writeFileSync(file, 'email,given_name,consent_newsletter_email\nines@example.org,Inès,yes\n');
    const db = join(dir, 'overwrite.db');
    expect((await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--notice', 'v1', '--no-progress'])).code).toBe(0);
    const out = join(dir, 'newsletter.csv');
    const exp = (...more: string[]) => inProcess(['--db', db, 'contacts', 'export', '--where', 'consent=newsletter/email', '--purpose', 'newsletter', '--channel', 'email', '--out', out, ...more]);
    expect((await exp()).code).toBe(0);
    // As written: replaced.
    expect((await exp()).code).toBe(0);
    writeFileSync(out, `${readFileSync(out, 'utf8')}my own line\r\n`);
    const refused = await exp();
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining(`export file ${out}: the file there is not the CSV export hustings wrote (its bytes differ: it was edited, or another file was put there); choose another path, move that file first, or pass --overwrite to replace it`)]);
    expect(readFileSync(out, 'utf8')).toContain('my own line');
    const forced = await exp('--overwrite');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('person_id,given_name,family_name,email\r\n1,Inès,,ines@example.org\r\n');
    // contacts access --out: the same rule; --overwrite needs --out.
    const access = join(dir, 'ines.json');
    expect((await inProcess(['--db', db, 'contacts', 'access', '1', '--out', access])).code).toBe(0);
    writeFileSync(access, '{"edited":true}\n');
    const again = await inProcess(['--db', db, 'contacts', 'access', '1', '--out', access]);
    expect([again.code, again.stderr]).toEqual([3, expect.stringContaining(`--out ${access}: the file there is not the access export hustings wrote`)]);
    expect((await inProcess(['--db', db, 'contacts', 'access', '1', '--out', access, '--overwrite'])).code).toBe(0);
    expect(readFileSync(access, 'utf8')).toContain('ines@example.org');
    const alone = await inProcess(['--db', db, 'contacts', 'access', '1', '--overwrite']);
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining('--overwrite: expected --out too')]);
    // Never a file hustings did not export, --overwrite or not.
    const mine = join(dir, 'mine.csv');
    writeFileSync(mine, 'kept\n');
    const never = await inProcess(['--db', db, 'contacts', 'export', '--where', 'consent=newsletter/email', '--purpose', 'newsletter', '--channel', 'email', '--out', mine, '--overwrite']);
    expect([never.code, never.stderr]).toEqual([3, expect.stringContaining(`export file ${mine}: a file is there that hustings did not export`)]);
    expect(readFileSync(mine, 'utf8')).toBe('kept\n');
  });

  it('rectifies a person: fields, emails, phones and address, cleared with "", audited by field name; refuses an empty or contradictory call', async () => {
    const file = join(dir, 'rectify.csv');
    writeFileSync(file, 'email,given_name,family_name,phone,street,postcode,city\nmorgan@example.org,Morgane,Le Goff,0611223344,1 rue de Siam,29200,Brest\n');
    const db = join(dir, 'rectify.db');
    expect((await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--no-progress'])).code).toBe(0);
    const r = await inProcess(['--db', db, 'contacts', 'rectify', '1', '--family-name', 'Le Goff-Kerouac', '--birth-year', '1984', '--add-email', 'M.LeGoff@Example.org', '--remove-email', 'morgan@example.org', '--remove-phone', '06 11 22 33 44', '--street', '3 quai Tabarly', '--postcode', '29200', '--city', 'Brest', '--area', '', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ personId: 1, fields: expect.arrayContaining(['family_name', 'birth_year', 'area', 'emails', 'phones', 'address']) });
    const a = JSON.parse((await inProcess(['--db', db, 'contacts', 'access', '1'])).stdout) as { person: Record<string, unknown>; contactPoints: { kind: string; value: string }[]; address: { street: string } | null };
    expect(a.person).toMatchObject({ givenName: 'Morgane', familyName: 'Le Goff-Kerouac', birthYear: 1984 });
    expect(JSON.stringify(a)).toContain('m.legoff@example.org');
    expect(JSON.stringify(a)).not.toContain('morgan@example.org');
    expect(JSON.stringify(a)).not.toContain('+33611223344');
    expect(JSON.stringify(a)).toContain('3 quai Tabarly');
    const gone = await inProcess(['--db', db, 'contacts', 'rectify', '1', '--no-address']);
    expect([gone.code, gone.stdout.trim()]).toEqual([0, 'Rectified person 1: address']);
    const log = await inProcess(['--db', db, 'audit', 'list', '--action', 'contacts.rectify', '--json']);
    expect(log.stdout).toContain('contacts.rectify');
    expect(log.stdout).not.toContain('Kerouac');
    const none = await inProcess(['--db', db, 'contacts', 'rectify', '1']);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('contacts rectify: nothing to change')]);
    const both = await inProcess(['--db', db, 'contacts', 'rectify', '1', '--no-address', '--city', 'Quimper']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--no-address removes the address')]);
    const bad = await inProcess(['--db', db, 'contacts', 'rectify', '1', '--add-email', 'not-an-email']);
    expect([bad.code, bad.stderr]).toEqual([3, 'hustings: --add-email: no @\n']);
    const missing = await inProcess(['--db', db, 'contacts', 'rectify', '99', '--area', 'x']);
    expect([missing.code, missing.stderr]).toEqual([expect.any(Number), expect.stringContaining('person 99: no such person')]);
  });

  it('exits 3 on a file with a header and no rows, or empty, naming it, and records no import', async () => {
    const file = join(dir, 'header-only.csv');
    writeFileSync(file, 'email,given_name,consent_newsletter_email\n');
    const db = join(dir, 'header-only.db');
    const r = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--notice', 'v1', '--no-progress']);
    expect([r.code, r.stdout, r.stderr]).toEqual([3, '', `hustings: ${file}: the file has a header line and no rows under it: nothing to import\n`]);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const e = await inProcess(['--db', db, 'contacts', 'import', empty, '--basis', 'consent', '--notice', 'v1', '--no-progress']);
    expect([e.code, e.stderr]).toEqual([3, expect.stringContaining(`${empty}: the file is empty`)]);
    // A byte-order mark and blank lines alone, as a spreadsheet saves an empty sheet: empty too, not of unknown format.
    const bom = join(dir, 'bom-only.csv');
    writeFileSync(bom, '\ufeff\r\n\r\n');
    const b = await inProcess(['--db', db, 'contacts', 'import', bom, '--basis', 'consent', '--notice', 'v1', '--no-progress']);
    expect([b.code, b.stdout, b.stderr]).toEqual([3, '', `hustings: ${bom}: the file is empty (only a byte-order mark and blank lines or spaces); expected a CSV with a header line, or JSON records\n`]);
    expect(JSON.parse((await inProcess(['--db', db, 'contacts', 'imports', '--json'])).stdout)).toEqual([]);
    // The same file with its rows is a first import, not a repeat.
    writeFileSync(file, 'email,given_name,consent_newsletter_email\nhal@example.org,Hal,yes\n');
    const ok = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--notice', 'v1', '--no-progress', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ rows: 1, created: 1 });
  });

  it('refuses the rows granting a consent without --notice, by line and column, and takes the file again with it', async () => {
    const file = join(dir, 'petition.csv');
    writeFileSync(file, 'email,given_name,consent_newsletter_email\numa@example.org,Uma,yes\nvic@example.org,Vic,yes\n');
    const db = join(dir, 'notice.db');
    const r = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--no-progress']);
    expect(r.code, r.stderr).toBe(3);
    const reason = 'grants newsletter/email, and the import gives no version of the privacy notice the person was shown: expected one (--notice VERSION, noticeVersion over HTTP); a withdrawal needs none';
    expect(r.stdout).toContain(`  line 2, column consent_newsletter_email: ${reason}\n  line 3, column consent_newsletter_email: ${reason}\n`);
    const preview = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--preview']);
    expect(preview.stdout).toContain(`validation of the first 2 rows: 2 bad\n  line 2, column consent_newsletter_email: ${reason}`);
    // Nothing was taken: the same file with --notice is a first import.
    const ok = await inProcess(['--db', db, 'contacts', 'import', file, '--basis', 'consent', '--notice', 'v2', '--no-progress', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ rows: 2, created: 2, bad: 0 });
  });

  it('exits 3 when no row of the file could be imported, after its report', async () => {
    const file = join(dir, 'wrong.csv');
    writeFileSync(file, 'email,given_name\nnot-an-address,Ann\nalso@@wrong,Bo\n');
    const r = await inProcess(['--db', join(dir, 'wrong.db'), 'contacts', 'import', file, '--basis', 'consent', '--no-progress']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/0 people created.* 2 bad rows/);
    expect(r.stderr).toContain(`${file}: no row could be imported (2 bad rows); check the file and its mapping with --preview`);
    // One good row is an import: the bad ones are reported, the run succeeds.
    writeFileSync(file, 'email,given_name\nnot-an-address,Ann\nbo@example.org,Bo\n');
    const ok = await inProcess(['--db', join(dir, 'wrong.db'), 'contacts', 'import', file, '--basis', 'consent', '--no-progress', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ rows: 2, created: 1, bad: 1 });
  });
});
