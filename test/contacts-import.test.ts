import { copyFileSync, existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { InputError } from '../src/core/errors';
import { rawContentKey } from '../src/core/source-key';
import { personRecord } from '../src/contacts/people/record';
import { guessMapping, HASH_SPACES, importContacts, importReport, listImports, previewImport } from '../src/contacts/imports';
import { writeSyntheticCsv } from '../src/contacts/synthetic';
import { contactsDb } from '../src/contacts/tables';
import { verifyAudit } from '../src/contacts/audit';
import { erase } from '../src/contacts/rights';
import { reachDrift, withReachTriggersAside } from '../src/contacts/reach';
import { dropHolder, holderAlive, newHolder, pidSpace, takeOver } from '../src/contacts/imports/lease';
import { backends } from './support/backends';
import { changeConsent } from '../src/contacts/consent/record';

/** Text as Windows-1252 bytes (Latin-1, with œ, ’ and € at their own bytes), as a French spreadsheet saves it. */
function encodeWindows1252(text: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '’': 0x92, 'œ': 0x9c, 'Œ': 0x8c };
  return Buffer.from([...text].map((c) => high[c] ?? c.charCodeAt(0)));
}

const source = { basis: 'consent' as const, collectedAt: Date.parse('2026-05-01'), collector: 'test', noticeVersion: 'v3' };

async function count(app: App, table: string): Promise<number> {
  const r = await app.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const backend of backends()) {
  describe(`contacts import on ${backend.name}`, () => {
    let app: App;
    let dir: string;
    let cleanup: () => Promise<void>;
    let csv: string;
    let truth: { kind: string; person: number; row: number }[];

    beforeAll(async () => {
      const fresh = await backend.fresh();
      ({ dir, cleanup } = fresh);
      app = await openApp(fresh.config);
      csv = join(dir, 'people.csv');
      await writeSyntheticCsv(csv, { rows: 3000, seed: 7, duplicates: 0.05, bad: 0.01, truthPath: join(dir, 'truth.jsonl') });
      truth = readFileSync(join(dir, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; person: number; row: number });
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('previews the guessed mapping and the bad rows without writing', async () => {
      const p = await previewImport(csv, null, { noticeVersion: 'v3' });
      expect(p.mapping.columns).toMatchObject({ first_name: 'given_name', email: 'email', phone: 'phone', consent_newsletter_email: 'consent:newsletter/email', field_interest: 'field:interest' });
      // A custom field's header with an accent or a space is folded into a field name, not refused.
      expect(guessMapping(['email', 'field_Intérêt', 'field_my note', 'field_¤']).columns).toEqual({ email: 'email', 'field_Intérêt': 'field:Interet', 'field_my note': 'field:my_note', 'field_¤': 'ignore' });
      expect(p.sample).toHaveLength(10);
      expect(p.bad.length).toBeGreaterThan(0);
      expect(await count(app, 'people')).toBe(0);
    });

    it('imports every good row once: exact duplicates merged, fuzzy ones queued, bad rows reported by line', async () => {
      const pragmas = (): unknown[] => (app.store.sqlite ? ['cache_size', 'wal_autocheckpoint'].map((p) => app.store.sqlite!.pragma(p, { simple: true })) : []);
      const settings = pragmas();
      const s = await importContacts(app, { file: csv, mapping: null, source, actor: 'tester', batchRows: 700 });
      const bad = truth.filter((t) => t.kind === 'bad').length;
      const exact = truth.filter((t) => t.kind === 'exact').length;
      const fuzzy = truth.filter((t) => t.kind === 'fuzzy').length;
      expect(s.rows).toBe(3000);
      expect(s.bad).toBe(bad);
      // Bad rows are the generator's, at the generator's lines (row r is line r + 1).
      expect(s.badRows.map((b) => b.line).sort((a, b) => a - b)).toEqual(truth.filter((t) => t.kind === 'bad').map((t) => t.row + 1));
      const people = await count(app, 'people');
      // Exact repeats never make a new person; fuzzy ones do, and most are queued for review.
      expect(people).toBe(3000 - bad - exact);
      // Every exact repeat is reported merged, whether its first row was in the same batch or an earlier one.
      expect(s.merged).toBe(exact);
      expect(s.created + s.merged + s.erased + s.bad).toBe(s.rows);
      const reviews = await contactsDb(app.store.db).selectFrom('review_queue').selectAll().where('kind', '=', 'fuzzy').execute();
      expect(reviews.length).toBeGreaterThanOrEqual(Math.floor(fuzzy * 0.8));
      expect(reviews.length).toBeLessThanOrEqual(fuzzy + 5);
      // Each stored value carries the import's source.
      const sources = await contactsDb(app.store.db).selectFrom('contact_sources').selectAll().execute();
      expect(sources).toHaveLength(1);
      expect(sources[0]).toMatchObject({ kind: 'import', basis: 'consent', notice_version: 'v3', label: 'people.csv' });
      expect(await count(app, 'person_sources')).toBe(3000 - bad);
      expect((await verifyAudit(app.store.db)).ok).toBe(true);
      // The import's page cache and checkpoint interval were its own: the connection has its settings back.
      expect(pragmas()).toEqual(settings);
      // The gate's table is right after batches written with its triggers set aside (SQLite) or firing (PostgreSQL).
      expect(await count(app, 'reach')).toBeGreaterThan(0);
      expect(await reachDrift(app.store.db)).toEqual({ missing: 0, extra: 0 });
    });

    it('holds back a grant that follows the same person\'s "no" in the file wherever the batches end', async () => {
      const outcome = async (name: string, batchRows: number) => {
        const file = join(dir, `${name}.csv`);
        writeFileSync(file, `email,first_name,consent_newsletter_email\n${name}@example.org,Nora,no\nother-${name}@example.org,Otto,yes\n${name}@example.org,Nora,yes\n`);
        const s = await importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows });
        const db = contactsDb(app.store.db);
        const person = await db.selectFrom('contact_points').select('person_id').where('value', '=', `${name}@example.org`).executeTakeFirstOrThrow();
        const state = await db.selectFrom('consent_state').select('granted').where('person_id', '=', person.person_id).where('purpose', '=', 'newsletter').executeTakeFirstOrThrow();
        const held = await db.selectFrom('review_queue').select(['kind', 'line']).where('person_id', '=', person.person_id).execute();
        return { created: s.created, merged: s.merged, review: s.review, granted: Number(state.granted), held };
      };
      const apart = await outcome('nora-apart', 1);
      const together = await outcome('nora-together', 1000);
      expect(apart).toEqual({ created: 2, merged: 1, review: 1, granted: 0, held: [{ kind: 'withdrawn', line: 4 }] });
      expect(together).toEqual(apart);
    });

    it('keeps the line of the file each consent entry came from', async () => {
      const file = join(dir, 'two-lines.csv');
      writeFileSync(file, 'email,first_name,consent_newsletter_email,consent_events_email\nlena@example.org,Lena,no,\nother-lena@example.org,Otto,yes,\nlena@example.org,Lena,,yes\n');
      await importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 1000 });
      const db = contactsDb(app.store.db);
      const person = await db.selectFrom('contact_points').select('person_id').where('value', '=', 'lena@example.org').executeTakeFirstOrThrow();
      const record = await personRecord(db, Number(person.person_id));
      expect(record!.consents.map((c) => [c.purpose, c.granted, c.source?.line])).toEqual([['newsletter', false, 2], ['events', true, 4]]);
    });

    it('refuses a header whose quote is never closed as an input error naming the file, not a crash', async () => {
      const file = join(dir, 'open-quote.csv');
      writeFileSync(file, '"unterminated,email\nx@y.z\n');
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester' })).rejects.toThrow(InputError);
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester' })).rejects.toThrow(/open-quote\.csv: line 1 \(the header\) is not valid CSV: expected column names separated by ",", each quoted one closed/);
    });

    it('reports a value holding a NUL character as a bad row, on both backends, and imports the rest', async () => {
      const file = join(dir, 'nul.csv');
      writeFileSync(file, 'email,city,field_hobby,consent_newsletter_email\nnul1@example.org,Br\u0000est,ok,yes\nnul3@example.org,Lyon,x,yes\nnul4@example.org,Caen,a\u0000b,yes\n');
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 3, created: 1, bad: 2 });
      expect(s.badRows).toEqual([
        { line: 2, column: 'city', reason: 'contains a NUL character (a damaged or binary file?)' },
        { line: 4, column: 'field_hobby', reason: 'contains a NUL character (a damaged or binary file?)' },
      ]);
    });

    it('imports a file again without --again when its earlier import took no row (a wrong mapping)', async () => {
      const file = join(dir, 'swapped.csv');
      writeFileSync(file, 'name,mail,tel\nAnn,ann.swapped@example.org,0612000001\nBob,bob.swapped@example.org,0612000002\n');
      const wrong = { columns: { name: 'given_name', mail: 'phone', tel: 'email' }, country: 'FR', tagSeparator: '|' };
      expect(await importContacts(app, { file, mapping: wrong, source, actor: 'tester' })).toMatchObject({ rows: 2, bad: 2, created: 0, merged: 0 });
      const right = { columns: { name: 'given_name', mail: 'email', tel: 'phone' }, country: 'FR', tagSeparator: '|' };
      expect(await importContacts(app, { file, mapping: right, source, actor: 'tester' })).toMatchObject({ rows: 2, bad: 0, created: 2 });
      // Once it took rows, it is imported: a third run needs --again.
      await expect(importContacts(app, { file, mapping: right, source, actor: 'tester' })).rejects.toThrow(/was imported already/);
    });

    it('refuses to import the same file twice unless told; again, known people merge', async () => {
      await expect(importContacts(app, { file: csv, mapping: null, source, actor: 'tester' })).rejects.toThrow(InputError);
      // A copy under another name, touched since, is the same content: refused too, naming the first.
      const copy = join(dir, 'people-copy.csv');
      copyFileSync(csv, copy);
      utimesSync(copy, new Date(), new Date(Date.now() + 5000));
      await expect(importContacts(app, { file: copy, mapping: null, source, actor: 'tester' })).rejects.toThrow(/was imported already \(import #\d+, [^)]*, from people\.csv: the same content; its report: `hustings contacts imports show (\d+)`, GET \/api\/contacts\/imports\/\1\)/);
      const before = await count(app, 'people');
      const s = await importContacts(app, { file: csv, mapping: null, source, actor: 'tester', again: true });
      // Rows with an email or phone merge into their people; rows with neither are new people queued as possible duplicates.
      expect(s.merged).toBeGreaterThan(0);
      const added = (await count(app, 'people')) - before;
      expect(added).toBe(s.created);
      expect(s.created + s.merged + s.erased + s.bad).toBe(s.rows);
      expect(s.review).toBeGreaterThanOrEqual(s.created);
      // Known people with consents got new ones and new contact points: their reach is recomputed.
      expect(await reachDrift(app.store.db)).toEqual({ missing: 0, extra: 0 });
    });

    it('knows a gzipped copy of an imported file, and an imported gzip file unzipped, as the same content', async () => {
      const rows = (tag: string): string => `email,given_name\n${Array.from({ length: 200 }, (_, i) => `${tag}${i}@example.org,${tag}${i}`).join('\n')}\n`;
      const plain = join(dir, 'zip-plain.csv');
      writeFileSync(plain, rows('zipa'));
      expect(await importContacts(app, { file: plain, mapping: null, source, actor: 'tester' })).toMatchObject({ rows: 200, created: 200 });
      const gzipped = join(dir, 'zip-plain.csv.gz');
      writeFileSync(gzipped, gzipSync(readFileSync(plain)));
      await expect(importContacts(app, { file: gzipped, mapping: null, source, actor: 'tester' })).rejects.toThrow(/was imported already \(import #\d+, [^)]*, from zip-plain\.csv: the same content/);
      // The other way: a gzip file imported, then its content unzipped.
      const gz = join(dir, 'zip-first.csv.gz');
      writeFileSync(gz, gzipSync(rows('zipb')));
      expect(await importContacts(app, { file: gz, mapping: null, source, actor: 'tester' })).toMatchObject({ rows: 200, created: 200 });
      const unzipped = join(dir, 'zip-first.csv');
      writeFileSync(unzipped, gunzipSync(readFileSync(gz)));
      await expect(importContacts(app, { file: unzipped, mapping: null, source, actor: 'tester' })).rejects.toThrow(/was imported already \(import #\d+, [^)]*, from zip-first\.csv\.gz: the same content/);
      // A gzip file imported before imports were known by their content decompressed (by its raw bytes) is still known.
      const db = contactsDb(app.store.db);
      const first = await db.selectFrom('contact_imports').select('id').where('file', '=', 'zip-first.csv.gz').executeTakeFirstOrThrow();
      await db.updateTable('contact_imports').set({ file_key: await rawContentKey(gz) }).where('id', '=', first.id).execute();
      await expect(importContacts(app, { file: gz, mapping: null, source, actor: 'tester' })).rejects.toThrow(/was imported already/);
      expect(await db.selectFrom('contact_imports').select('id').where('file', 'like', 'zip-%').execute()).toHaveLength(2);
    });

    it('sets the reach triggers aside only inside a transaction, and a failure brings them back (SQLite)', () => {
      const db = app.store.sqlite;
      if (!db) return;
      const triggers = (): unknown[] => db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
      const before = triggers();
      expect(before.length).toBeGreaterThanOrEqual(13);
      let inside: unknown[] = [];
      const failing = db.transaction(() =>
        withReachTriggersAside(db, () => {
          inside = triggers();
          throw new Error('mid-batch');
        }),
      );
      expect(failing).toThrow('mid-batch');
      expect(inside).toEqual([]);
      expect(triggers()).toEqual(before);
      expect(() => withReachTriggersAside(db, () => ({ result: 0, people: [] }))).toThrow(/inside a transaction/);
    });

    it('keeps the consent state at the latest entry, and the ledger append-only', async () => {
      const db = contactsDb(app.store.db);
      const entries = await count(app, 'consents');
      const states = await count(app, 'consent_state');
      expect(entries).toBeGreaterThan(states);
      const wrong = await db
        .selectFrom('consent_state as s')
        .innerJoin('consents as c', 'c.id', 's.consent_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('c.granted', '!=', eb.ref('s.granted')), eb('c.person_id', '!=', eb.ref('s.person_id'))]))
        .executeTakeFirstOrThrow();
      expect(Number(wrong.n)).toBe(0);
    });

    it('flags a re-import of an erased person instead of restoring them, and suppresses a do-not-contact email', async () => {
      const db = contactsDb(app.store.db);
      const file = join(dir, 'two.csv');
      writeFileSync(file, 'first_name,last_name,email,consent_newsletter_email\nAda,Erased,ada.erased@example.org,yes\nBob,Blocked,bob.blocked@example.org,yes\n');
      await db.insertInto('tombstones').values({ hash: app.pseudonymiser.pseudonym(HASH_SPACES.email, 'ada.erased@example.org'), kind: 'email', request_id: null, at: 1 }).execute();
      await db.insertInto('suppressed_values').values({ hash: app.pseudonymiser.pseudonym(HASH_SPACES.email, 'bob.blocked@example.org'), channel: '*', at: 1 }).execute();
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 2, created: 1, erased: 1 });
      expect(await db.selectFrom('people').select('id').where('family_name', '=', 'Erased').execute()).toHaveLength(0);
      const flagged = await db.selectFrom('review_queue').selectAll().where('kind', '=', 'erased').execute();
      expect(flagged).toEqual([expect.objectContaining({ import_id: s.importId, line: 2, person_id: null })]);
      const bob = await db.selectFrom('people').select('id').where('family_name', '=', 'Blocked').executeTakeFirstOrThrow();
      expect(await db.selectFrom('suppressions').select('channel').where('person_id', '=', bob.id).execute()).toEqual([{ channel: '*' }]);
    });

    it("puts on the do-not-contact list the people a file's do_not_call, do_not_email or do_not_contact column says yes for, and refuses a row that also grants that channel", async () => {
      const db = contactsDb(app.store.db);
      const file = join(dir, 'nationbuilder.csv');
      writeFileSync(
        file,
        'first_name,last_name,email,phone_number,do_not_call,do_not_contact,consent_canvassing_phone\n' +
          'Carl,Caller,carl.caller@example.org,+33 6 12 34 56 01,true,false,\n' +
          'Dana,Nocontact,dana.nocontact@example.org,,,yes,\n' +
          'Eve,Either,eve.either@example.org,+33 6 12 34 56 03,true,,yes\n' +
          'Fay,Free,fay.free@example.org,+33 6 12 34 56 04,false,no,yes\n' +
          'Gus,Garbled,gus.garbled@example.org,,maybe,,\n',
      );
      const preview = await previewImport(file, null, { noticeVersion: 'v3' });
      expect(preview.mapping.columns).toMatchObject({ do_not_call: 'object:phone', do_not_contact: 'object:*', consent_canvassing_phone: 'consent:canvassing/phone' });
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 5, created: 3, bad: 2 });
      expect(s.badRows).toEqual([
        { line: 4, column: 'do_not_call', reason: 'objects to phone while the row grants canvassing/phone: which holds? Correct the file at this line' },
        { line: 6, column: 'do_not_call', reason: expect.stringMatching(/^expected yes \(do not contact\), no or nothing, found /) },
      ]);
      const suppressed = async (family: string) => {
        const p = await db.selectFrom('people').select('id').where('family_name', '=', family).executeTakeFirstOrThrow();
        return (await db.selectFrom('suppressions').select('channel').where('person_id', '=', p.id).execute()).map((r) => r.channel);
      };
      expect(await suppressed('Caller')).toEqual(['phone']);
      expect(await suppressed('Nocontact')).toEqual(['*']);
      expect(await suppressed('Free')).toEqual([]);
    });

    it("does not let a later file's yes overrule a person's own withdrawal: the grant is held back and queued for review", async () => {
      const db = contactsDb(app.store.db);
      const first = join(dir, 'will-1.csv');
      writeFileSync(first, 'first_name,last_name,email,consent_newsletter_email,consent_events_email\nWill,Withdraw,will.withdraw@example.org,yes,yes\n');
      await importContacts(app, { file: first, mapping: null, source, actor: 'tester' });
      const will = Number((await db.selectFrom('people').select('id').where('family_name', '=', 'Withdraw').executeTakeFirstOrThrow()).id);
      await changeConsent(app.store, { personId: will, purpose: 'newsletter', channel: 'email', granted: false, how: 'unsubscribe link', basis: 'consent', noticeVersion: null, actor: 'dpo' });
      // A refreshed list from the petition tool, collected later, says yes again.
      const again = join(dir, 'will-2.csv');
      writeFileSync(again, 'email,consent_newsletter_email,consent_events_email,first_name\nwill.withdraw@example.org,yes,yes,Will\n');
      const s = await importContacts(app, { file: again, mapping: null, source: { ...source, collectedAt: Date.parse('2026-06-01') }, actor: 'tester' });
      expect(s).toMatchObject({ rows: 1, merged: 1, review: 1 });
      const state = await db.selectFrom('consent_state').select(['purpose', 'granted']).where('person_id', '=', will).orderBy('purpose').execute();
      expect(state.map((r) => [r.purpose, Number(r.granted)])).toEqual([['events', 1], ['newsletter', 0]]);
      const queued = await db.selectFrom('review_queue').selectAll().where('kind', '=', 'withdrawn').where('person_id', '=', will).execute();
      expect(queued).toEqual([expect.objectContaining({ import_id: s.importId, line: 2, other_id: null, reason: expect.stringMatching(/^this file grants newsletter\/email, which the person withdrew/) })]);
    });

    it('refuses a file with no header line, or with lines ended by a bare CR, before writing anything and without repeating its data', async () => {
      const before = await count(app, 'contact_imports');
      const headerless = join(dir, 'noheader.csv');
      writeFileSync(headerless, 'jean.secret@example.org,Jean,Secretname,0612345678\nmarie@example.org,Marie,Curie,0698765432\n');
      const refused = importContacts(app, { file: headerless, mapping: null, source, actor: 'tester' });
      await expect(refused).rejects.toThrow(InputError);
      await expect(refused).rejects.toThrow('line 1 (the header): none of its 4 columns is taken for a name, an e-mail or a phone, and it holds what looks like an e-mail address or a phone number: does the file have a header line?');
      await expect(refused).rejects.not.toThrow(/secret|Jean|0612/);
      await expect(previewImport(headerless, null)).rejects.toThrow(/does the file have a header line/);
      const mac = join(dir, 'mac.csv');
      writeFileSync(mac, 'email,first_name\rcr1@example.org,CR1\rcr2@example.org,CR2\r');
      await expect(importContacts(app, { file: mac, mapping: null, source, actor: 'tester' })).rejects.toThrow(/ends its lines with CR alone/);
      expect(await count(app, 'contact_imports')).toBe(before);
    });

    it('refuses a file with a header and no rows, and an empty one (no bytes, or only a byte-order mark and blanks), naming the file and recording no import', async () => {
      const [before, sources] = [await count(app, 'contact_imports'), await count(app, 'contact_sources')];
      const header = join(dir, 'header-only.csv');
      writeFileSync(header, 'email,first_name,consent_newsletter_email\r\n\r\n');
      const refused = importContacts(app, { file: header, mapping: null, source, actor: 'tester' });
      await expect(refused).rejects.toThrow(InputError);
      await expect(refused).rejects.toThrow(`${header}: the file has a header line and no rows under it: nothing to import`);
      const array = join(dir, 'none.json');
      writeFileSync(array, '[]\n');
      await expect(importContacts(app, { file: array, mapping: null, source, actor: 'tester' })).rejects.toThrow(`${array}: the file holds no records: nothing to import`);
      const empty = join(dir, 'empty.csv');
      writeFileSync(empty, '');
      await expect(importContacts(app, { file: empty, mapping: null, source, actor: 'tester' })).rejects.toThrow(`${empty}: the file is empty`);
      // A byte-order mark, blank lines or spaces alone are an empty file too, not one of unknown format; the preview says the same.
      const blanks: [string, string][] = [['\ufeff', 'only a byte-order mark'], ['\ufeff\r\n\r\n  \n', 'only a byte-order mark and blank lines or spaces'], ['\n \t\r\n\n', 'only blank lines or spaces']];
      for (const [text, what] of blanks) {
        const blank = join(dir, 'blank.csv');
        writeFileSync(blank, text);
        const said = `${blank}: the file is empty (${what}); expected a CSV with a header line, or JSON records`;
        await expect(importContacts(app, { file: blank, mapping: null, source, actor: 'tester' })).rejects.toThrow(new InputError(said, blank));
        await expect(previewImport(blank, null)).rejects.toThrow(new InputError(said, blank));
      }
      expect(await count(app, 'contact_imports')).toBe(before);
      expect(await count(app, 'contact_sources')).toBe(sources);
      // The file, once it has its rows, is a first import: not refused as one imported before.
      writeFileSync(header, 'email,first_name,consent_newsletter_email\r\nhedda@example.org,Hedda,yes\r\n');
      expect(await importContacts(app, { file: header, mapping: null, source, actor: 'tester' })).toMatchObject({ rows: 1, created: 1 });
    });

    it('recognises an erased person by name, birth year and postcode when they come back without email or phone', async () => {
      const db = contactsDb(app.store.db);
      const first = join(dir, 'first.csv');
      writeFileSync(first, 'first_name,last_name,email,street,postcode,city,birth_year\nYvonne,Tombée,yvonne@example.org,3 rue Haute,34000,Montpellier,1961\n');
      await importContacts(app, { file: first, mapping: null, source, actor: 'tester' });
      const yvonne = await db.selectFrom('people').select('id').where('family_name', '=', 'Tombée').executeTakeFirstOrThrow();
      await erase(app, Number(yvonne.id), { actor: 'tester' });
      const back = join(dir, 'back.csv');
      writeFileSync(back, 'first_name,last_name,street,postcode,city,birth_year\nyvonne,TOMBEE,3 r. Haute,34 000,Montpellier,1961\n');
      const s = await importContacts(app, { file: back, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 1, created: 0, erased: 1 });
    });

    it("imports a housemate's row with an erased person's landline, queued for review, and still flags the erased person and anyone not clearly someone else", async () => {
      const db = contactsDb(app.store.db);
      const home = join(dir, 'household.csv');
      writeFileSync(home, 'first_name,last_name,phone,email\nJean,Kerhoaziou,04 67 11 22 33,jean.kerhoaziou@example.org\n');
      await importContacts(app, { file: home, mapping: null, source, actor: 'tester' });
      const jean = await db.selectFrom('contact_points').select('person_id').where('value', '=', 'jean.kerhoaziou@example.org').executeTakeFirstOrThrow();
      await erase(app, Number(jean.person_id), { actor: 'tester' });
      const later = join(dir, 'household-later.csv');
      writeFileSync(
        later,
        [
          'first_name,last_name,phone,email',
          'Marie,Kerhoaziou,04 67 11 22 33,', // his wife, on the landline: someone else
          'Jean,Kerhoaziou,04 67 11 22 33,', // him
          'J.,Kerhoaziou,04 67 11 22 33,', // an initial tells no one apart
          'Jaen,Kerhoaziou,,jean.kerhoaziou@example.org', // a slip of the keyboard
          'Jean-Pierre,Kerhoaziou,04 67 11 22 33,', // holds his name
          ',Kerhoaziou,04 67 11 22 33,', // no given name
        ].join('\n') + '\n',
      );
      const s = await importContacts(app, { file: later, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 6, created: 1, erased: 5, review: 1 });
      const marie = await db.selectFrom('people').select(['id', 'given_name']).where('family_name', '=', 'Kerhoaziou').execute();
      expect(marie.map((p) => p.given_name)).toEqual(['Marie']);
      const marieId = Number(marie[0]!.id);
      const queued = await db.selectFrom('review_queue').selectAll().where('kind', '=', 'erased').where('import_id', '=', s.importId).orderBy('line').execute();
      expect(queued.map((q) => [q.line, q.person_id === null ? null : Number(q.person_id)])).toEqual([[2, marieId], [3, null], [4, null], [5, null], [6, null], [7, null]]);
      expect(queued[0]!.reason).toBe("this row's phone belonged to a person since erased, of another name (shared by a household or an office?): taken for someone else, and imported. If it is that person, erase them again");
      // Her row again: merged into her, nothing queued; once she is erased too, the landline's tombstone knows both, and their son is someone else.
      writeFileSync(later, 'first_name,last_name,phone\nMarie,Kerhoaziou,04 67 11 22 33\n');
      expect(await importContacts(app, { file: later, mapping: null, source, actor: 'tester' })).toMatchObject({ rows: 1, merged: 1, review: 0, erased: 0 });
      await erase(app, marieId, { actor: 'tester' });
      writeFileSync(later, 'first_name,last_name,phone\nMarie,Kerhoaziou,04 67 11 22 33\nJean,Kerhoaziou,+33467112233\nThéo,Kerhoaziou,04 67 11 22 33\n');
      const third = await importContacts(app, { file: later, mapping: null, source, actor: 'tester' });
      expect(third).toMatchObject({ rows: 3, created: 1, erased: 2, review: 1 });
      expect((await db.selectFrom('people').select('given_name').where('family_name', '=', 'Kerhoaziou').execute()).map((p) => p.given_name)).toEqual(['Théo']);
    });

    it('flags every row with an erased value when the erased person had no given name, or the tombstone is older than names', async () => {
      const db = contactsDb(app.store.db);
      const first = join(dir, 'nameless.csv');
      writeFileSync(first, 'last_name,email\nSansprenom,nameless@example.org\n');
      await importContacts(app, { file: first, mapping: null, source, actor: 'tester' });
      const nameless = await db.selectFrom('contact_points').select('person_id').where('value', '=', 'nameless@example.org').executeTakeFirstOrThrow();
      await erase(app, Number(nameless.person_id), { actor: 'tester' });
      const hash = app.pseudonymiser.pseudonym(HASH_SPACES.email, 'nameless@example.org');
      expect(await db.selectFrom('tombstones').select('names').where('hash', '=', hash).executeTakeFirstOrThrow()).toEqual({ names: null });
      writeFileSync(first, 'first_name,last_name,email\nOlga,Autre,nameless@example.org\n');
      expect(await importContacts(app, { file: first, mapping: null, source, actor: 'tester' })).toMatchObject({ rows: 1, created: 0, erased: 1 });
    });

    it('reads JSON records with nested fields and a mapping', async () => {
      const file = join(dir, 'people.jsonl');
      writeFileSync(file, [JSON.stringify({ name: { first: 'Chloé', last: 'Json' }, contact: { mail: 'CHLOE.JSON@Example.org ' }, tags: ['donor', 'Volunteer'] }), '{not json', JSON.stringify({ name: { first: 'Dan', last: 'Json' }, contact: { mail: 'dan@' } })].join('\n'));
      const mapping = { columns: { 'name.first': 'given_name', 'name.last': 'family_name', 'contact.mail': 'email', tags: 'tags' }, country: 'FR', tagSeparator: '|' };
      const s = await importContacts(app, { file, mapping, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 3, created: 1, bad: 2 });
      expect(s.badRows.map((b) => [b.line, b.column])).toEqual([[2, null], [3, 'contact.mail']]);
      const db = contactsDb(app.store.db);
      const chloe = await db.selectFrom('contact_points').select(['person_id', 'value']).where('value', '=', 'chloe.json@example.org').executeTakeFirstOrThrow();
      const tags = await db.selectFrom('person_tags').innerJoin('tags', 'tags.id', 'person_tags.tag_id').select('tags.name').where('person_id', '=', chloe.person_id).orderBy('tags.name').execute();
      expect(tags.map((t) => t.name)).toEqual(['donor', 'volunteer']);
    });

    it('takes a first JSON line past 1 MiB for a bad row and imports the lines after it; refuses a file of that line alone, recording nothing', async () => {
      const long = JSON.stringify({ email: 'long@example.org', first_name: 'Long', note: 'a'.repeat(3 * 1024 * 1024) });
      const file = join(dir, 'long-first.jsonl');
      writeFileSync(file, [long, ...Array.from({ length: 5 }, (_, i) => JSON.stringify({ email: `after${i}@example.org`, first_name: `After${i}` }))].join('\n'));
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 6, created: 5, bad: 1, position: 'line', badRows: [{ line: 1, column: null, reason: `line is ${long.length.toLocaleString('en')} bytes, over the 1,048,576-byte limit` }] });
      const before = await count(app, 'contact_imports');
      const alone = join(dir, 'long-alone.json');
      writeFileSync(alone, long);
      await expect(importContacts(app, { file: alone, mapping: null, source, actor: 'tester' })).rejects.toThrow(
        new InputError(`${alone}: its one record cannot be read, so the file gives no columns to import; line 1: line is ${long.length.toLocaleString('en')} bytes, over the 1,048,576-byte limit`, alone),
      );
      expect(await count(app, 'contact_imports')).toBe(before);
    });

    it('resumes an interrupted one-line JSON array at the next record, and reports its bad rows by record', async () => {
      const file = join(dir, 'minified.json');
      const people = Array.from({ length: 30 }, (_, i) => (i === 17 ? { first: 'Bad', last: 'Mail', email: 'nobody@' } : { first: `Min${i}`, last: 'Ified', email: `min${i}@example.org` }));
      writeFileSync(file, JSON.stringify(people));
      const mapping = { columns: { first: 'given_name', last: 'family_name', email: 'email' }, country: 'FR', tagSeparator: '|' };
      // Stopped after its first batch of 10 committed, as a crash would.
      let batches = 0;
      const stop = () => {
        if (++batches === 1) throw new Error('stopped');
      };
      await expect(importContacts(app, { file, mapping, source, actor: 'tester', batchRows: 10, onProgress: stop })).rejects.toThrow('stopped');
      const s = await importContacts(app, { file, mapping, source, actor: 'tester', batchRows: 10 });
      expect(s).toMatchObject({ rows: 30, created: 29, bad: 1, position: 'record', resumedAfter: 10 });
      expect(s.badRows).toEqual([{ line: 18, column: 'email', reason: expect.any(String) }]);
      const db = contactsDb(app.store.db);
      const stored = await db.selectFrom('contact_points').select('value').where('value', 'like', 'min%@example.org').execute();
      expect(stored).toHaveLength(29);
    });

    it("records in each batch's checkpoint the rows read up to its own last line, not those read while it was written", async () => {
      const file = join(dir, 'overlap.csv');
      // Line 16, in the second batch of 10, is bad; the third batch holds the rest.
      writeFileSync(file, ['first_name,last_name,email', ...Array.from({ length: 30 }, (_, i) => (i === 14 ? 'Bad,Row,nobody@' : `Ov${i},Erlap,ov${i}@example.org`))].join('\n'));
      const db = contactsDb(app.store.db);
      let batches = 0;
      const stop = () => {
        if (++batches === 1) throw new Error('stopped');
      };
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10, onProgress: stop })).rejects.toThrow('stopped');
      const left = await db.selectFrom('contact_imports').selectAll().where('file', '=', 'overlap.csv').executeTakeFirstOrThrow();
      expect(Number(left.done_line)).toBe(11);
      expect(JSON.parse(left.counts)).toEqual({ rows: 10, created: 10, merged: 0, review: 0, erased: 0, bad: 0 });
      expect(JSON.parse(left.bad)).toEqual([]);
      expect(await db.selectFrom('people').select('id').where('family_name', '=', 'Erlap').execute()).toHaveLength(10);
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10 });
      expect(s).toMatchObject({ rows: 30, created: 29, bad: 1, resumedAfter: 11 });
      expect(s.badRows).toEqual([{ line: 16, column: 'email', reason: expect.any(String) }]);
      expect(await db.selectFrom('people').select('id').where('family_name', '=', 'Erlap').execute()).toHaveLength(29);
    });

    it('resumes an interrupted --again import as it began: same mapping, date and notice, nothing doubled', async () => {
      const file = join(dir, 'again.csv');
      writeFileSync(file, ['first_name,last_name,email,consent_newsletter_email', ...Array.from({ length: 30 }, (_, i) => `Ag${i},Ain,ag${i}@example.org,yes`)].join('\n'));
      await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      let batches = 0;
      const stop = () => {
        if (++batches === 1) throw new Error('stopped');
      };
      const first = { ...source, collectedAt: Date.parse('2026-05-10'), noticeVersion: 'v4' };
      await expect(importContacts(app, { file, mapping: null, source: first, actor: 'tester', again: true, batchRows: 10, onProgress: stop })).rejects.toThrow('stopped');
      // Run again with other flags (a date of today, another notice): it resumes as it began.
      const s = await importContacts(app, { file, mapping: null, source: { ...source, collectedAt: Date.parse('2026-05-20'), noticeVersion: 'v9' }, actor: 'tester', again: true, batchRows: 10 });
      expect(s).toMatchObject({ rows: 30, merged: 30, resumedAfter: 11 });
      const db = contactsDb(app.store.db);
      const entries = await db.selectFrom('consents').select(['notice_version', 'at']).where('source_id', '=', s.sourceId).execute();
      expect(entries).toHaveLength(30);
      expect(new Set(entries.map((e) => `${e.notice_version}@${Number(e.at)}`))).toEqual(new Set([`v4@${first.collectedAt}`]));
      expect(await db.selectFrom('people').select('id').where('family_name', '=', 'Ain').execute()).toHaveLength(30);
    });

    it('runs an import of a file once at a time: refused while it runs, resumed once its runner is gone', async () => {
      const file = join(dir, 'leased.csv');
      // Batches enough for the second run to look while the first is still at work.
      const n = 200;
      writeFileSync(file, ['first_name,last_name,email,consent_newsletter_email', ...Array.from({ length: n }, (_, i) => `Le${i},Ase,le${i}@example.org,yes`)].join('\n'));
      const db = contactsDb(app.store.db);
      const row = () => db.selectFrom('contact_imports').selectAll().where('file', '=', 'leased.csv').executeTakeFirstOrThrow();
      // A second run of the file while the first is between batches (a retried upload, a double click).
      let second: Promise<unknown> | null = null;
      const startSecond = () => {
        second ??= importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10 });
        second.catch(() => undefined);
      };
      const first = await importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10, onProgress: startSecond });
      expect(first).toMatchObject({ rows: n, created: n });
      // PostgreSQL: refused while the first runs. SQLite writes each batch without giving way, and the first may be done before the second looks.
      const refused = backend.name === 'postgres' ? /^import #\d+ of this file is running \(started .+, committed up to line \d+\); wait for it to finish/ : /of this file is running|was imported already/;
      await expect(second).rejects.toThrow(refused);
      await expect(second).rejects.toThrow(InputError);
      expect(await db.selectFrom('consents').select('id').where('source_id', '=', first.sourceId).execute()).toHaveLength(n);
      expect(await row()).toMatchObject({ held_by: null, held_until: null });

      // Stopped after a batch: the lease is let go, and the next run resumes at once.
      let batches = 0;
      const stop = () => {
        if (++batches === 2) throw new Error('stopped');
      };
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester', again: true, batchRows: 10, onProgress: stop })).rejects.toThrow('stopped');
      const stopped = await db.selectFrom('contact_imports').selectAll().where('file', '=', 'leased.csv').where('finished_at', 'is', null).executeTakeFirstOrThrow();
      expect(stopped).toMatchObject({ held_by: null, held_until: null });
      // Held by a run on another machine: refused while its lease lasts, resumed once it has lapsed.
      const held = (until: number) => db.updateTable('contact_imports').set({ held_by: 'other-host:4242:0123456789ab', held_until: until }).where('id', '=', stopped.id).execute();
      await held(Date.now() + 60_000);
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester', again: true, batchRows: 10 })).rejects.toThrow(/of this file is running/);
      await held(Date.now() - 1);
      const resumed = await importContacts(app, { file, mapping: null, source, actor: 'tester', again: true, batchRows: 10 });
      expect(resumed).toMatchObject({ importId: Number(stopped.id), rows: n, merged: n, resumedAfter: 21 });
      expect(await db.selectFrom('consents').select('id').where('source_id', '=', resumed.sourceId).execute()).toHaveLength(n);
    });

    it('starts one import of a file uploaded twice at once', async () => {
      const file = join(dir, 'twice.csv');
      writeFileSync(file, ['first_name,last_name,email,consent_newsletter_email', ...Array.from({ length: 40 }, (_, i) => `Tw${i},Ice,tw${i}@example.org,yes`)].join('\n'));
      const runs = await Promise.allSettled([0, 1].map(() => importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10 })));
      const done = runs.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof importContacts>>> => r.status === 'fulfilled');
      const refused = runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(done).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(InputError);
      expect(String(refused[0]!.reason)).toMatch(/of this file is running|was imported already/);
      const db = contactsDb(app.store.db);
      expect(await db.selectFrom('contact_imports').select('id').where('file', '=', 'twice.csv').execute()).toHaveLength(1);
      expect(await db.selectFrom('consents').select('id').where('source_id', '=', done[0]!.value.sourceId).execute()).toHaveLength(40);
      expect(await db.selectFrom('people').select('id').where('family_name', '=', 'Ice').execute()).toHaveLength(40);
    });

    it('keeps each file import\'s report: state, counts, bad rows; sign-ups left out', async () => {
      const file = join(dir, 'reported.csv');
      writeFileSync(file, ['first_name,last_name,email', 'Re,Port,re@example.org', 'Bad,Mail,nobody@', 'Ok,Port,ok@example.org'].join('\n'));
      const done = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      const stoppedFile = join(dir, 'stopped.csv');
      writeFileSync(stoppedFile, ['first_name,last_name,email', ...Array.from({ length: 20 }, (_, i) => `St${i},Op,st${i}@example.org`)].join('\n'));
      await expect(importContacts(app, { file: stoppedFile, mapping: null, source, actor: 'tester', batchRows: 10, onProgress: () => { throw new Error('stopped'); } })).rejects.toThrow('stopped');
      await importContacts(app, { file: { label: 'web-form', header: ['email'], rows: [['form.person@example.org']] }, mapping: { columns: { email: 'email' }, country: 'FR', tagSeparator: '|' }, source: { ...source, kind: 'signup' }, actor: 'system:signup:web-form', again: true });
      const list = await listImports(app.store.db, { limit: 3 });
      expect(list.map((r) => [r.file, r.state])).toEqual([['stopped.csv', 'interrupted'], ['reported.csv', 'finished'], [expect.any(String), expect.any(String)]]);
      expect(list[0]).toMatchObject({ doneLine: 11, counts: { rows: 10, created: 10 } });
      expect(list[0]!.badRows).toBeUndefined();
      const report = await importReport(app.store.db, done.importId);
      expect(report).toMatchObject({ id: done.importId, file: 'reported.csv', state: 'finished', actor: 'tester', counts: { rows: 3, created: 2, bad: 1 }, badRows: [{ line: 3, column: 'email', reason: expect.any(String) }] });
      expect(JSON.stringify(report)).not.toContain('nobody@');
      // Held by a live run elsewhere: running.
      const stopped = list[0]!;
      await contactsDb(app.store.db).updateTable('contact_imports').set({ held_by: 'other-host:4242:0123456789ab', held_until: Date.now() + 60_000 }).where('id', '=', stopped.id).execute();
      expect((await importReport(app.store.db, stopped.id)).state).toBe('running');
      await contactsDb(app.store.db).updateTable('contact_imports').set({ held_by: null, held_until: null }).where('id', '=', stopped.id).execute();
      expect((await listImports(app.store.db, { before: stopped.id, limit: 1 }))[0]!.id).toBe(done.importId);
      await expect(importReport(app.store.db, 987_654)).rejects.toThrow('import 987654: no such file import');
    });

    it('stops a run that lost its lease without writing its batch, and keeps one unfinished import per file', async () => {
      const file = join(dir, 'taken.csv');
      writeFileSync(file, ['first_name,last_name,email', ...Array.from({ length: 30 }, (_, i) => `Ta${i},Ken,ta${i}@example.org`)].join('\n'));
      const db = contactsDb(app.store.db);
      // Another run takes the import over after this one's first batch (this one stalled past its lease).
      let batches = 0;
      const takeOver = () => {
        if (++batches === 1) void db.updateTable('contact_imports').set({ held_by: 'other-host:1:000000000000', held_until: Date.now() + 60_000 }).where('file', '=', 'taken.csv').execute();
      };
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10, onProgress: takeOver })).rejects.toThrow(/^import #\d+ was taken over by another run/);
      const left = await db.selectFrom('contact_imports').selectAll().where('file', '=', 'taken.csv').executeTakeFirstOrThrow();
      expect(left).toMatchObject({ finished_at: null, held_by: 'other-host:1:000000000000' });
      // The batches committed before the take-over are kept (one person a line after the header), the one after it is not.
      expect(Number(left.done_line)).toBeLessThan(31);
      expect(await db.selectFrom('people').select('id').where('family_name', '=', 'Ken').execute()).toHaveLength(Number(left.done_line) - 1);
      // A second unfinished import of the same file cannot be stored.
      await expect(db.insertInto('contact_imports').values({ ...left, id: Number(left.id) + 1000 }).execute()).rejects.toThrow(/unique|UNIQUE/);
    });

    it('takes an import over as it stands once taken, not as it was read (the old run may commit a batch in between)', async () => {
      const file = join(dir, 'between.csv');
      writeFileSync(file, ['first_name,last_name,email', ...Array.from({ length: 30 }, (_, i) => `Be${i},Tween,be${i}@example.org`)].join('\n'));
      const db = contactsDb(app.store.db);
      await expect(importContacts(app, { file, mapping: null, source, actor: 'tester', batchRows: 10, onProgress: () => { throw new Error('stopped'); } })).rejects.toThrow('stopped');
      const row = () => db.selectFrom('contact_imports').selectAll().where('file', '=', 'between.csv').executeTakeFirstOrThrow();
      // Left by a run elsewhere whose lease lapsed; read so by the next run...
      await db.updateTable('contact_imports').set({ held_by: 'other-host:7:0123456789ab', held_until: Date.now() - 1 }).where('file', '=', 'between.csv').execute();
      const found = await row();
      expect(Number(found.done_line)).toBe(11);
      // ...which the old run, late but still holding it, moves on by a batch before the takeover.
      await db.updateTable('contact_imports').set({ done_line: 21 }).where('id', '=', found.id).where('held_by', '=', 'other-host:7:0123456789ab').execute();
      const holder = newHolder();
      try {
        const taken = await takeOver(db, found, holder, Date.now());
        expect(taken).toMatchObject({ held_by: holder, done_line: 21 });
        // A second run that read it as the first did finds it gone.
        expect(await takeOver(db, found, newHolder(), Date.now())).toBeNull();
      } finally {
        dropHolder(holder);
      }
    });

    it('counts a lease of another process-id space (a container with the same host name) as alive until it lapses', () => {
      const here = newHolder();
      dropHolder(here);
      const [space] = here.split(':');
      expect(space).toBe(pidSpace());
      // On Linux the space names the boot and the pid namespace, not the host name alone.
      if (existsSync('/proc/self/ns/pid')) expect(space).toBe(`${hostname()}#${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '')}.${statSync('/proc/self/ns/pid').ino}`);
      const deadPid = 2 ** 22 + 17;
      const soon = Date.now() + 60_000;
      // This host and pid space: a pid that no longer exists is a run that is gone.
      expect(holderAlive(`${space}:${deadPid}:000000000000`, soon, Date.now())).toBe(false);
      // The same host name in another pid space: that pid says nothing here; the lease decides.
      const elsewhere = `${space!.split('#')[0]}#1:${deadPid}:000000000000`;
      expect(holderAlive(elsewhere, soon, Date.now())).toBe(true);
      expect(holderAlive(elsewhere, Date.now() - 1, Date.now())).toBe(false);
      // A lease named by the host name alone (an earlier version, perhaps in another container): the lease decides too.
      expect(holderAlive(`${hostname()}:${deadPid}:000000000000`, soon, Date.now())).toBe(true);
    });

    it('reports rows whose values do not match the header, and bad values without the value', async () => {
      const file = join(dir, 'ragged.csv');
      writeFileSync(file, 'first_name,last_name,email,gender\nKim,Rag,kim@example.org,F,extra\nLee,Short\nMay,Ok,may@example.org,nonbinary-secret\nNed,Ok,ned@example.org,M\n');
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 4, created: 1, bad: 3 });
      expect(s.badRows.map((b) => [b.line, b.column, b.reason])).toEqual([
        [2, null, 'expected 4 columns as in the header, found 5'],
        [3, null, 'expected 4 columns as in the header, found 2'],
        [4, 'gender', expect.stringMatching(/^expected .*, found another value \(16 characters; see the file at this line\)$/)],
      ]);
      expect(JSON.stringify(s.badRows)).not.toContain('secret');
    });

    it('reads a CSV saved in Latin-1 (a spreadsheet export), and a UTF-8 one with one damaged line', async () => {
      const latin = join(dir, 'latin1.csv');
      writeFileSync(latin, Buffer.from('prénom;nom;courriel\nHélène;Lefèvre;helene.lefevre@example.org\n', 'latin1'));
      const s = await importContacts(app, { file: latin, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 1, created: 1, bad: 0 });
      const db = contactsDb(app.store.db);
      const p = await db.selectFrom('people as p').innerJoin('contact_points as cp', 'cp.person_id', 'p.id').select(['p.given_name', 'p.family_name']).where('cp.value', '=', 'helene.lefevre@example.org').executeTakeFirstOrThrow();
      expect([p.given_name, p.family_name]).toEqual(['Hélène', 'Lefèvre']);
      const damaged = join(dir, 'damaged.csv');
      writeFileSync(damaged, Buffer.concat([Buffer.from('first_name,last_name,email\nZoé,Utf,zoe@example.org\nSam,Utf'), Buffer.from([0xff, 0xfe]), Buffer.from(',sam@example.org\n')]));
      const d = await importContacts(app, { file: damaged, mapping: null, source, actor: 'tester' });
      expect(d).toMatchObject({ rows: 2, created: 1, bad: 1 });
      expect(d.badRows[0]).toMatchObject({ line: 3, reason: expect.stringContaining('invalid UTF-8') });
    });

    it('reads a Windows-1252 file whose first 256 KiB are ASCII, and a UTF-8 one of that kind with a stray byte', async () => {
      // Over 256 KiB of ASCII rows (the part the encoding is told from), then accented ones.
      const ascii = Array.from({ length: 1400 }, (_, i) => `ascii${i}@example.org;Plain;Row;${'x'.repeat(200)}\r\n`).join('');
      const head = `email;given_name;family_name;note\r\n${ascii}`;
      expect(head.length).toBeGreaterThan(256 * 1024);
      const accented = 'coeur@example.org;Cœur;Müller;5 €\r\njose@example.org;José;D’Arc;ok\r\n';
      const cp1252 = join(dir, 'late-cp1252.csv');
      writeFileSync(cp1252, Buffer.concat([Buffer.from(head, 'latin1'), encodeWindows1252(accented)]));
      const s = await importContacts(app, { file: cp1252, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 1402, created: 1402, bad: 0 });
      const db = contactsDb(app.store.db);
      const names = await db.selectFrom('people as p').innerJoin('contact_points as cp', 'cp.person_id', 'p.id').select(['p.given_name', 'p.family_name']).where('cp.value', 'in', ['coeur@example.org', 'jose@example.org']).orderBy('cp.value').execute();
      expect(names.map((p) => [p.given_name, p.family_name])).toEqual([['Cœur', 'Müller'], ['José', 'D’Arc']]);
      // UTF-8 accents before a damaged byte: the file stays UTF-8, and the damaged row alone is refused, by line.
      const utf8 = join(dir, 'late-utf8.csv');
      const stray = Buffer.concat([Buffer.from('stray@example.org;Str'), Buffer.from([0xe9]), Buffer.from(';Ay;x\r\n')]);
      writeFileSync(utf8, Buffer.concat([Buffer.from(head.replaceAll('ascii', 'plain'), 'utf8'), Buffer.from(accented.replaceAll('@', '.u8@'), 'utf8'), stray]));
      const u = await importContacts(app, { file: utf8, mapping: null, source, actor: 'tester' });
      expect(u).toMatchObject({ rows: 1403, created: 1402, bad: 1 });
      expect(u.badRows).toEqual([{ line: 1404, column: null, reason: 'invalid UTF-8 at byte 22 of the line' }]);
      const kept = await db.selectFrom('people as p').innerJoin('contact_points as cp', 'cp.person_id', 'p.id').select(['p.given_name', 'p.family_name']).where('cp.value', '=', 'jose.u8@example.org').executeTakeFirstOrThrow();
      expect([kept.given_name, kept.family_name]).toEqual(['José', 'D’Arc']);
    });

    it("reads UTF-16 (Excel's Unicode Text), with or without a byte-order mark", async () => {
      const text = 'prénom\tnom\tcourriel\nŒdipe;\tLœwy\toedipe.loewy@example.org\nAnaïs\t𝒵eta\tanais.zeta@example.org\n';
      const le = Buffer.from(`\ufeff${text}`, 'utf16le');
      const be = Buffer.from(le.subarray(2)).swap16();
      const files = { 'u16-bom.csv': le, 'u16be-nobom.csv': be };
      const db = contactsDb(app.store.db);
      for (const [name, bytes] of Object.entries(files)) {
        const file = join(dir, name);
        writeFileSync(file, bytes);
        const s = await importContacts(app, { file, mapping: null, source, actor: 'tester', again: true });
        expect(s, name).toMatchObject({ rows: 2, bad: 0 });
      }
      const names = await db.selectFrom('people as p').innerJoin('contact_points as cp', 'cp.person_id', 'p.id').select(['p.given_name', 'p.family_name']).where('cp.value', 'in', ['oedipe.loewy@example.org', 'anais.zeta@example.org']).orderBy('cp.value').execute();
      expect(names.map((p) => [p.given_name, p.family_name])).toEqual([
        ['Anaïs', '𝒵eta'],
        ['Œdipe;', 'Lœwy'],
      ]);
    });

    it('reads a country column as codes or names, and its local phone numbers in that country', async () => {
      const file = join(dir, 'country.csv');
      writeFileSync(file, 'first_name,last_name,email,phone,street,postcode,city,country\nOtto,Land,otto@example.org,030 1234567,Hauptstr 1,10115,Berlin,Germany\nPia,Land,pia@example.org,,Calle 1,28001,Madrid,Espagne\nRex,Land,rex@example.org,,1 High St,SW1A 1AA,London,Atlantis\n');
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 3, created: 2, bad: 1 });
      expect(s.badRows).toEqual([{ line: 4, column: 'country', reason: expect.stringContaining('not a country code') }]);
      const db = contactsDb(app.store.db);
      const rows = await db
        .selectFrom('addresses as a')
        .innerJoin('contact_points as cp', 'cp.person_id', 'a.person_id')
        .select(['cp.value', 'a.country'])
        .where('cp.value', 'in', ['otto@example.org', 'pia@example.org'])
        .orderBy('cp.value')
        .execute();
      expect(rows.map((r) => [r.value, r.country])).toEqual([['otto@example.org', 'DE'], ['pia@example.org', 'ES']]);
      const otto = await db.selectFrom('contact_points').select('person_id').where('value', '=', 'otto@example.org').executeTakeFirstOrThrow();
      const phone = await db.selectFrom('contact_points').select('value').where('person_id', '=', otto.person_id).where('kind', '=', 'phone').executeTakeFirstOrThrow();
      expect(phone.value).toBe('+49301234567');
    });

    it('keeps a JSON key first met after the first thousand records (a phone, a consent)', async () => {
      const file = join(dir, 'late.jsonl');
      const early = Array.from({ length: 1100 }, (_, i) => JSON.stringify({ first_name: `Early${i}`, email: `early${i}@example.org` }));
      writeFileSync(file, [...early, JSON.stringify({ first_name: 'Late', email: 'late@example.org', phone: '06 22 22 22 24', consent_newsletter_email: 'yes' })].join('\n'));
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 1101, created: 1101, bad: 0 });
      const db = contactsDb(app.store.db);
      const late = await db.selectFrom('contact_points').select('person_id').where('value', '=', 'late@example.org').executeTakeFirstOrThrow();
      const points = await db.selectFrom('contact_points').select(['kind', 'value']).where('person_id', '=', late.person_id).orderBy('kind').execute();
      expect(points.map((p) => p.kind)).toEqual(['email', 'phone']);
      const consent = await db.selectFrom('consent_state').select(['purpose', 'channel', 'granted']).where('person_id', '=', late.person_id).execute();
      expect(consent).toMatchObject([{ purpose: 'newsletter', channel: 'email' }]);
      expect(Number(consent[0]!.granted)).toBe(1);
    });

    it("keeps every batch of an import while another request's transaction is open and then fails", async () => {
      // On SQLite, a batch written while another request holds a transaction would become a savepoint
      // inside it and go when that transaction rolls back: the import waits for the connection instead.
      const header = ['email', 'given_name'];
      const rows = Array.from({ length: 60 }, (_, r) => [`txn${r}@example.org`, `Txn${r}`]);
      const before = await count(app, 'people');
      let other: Promise<unknown> | null = null;
      const s = await importContacts(app, {
        file: { label: 'sign-ups during a failing request', header, rows },
        mapping: null,
        source,
        actor: 'tester',
        batchRows: 10,
        onProgress: () => {
          other ??= app.store.db
            .transaction()
            .execute(async (trx) => {
              await trx.selectFrom('people').select('id').limit(1).execute();
              await new Promise((r) => setTimeout(r, 200));
              throw new Error('the other request fails');
            })
            .catch((e: unknown) => e);
        },
      });
      expect(await other).toMatchObject({ message: 'the other request fails' });
      expect(s).toMatchObject({ rows: 60, created: 60 });
      expect((await count(app, 'people')) - before).toBe(60);
    });

    it('writes a wide file in batches bounded by values as well as rows, every value stored', async () => {
      // 60 rows of 200 custom columns, two in three filled: 8,000 values, in batches of at most ~1,000.
      const file = join(dir, 'wide.csv');
      const columns = Array.from({ length: 200 }, (_, c) => `field_attr${c}`);
      const filled = (r: number, c: number): boolean => (r * 7 + c * 3) % 3 !== 0;
      const lines = Array.from({ length: 60 }, (_, r) => [`wide${r}@example.org`, `Wide${r}`, ...columns.map((_, c) => (filled(r, c) ? String((r + c) % 10) : ''))].join(','));
      writeFileSync(file, [['email', 'given_name', ...columns].join(','), ...lines].join('\n'));
      const values = Array.from({ length: 60 }, (_, r) => columns.filter((_, c) => filled(r, c)).length).reduce((a, b) => a + b, 0);
      const before = await count(app, 'person_fields');
      let batches = 0;
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester', batchValues: 1000, onProgress: () => batches++ });
      expect(s).toMatchObject({ rows: 60, created: 60, bad: 0 });
      expect((await count(app, 'person_fields')) - before).toBe(values);
      // A batch ends at the row that brings it to 1,000 values (about 135 a row): 8 or 9 batches, not one of 60 rows.
      expect(batches).toBeGreaterThanOrEqual(Math.floor(values / 1200));
      expect(batches).toBeLessThanOrEqual(Math.ceil(values / 1000) + 1);
      const db = contactsDb(app.store.db);
      const one = await db
        .selectFrom('person_fields as pf')
        .innerJoin('fields as f', 'f.id', 'pf.field_id')
        .innerJoin('contact_points as cp', 'cp.person_id', 'pf.person_id')
        .select('pf.value')
        .where('cp.value', '=', 'wide59@example.org')
        .where('f.name', '=', 'attr199')
        .executeTakeFirstOrThrow();
      expect(one.value).toBe(String((59 + 199) % 10));
      expect(await reachDrift(app.store.db)).toEqual({ missing: 0, extra: 0 });
    });

    it('refuses data collected in the future, whose consents would outrank later withdrawals', async () => {
      const file = join(dir, 'future.csv');
      writeFileSync(file, 'first_name,email,consent_newsletter_email\nFutur,futur@example.org,yes\n');
      const people = await count(app, 'people');
      const ahead = { ...source, collectedAt: Date.now() + 24 * 3600_000 };
      await expect(importContacts(app, { file, mapping: null, source: ahead, actor: 'tester' })).rejects.toThrow(/source collection time: expected a time no later than now/);
      expect(await count(app, 'people')).toBe(people);
      // A few minutes ahead (clocks differ) is accepted.
      const s = await importContacts(app, { file, mapping: null, source: { ...source, collectedAt: Date.now() + 60_000 }, actor: 'tester' });
      expect(s).toMatchObject({ rows: 1, created: 1 });
    });

    it('refuses a row granting a consent when the import gives no notice version, and imports the rest with their withdrawals', async () => {
      const db = contactsDb(app.store.db);
      const file = join(dir, 'no-notice.csv');
      writeFileSync(file, ['first_name,email,consent_newsletter_email,consent_canvassing_door', 'Nora,nora@example.org,yes,', 'Noe,noe@example.org,no,', 'Nils,nils@example.org,,', 'Nina,nina@example.org,,oui'].join('\n'));
      const expected = (column: string, use: string) => ({ column, reason: `grants ${use}, and the import gives no version of the privacy notice the person was shown: expected one (--notice VERSION, noticeVersion over HTTP); a withdrawal needs none` });
      const preview = await previewImport(file, null);
      expect(preview.bad).toEqual([{ line: 2, ...expected('consent_newsletter_email', 'newsletter/email') }, { line: 5, ...expected('consent_canvassing_door', 'canvassing/door') }]);
      expect((await previewImport(file, null, { noticeVersion: 'v3' })).bad).toEqual([]);
      // A blank version is none.
      for (const noticeVersion of [null, '  ']) {
        const s = await importContacts(app, { file, mapping: null, source: { ...source, noticeVersion }, actor: 'tester', again: true });
        expect(s).toMatchObject({ rows: 4, bad: 2, badRows: [{ line: 2, ...expected('consent_newsletter_email', 'newsletter/email') }, { line: 5, ...expected('consent_canvassing_door', 'canvassing/door') }] });
        const entries = await db.selectFrom('consents').select(['granted', 'notice_version']).where('source_id', '=', s.sourceId).execute();
        expect(entries.map((e) => [Number(e.granted), e.notice_version])).toEqual([[0, null]]);
      }
      const people = await db.selectFrom('contact_points').select('value').where('value', 'in', ['nora@example.org', 'noe@example.org', 'nils@example.org', 'nina@example.org']).orderBy('value').execute();
      expect(people.map((p) => p.value)).toEqual(['nils@example.org', 'noe@example.org']);
      // With the notice given, the same rows go in, citing it.
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester', again: true });
      expect(s).toMatchObject({ rows: 4, bad: 0 });
      const granted = await db.selectFrom('consents').select(['notice_version']).where('source_id', '=', s.sourceId).where('granted', '=', 1).execute();
      expect(granted).toEqual([{ notice_version: 'v3' }, { notice_version: 'v3' }]);
      expect(await db.selectFrom('consents').select('id').where('granted', '=', 1).where('notice_version', 'is', null).execute()).toEqual([]);
    });

    it("records each row's own notice version in the ledger, over the import's, and refuses a grant with neither", async () => {
      const db = contactsDb(app.store.db);
      const file = join(dir, 'forms.csv');
      // Sign-ups exported from two forms, each showing its own notice.
      writeFileSync(file, ['first_name,email,consent_newsletter_email,Privacy notice version', 'Ada,ada.forms@example.org,yes,form-a-v1', 'Bo,bo.forms@example.org,yes,', 'Cy,cy.forms@example.org,no,', 'Di,di.forms@example.org,yes,form-b-v4'].join('\n'));
      expect(guessMapping(['first_name', 'email', 'consent_newsletter_email', 'Privacy notice version']).columns['Privacy notice version']).toBe('notice_version');
      const reason = 'grants newsletter/email, and neither the row (its Privacy notice version is empty) nor the import gives the version of the privacy notice the person was shown: expected one (in Privacy notice version, or --notice VERSION, noticeVersion over HTTP); a withdrawal needs none';
      const preview = await previewImport(file, null);
      expect(preview.bad).toEqual([{ line: 3, column: 'consent_newsletter_email', reason }]);
      expect(preview.sample.map((r) => r.noticeVersion)).toEqual(['form-a-v1', null, 'form-b-v4']);
      const ledger = async (sourceId: number) =>
        (await db.selectFrom('consents').innerJoin('contact_points', 'contact_points.person_id', 'consents.person_id').select(['value', 'granted', 'notice_version']).where('consents.source_id', '=', sourceId).orderBy('value').execute()).map((e) => [e.value, Number(e.granted), e.notice_version]);
      const alone = await importContacts(app, { file, mapping: null, source: { ...source, noticeVersion: null }, actor: 'tester' });
      expect(alone).toMatchObject({ rows: 4, created: 3, bad: 1, badRows: [{ line: 3, column: 'consent_newsletter_email', reason }] });
      expect(await ledger(alone.sourceId)).toEqual([['ada.forms@example.org', 1, 'form-a-v1'], ['cy.forms@example.org', 0, null], ['di.forms@example.org', 1, 'form-b-v4']]);
      // With the import's version, the rows without their own take it; a row's own still wins.
      const both = await importContacts(app, { file, mapping: null, source: { ...source, noticeVersion: 'v9' }, actor: 'tester', again: true });
      expect(both).toMatchObject({ rows: 4, bad: 0 });
      expect(await ledger(both.sourceId)).toEqual([['ada.forms@example.org', 1, 'form-a-v1'], ['bo.forms@example.org', 1, 'v9'], ['cy.forms@example.org', 0, 'v9'], ['di.forms@example.org', 1, 'form-b-v4']]);
      expect(await db.selectFrom('consents').select('id').where('granted', '=', 1).where('notice_version', 'is', null).execute()).toEqual([]);
    });

    it('stores a Dutch tussenvoegsel joined to the family name, as a file writing both in one column would', async () => {
      const db = contactsDb(app.store.db);
      const file = join(dir, 'leden.csv');
      writeFileSync(file, ['Voornaam;Tussenvoegsel;Achternaam;E-mailadres', 'Jan;van der;Berg;jan.vdberg@example.nl', 'Anna;DE;VRIES;anna.devries@example.nl'].join('\n'));
      const s = await importContacts(app, { file, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 2, created: 2, bad: 0, mapping: { columns: { Tussenvoegsel: 'name_particle' } } });
      const stored = await db.selectFrom('people').innerJoin('contact_points', 'contact_points.person_id', 'people.id').select(['given_name', 'family_name']).where('value', 'in', ['jan.vdberg@example.nl', 'anna.devries@example.nl']).orderBy('value').execute();
      expect(stored).toEqual([{ given_name: 'Anna', family_name: 'de Vries' }, { given_name: 'Jan', family_name: 'van der Berg' }]);
    });

    it('says which mapping column is wrong', async () => {
      await expect(importContacts(app, { file: csv, mapping: { columns: { nope: 'email' }, country: 'FR', tagSeparator: '|' }, source, actor: 't', again: true })).rejects.toThrow(/column "nope" is not in the file/);
      await expect(importContacts(app, { file: csv, mapping: { columns: { email: 'mail' }, country: 'FR', tagSeparator: '|' }, source, actor: 't', again: true })).rejects.toThrow(/column email: expected a target/);
      // One column per target, but for email and phone: two would overwrite each other, or write one consent twice.
      const twice = (columns: Record<string, string>) => importContacts(app, { file: csv, mapping: { columns, country: 'FR', tagSeparator: '|' }, source, actor: 't', again: true });
      await expect(twice({ first_name: 'given_name', last_name: 'given_name' })).rejects.toThrow('mapping: columns "first_name" and "last_name" both go to given_name; expected one column per target (only email and phone take several)');
      await expect(twice({ consent_newsletter_email: 'consent:newsletter/email', consent_reuse_email: 'consent:newsletter/email' })).rejects.toThrow(/both go to consent:newsletter\/email/);
      await expect(twice({ email: 'email', phone: 'email', first_name: 'ignore', last_name: 'ignore' })).resolves.toMatchObject({ rows: 3000 });
    });

    it('names the columns in its messages, but not the cells of a file without a header line', async () => {
      const mapping = { columns: { 'E-mail': 'email' }, country: 'FR', tagSeparator: '|' };
      const headed = join(dir, 'headed.csv');
      writeFileSync(headed, 'mail,prenom\nzoe@example.org,Zoe\n');
      await expect(importContacts(app, { file: headed, mapping, source, actor: 't' })).rejects.toThrow('mapping: column "E-mail" is not in the file; its columns are mail, prenom');
      const bare = join(dir, 'no-header.csv');
      writeFileSync(bare, 'jean.secret@example.org,Jean,0612345678\nzoe@example.org,Zoe,0698765432\n');
      const refused = importContacts(app, { file: bare, mapping, source, actor: 't' });
      await expect(refused).rejects.toThrow('mapping: column "E-mail" is not in the file; its first line holds values (an email or a phone number), not column names: is its header line missing? (3 columns)');
      await expect(previewImport(bare, mapping)).rejects.toThrow(/header line missing/);
      // A header naming a column twice: by name, or by position alone when the cell is a value.
      const twiceNamed = join(dir, 'twice-named.csv');
      writeFileSync(twiceNamed, 'email,name,email\na@example.org,A,b@example.org\n');
      await expect(importContacts(app, { file: twiceNamed, mapping: null, source, actor: 't' })).rejects.toThrow(/the header names column "email" twice \(columns 1 and 3\)/);
      const twiceValue = join(dir, 'twice-value.csv');
      writeFileSync(twiceValue, '0612345678,Jean,0612345678\n0698765432,Zoe,0698765432\n');
      const dup = importContacts(app, { file: twiceValue, mapping: null, source, actor: 't' });
      await expect(dup).rejects.toThrow(/the header names the same value twice \(columns 1 and 3\); each column needs its own name/);
      await expect(dup).rejects.not.toThrow(/0612345678/);
    });
  });
}
