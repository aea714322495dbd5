import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAudit } from '../src/contacts/audit';
import { personRecord } from '../src/contacts/people/record';
import { accessExport, erase, HASH_SPACES, objection, openRequest, rectify, writeAccessFile } from '../src/contacts/rights';
import { contactsDb } from '../src/contacts/tables';
import { changeConsent } from '../src/contacts/consent/record';
import { exportCsv } from '../src/contacts/exports';
import { InputError } from '../src/core/errors';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import type { FixturePerson } from './support/contacts-fixture';
import { fixtureSource, insertList, insertPerson, writeExportFile } from './support/contacts-fixture';

const ZEPHYRINE: FixturePerson = {
  given: 'Zéphyrine',
  family: 'Quillebœuf',
  birthYear: 1971,
  emails: ['zephyrine.quilleboeuf@exemple.fr'],
  phones: ['+33698765432'],
  address: { street: '17 rue des Mouettes Rieuses', postcode: '29200', city: 'Brest' },
  tags: ['bénévole'],
  fields: { allergie: 'Allergique aux noisettes grillées' },
  activities: ['Parle longuement du phare de Kermorvan'],
  consents: [
    ['newsletter', 'email', true],
    ['canvassing', 'door', true],
  ],
};
/** Every value of hers, as stored and as folded into keys: none may survive an erasure. */
const HER_VALUES = ['Zéphyrine', 'Quillebœuf', 'quilleboeuf', 'zephyrine', 'exemple.fr', '698765432', 'Mouettes Rieuses', 'mouettes rieuses', 'noisettes grillées', 'Kermorvan'];

const OTHERS: FixturePerson[] = [
  { given: 'Anatole', family: 'Brébeuf', birthYear: 1980, emails: ['anatole.brebeuf@exemple.org'], phones: ['+33611223344'], address: { street: '3 place des Goélands', postcode: '29200', city: 'Brest' }, consents: [['newsletter', 'email', true]] },
  { given: 'Ségolène', family: 'Vaillancourt', emails: ['segolene.v@exemple.net'], activities: ['Aime les pommes de Plougastel'] },
  { given: 'Théodule', family: 'Cornemuse', phones: ['+33655667788'] },
];

function hasAny(cells: readonly string[], values: readonly string[]): string[] {
  const lower = cells.map((c) => c.toLowerCase());
  return values.filter((v) => lower.some((c) => c.includes(v.toLowerCase())));
}

for (const backend of backends()) {
  describe(`erasure on ${backend.name}`, () => {
    let t: TestApp;
    let her: number;
    let others: number[];
    let csv: string;

    beforeAll(async () => {
      t = await openTestApp(backend);
      const src = await fixtureSource(t.app);
      her = await insertPerson(t.app, ZEPHYRINE, src);
      others = [];
      for (const o of OTHERS) others.push(await insertPerson(t.app, o, src));
      const [o1, o2, o3] = others as [number, number, number];
      csv = join(t.dir, 'walk.csv');
      await writeExportFile(t.app, csv, 'given,family,contact', [
        [o1, 'Anatole,Brébeuf,anatole.brebeuf@exemple.org'],
        [her, 'Zéphyrine,Quillebœuf,zephyrine.quilleboeuf@exemple.fr'],
        [o2, 'Ségolène,Vaillancourt,segolene.v@exemple.net'],
        [her, 'Zéphyrine,Quillebœuf,+33698765432'],
        [o3, 'Théodule,Cornemuse,+33655667788'],
      ]);
      await writeExportFile(t.app, join(t.dir, 'gone.csv'), 'given', [[her, 'Zéphyrine']]);
      const { rmSync } = await import('node:fs');
      rmSync(join(t.dir, 'gone.csv'));
      await insertList(t.app, [her, o1]);
      // Her access export, written for her by the CLI's `contacts access --out`, and Anatole's.
      await writeAccessFile(t.app, her, join(t.dir, 'access-her.json'), 'dpo');
      await writeAccessFile(t.app, o1, join(t.dir, 'access-anatole.json'), 'dpo');
      // A withdrawal recorded by hand, whose note names her (`contacts consent --how "…"`).
      await changeConsent(t.app.store, { personId: her, purpose: 'canvassing', channel: 'door', granted: false, how: 'Zéphyrine Quillebœuf phoned on 3 May', basis: 'consent', noticeVersion: null, actor: 'dpo' });
      await contactsDb(t.app.store.db).insertInto('review_queue').values({ id: 1, kind: 'duplicate', person_id: o1, other_id: her, score: 0.93, reason: 'similar name', import_id: null, line: null, status: 'open', created_at: Date.now(), resolved_by: null, resolved_at: null }).execute();
    });

    afterAll(async () => t?.close());

    it('leaves no trace of the person in any table or file the platform wrote', async () => {
      expect(hasAny(await t.dump(), HER_VALUES)).toEqual(HER_VALUES); // the check can see her
      const request = await openRequest(t.app, { personId: her, kind: 'erasure', receivedAt: Date.now(), actor: 'dpo' });
      const done = await erase(t.app, her, { requestId: request, actor: 'dpo' });
      expect(done.counts).toMatchObject({ people: 1, contact_points: 2, addresses: 1, person_tags: 1, person_fields: 1, activities: 1, consents: 3, consent_state: 2, list_members: 1, list_removals: 1, review_queue: 1, contact_sources: 1 });
      expect(done.tombstones).toBe(3);
      expect(done.files.map((f) => [f.status, f.removed])).toEqual([
        ['rewritten', 2],
        ['missing', 0],
        ['deleted', 1],
      ]);
      expect(existsSync(join(t.dir, 'access-her.json'))).toBe(false);
      expect(readFileSync(join(t.dir, 'access-anatole.json'), 'utf8')).toContain('anatole.brebeuf@exemple.org');

      expect(hasAny(await t.dump(), HER_VALUES)).toEqual([]);
      const text = readFileSync(csv, 'utf8');
      expect(hasAny([text], HER_VALUES)).toEqual([]);
      expect(text).toBe('given,family,contact\r\nAnatole,Brébeuf,anatole.brebeuf@exemple.org\r\nSégolène,Vaillancourt,segolene.v@exemple.net\r\nThéodule,Cornemuse,+33655667788\r\n');
      const lines = await contactsDb(t.app.store.db).selectFrom('export_lines').select(['export_id', 'line', 'person_id']).orderBy('export_id').orderBy('line').execute();
      expect(lines.map((l) => [Number(l.line), Number(l.person_id)])).toEqual([
        [2, others[0]],
        [3, others[1]],
        [4, others[2]],
        [1, others[0]],
      ]);
      const exp = await contactsDb(t.app.store.db).selectFrom('contact_exports').select(['rows']).orderBy('id').execute();
      expect(exp.map((e) => Number(e.rows))).toEqual([3, 0, 0, 1]);

      if (backend.name === 'sqlite') {
        const db = t.app.config.sqlitePath;
        for (const file of [db, `${db}-wal`]) {
          if (!existsSync(file)) continue;
          const bytes = readFileSync(file);
          const found = HER_VALUES.filter((v) => bytes.includes(Buffer.from(v, 'utf8')));
          expect({ file, found }).toEqual({ file, found: [] });
        }
      }
    });

    it('keeps the proof: an audit entry with counts, a verified chain, tombstones, the request closed', async () => {
      const [entry] = await readAudit(t.app.store.db, { action: 'contacts.erase' });
      expect(entry).toMatchObject({ actor: 'dpo', subject: `person:${her}` });
      expect(entry!.detail).toMatchObject({ consentEntriesRemoved: 3, tombstones: 3, deleted: { people: 1, consents: 3 } });
      expect(JSON.stringify(entry!.detail)).not.toMatch(/zéphyrine|exemple|kermorvan/i);
      expect((await verifyAudit(t.app.store.db)).ok).toBe(true);
      const tombs = await contactsDb(t.app.store.db).selectFrom('tombstones').select(['hash', 'kind', 'names']).orderBy('kind').execute();
      expect(tombs.map((x) => x.kind)).toEqual(['email', 'identity', 'phone']);
      // Her name is kept with her email's and her phone's tombstones only sealed: keyed hashes, none shared between the two, nothing to read back.
      const sealed = tombs.map((x) => (x.names === null ? null : (JSON.parse(x.names) as unknown[])));
      expect(sealed[1]).toBeNull();
      const hashesOf = (names: unknown[] | null) => JSON.stringify(names).match(/"[^"]*"/g)!.filter((v) => !/^"(given|family|givenJoined|familyJoined)"$/.test(v));
      for (const names of [sealed[0]!, sealed[2]!]) {
        expect(names).toHaveLength(1);
        expect(hashesOf(names).every((h) => /^"[0-9a-f]{16}"$/.test(h))).toBe(true);
      }
      expect(hashesOf(sealed[0]!).filter((h) => hashesOf(sealed[2]!).includes(h))).toEqual([]);
      const p = t.app.pseudonymiser;
      expect(tombs.map((x) => x.hash)).toContain(p.pseudonym(HASH_SPACES.email, 'zephyrine.quilleboeuf@exemple.fr'));
      expect(tombs.map((x) => x.hash)).toContain(p.pseudonym(HASH_SPACES.identity, 'quilleboeuf|zephyrine|1971|29200'));
      const req = await contactsDb(t.app.store.db).selectFrom('rights_requests').selectAll().executeTakeFirstOrThrow();
      expect(req).toMatchObject({ status: 'closed', outcome: 'done' });
      const removals = await contactsDb(t.app.store.db).selectFrom('list_removals').selectAll().execute();
      expect(removals.map((r) => Number(r.person_id))).toEqual([her]);
    });

    it('leaves the other people whole', async () => {
      const cells = await t.dump();
      expect(hasAny(cells, ['Anatole', 'anatole.brebeuf@exemple.org', 'Goélands', 'Vaillancourt', 'pommes de Plougastel', 'Cornemuse', '+33655667788'])).toHaveLength(7);
      const anatole = await personRecord(t.app.store.db, others[0]!);
      expect(anatole).toMatchObject({ givenName: 'Anatole', contactPoints: [{ value: 'anatole.brebeuf@exemple.org' }, { value: '+33611223344' }], lists: [{ name: 'walk list' }] });
      expect(anatole!.consents).toHaveLength(1);
      expect(anatole!.reviews).toEqual([]);
      await expect(erase(t.app, her, { actor: 'dpo' })).rejects.toThrow(InputError);
      expect(await personRecord(t.app.store.db, her)).toBeNull();
    });

    it('leaves a request open when the person named is not found (a mistyped id closes nothing)', async () => {
      const request = await openRequest(t.app, { personId: null, kind: 'erasure', receivedAt: Date.now(), actor: 'dpo' });
      const audited = (await readAudit(t.app.store.db, { action: 'contacts.erase' })).length;
      await expect(erase(t.app, 999_999, { requestId: request, actor: 'dpo' })).rejects.toThrow(/person 999999: no such person .*request \d+ stays open/);
      const req = await contactsDb(t.app.store.db).selectFrom('rights_requests').selectAll().where('id', '=', request).executeTakeFirstOrThrow();
      expect(req).toMatchObject({ status: 'open', outcome: null, person_id: null });
      expect(await readAudit(t.app.store.db, { action: 'contacts.erase' })).toHaveLength(audited);
    });
  });

  describe(`access, rectification and objection on ${backend.name}`, () => {
    let t: TestApp;
    let id: number;

    beforeAll(async () => {
      t = await openTestApp(backend);
      const src = await fixtureSource(t.app, { label: 'fête de la rose', kind: 'canvass', collector: 'bob', basis: 'explicit_consent' });
      id = await insertPerson(t.app, { ...ZEPHYRINE, consents: [...ZEPHYRINE.consents!, ['fundraising', 'phone', true], ['reuse', 'email', false]] }, src);
      await insertList(t.app, [id], 'email');
      await insertList(t.app, [id], 'door');
    });

    afterAll(async () => t?.close());

    it('exports everything with its sources and the consent ledger, and audits it', async () => {
      const x = await accessExport(t.app, id, 'dpo', Date.UTC(2025, 2, 1));
      expect(x.generatedAt).toBe('2025-03-01T00:00:00.000Z');
      expect(x.purposes.newsletter).toMatch(/newsletter/);
      expect(x.person).toMatchObject({ givenName: 'Zéphyrine', birthYear: 1971, addresses: [{ street: '17 rue des Mouettes Rieuses', postcode: '29200' }], fields: [{ name: 'allergie' }], tags: [{ name: 'bénévole' }] });
      expect(x.person.sources).toEqual([expect.objectContaining({ kind: 'canvass', label: 'fête de la rose', collector: 'bob', basis: 'explicit_consent', noticeVersion: 'v1', line: id + 1 })]);
      expect(x.person.consents.map((c) => [c.purpose, c.channel, c.granted, c.source?.label])).toEqual([
        ['newsletter', 'email', true, 'fête de la rose'],
        ['canvassing', 'door', true, 'fête de la rose'],
        ['fundraising', 'phone', true, 'fête de la rose'],
        ['reuse', 'email', false, 'fête de la rose'],
      ]);
      expect(JSON.parse(JSON.stringify(x))).toEqual(x);
      const [a] = await readAudit(t.app.store.db, { action: 'contacts.access' });
      expect(a).toMatchObject({ subject: `person:${id}`, actor: 'dpo' });
    });

    it("tells the person of a review against someone else's record, but not who that is", async () => {
      const src = await fixtureSource(t.app, { label: 'other file' });
      const other = await insertPerson(t.app, { given: 'Zéphirine', family: 'Autre' }, src);
      const db = contactsDb(t.app.store.db);
      await db.insertInto('review_queue').values({ id: 900_001, kind: 'fuzzy', person_id: other, other_id: id, score: 0.93, reason: 'similar name and address', import_id: null, line: 2, status: 'open', created_at: Date.UTC(2025, 1, 1), resolved_by: null, resolved_at: null }).execute();
      const x = await accessExport(t.app, id, 'dpo', Date.UTC(2025, 2, 1));
      expect(x.person.reviews).toEqual([expect.objectContaining({ id: 900_001, kind: 'fuzzy', otherId: null, reason: 'similar name and address' })]);
      expect(JSON.stringify(x)).not.toContain(`"otherId":${other}`);
      // Staff reviewing it still see both.
      expect((await personRecord(t.app.store.db, id))!.reviews[0]!.otherId).toBe(other);
      await db.deleteFrom('review_queue').where('id', '=', 900_001).execute();
    });

    it('rectifies validated fields and audits the field names only', async () => {
      const r = await rectify(t.app, id, { familyName: 'QUILLEBŒUF-MARTIN', birthYear: '1972', addEmails: [' Z.Q@Exemple.fr '], removePhones: ['06 98 76 54 32'], addPhones: ['06 11 22 33 44'], address: { street: '2 quai Tabarly', postcode: '29200', city: 'Brest' } }, 'dpo');
      expect([...r.fields].sort()).toEqual(['address', 'birth_year', 'emails', 'family_name', 'phones']);
      const p = await personRecord(t.app.store.db, id);
      expect(p).toMatchObject({ familyName: 'Quillebœuf-Martin', birthYear: 1972, addresses: [{ street: '2 quai Tabarly' }] });
      expect(p!.contactPoints.map((c) => c.value).sort()).toEqual(['+33611223344', 'z.q@exemple.fr', 'zephyrine.quilleboeuf@exemple.fr']);
      expect(p!.sources.map((s) => s.label)).toContain('rectification (GDPR art. 16)');
      const [a] = await readAudit(t.app.store.db, { action: 'contacts.rectify' });
      expect(a!.detail).toEqual({ fields: r.fields });
      await expect(rectify(t.app, id, { birthYear: '1800' }, 'dpo')).rejects.toThrow(/birthYear/);
      await expect(rectify(t.app, id, { addEmails: ['not-an-email'] }, 'dpo')).rejects.toThrow(InputError);
      await expect(rectify(t.app, id, { nickname: 'Zéz' }, 'dpo')).rejects.toThrow(InputError);
    });

    it('objection suppresses, withdraws the granted consents, suppresses the values and takes the person off lists', async () => {
      // A channel named twice is one channel (not repeated in the answer and the audit, its values not counted twice).
      const o = await objection(t.app, id, { channels: ['email', 'email'], actor: 'dpo' });
      expect(o).toEqual({ channels: ['email'], withdrawn: 1, suppressedValues: 2, listRemovals: 1 });
      let p = await personRecord(t.app.store.db, id);
      expect(p!.suppressions.map((s) => s.channel)).toEqual(['email']);
      expect(p!.consentState.filter((s) => s.granted).map((s) => s.purpose).sort()).toEqual(['canvassing', 'fundraising']);
      expect(p!.lists.map((l) => l.channel)).toEqual(['door']);
      const all = await objection(t.app, id, { channels: '*', actor: 'dpo' });
      expect(all.withdrawn).toBe(2);
      p = await personRecord(t.app.store.db, id);
      expect(p!.consentState.every((s) => !s.granted)).toBe(true);
      expect(p!.consents.filter((c) => !c.granted)).toHaveLength(4);
      const values = await contactsDb(t.app.store.db).selectFrom('suppressed_values').select(['hash', 'channel']).execute();
      expect(values).toContainEqual({ hash: t.app.pseudonymiser.pseudonym(HASH_SPACES.email, 'zephyrine.quilleboeuf@exemple.fr'), channel: 'email' });
      expect(values).toContainEqual({ hash: t.app.pseudonymiser.pseudonym(HASH_SPACES.phone, '+33611223344'), channel: '*' });
      const audit = await readAudit(t.app.store.db, { action: 'contacts.object' });
      expect(audit).toHaveLength(2);
      expect((await verifyAudit(t.app.store.db)).ok).toBe(true);
    });

    it('a value someone objected with, added to another person by rectification, suppresses them as an import of it would', async () => {
      // Her objection put z.q@exemple.fr on the do-not-contact list; staff then move it to Anatole, who reads the newsletter.
      const src = await fixtureSource(t.app);
      const anatole = await insertPerson(t.app, { given: 'Anatole', family: 'Brébeuf', emails: ['anatole.brebeuf@exemple.org'], consents: [['newsletter', 'email', true]] }, src);
      await rectify(t.app, id, { removeEmails: ['z.q@exemple.fr'] }, 'dpo');
      await rectify(t.app, anatole, { addEmails: ['z.q@exemple.fr'] }, 'dpo');
      const p = await personRecord(t.app.store.db, anatole);
      expect(p!.suppressions.map((s) => [s.channel, s.reason]).sort()).toEqual([['*', 'on the do-not-contact list'], ['email', 'on the do-not-contact list']]);
      const path = join(t.dir, 'newsletter.csv');
      const r = await exportCsv(t.app.store, { use: { purpose: 'newsletter', channel: 'email' }, condition: { all: [] }, actor: { name: 'dpo', role: 'admin' }, path });
      expect(r.people).toBe(0);
      expect(readFileSync(path, 'utf8')).not.toContain('z.q@exemple.fr');
    });
  });
}
