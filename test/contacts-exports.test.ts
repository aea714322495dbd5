import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { registerContactsExport } from '../src/cli/contacts-export';
import { registerContactsSegments } from '../src/cli/contacts-segments';
import { audienceQuery } from '../src/contacts/audience';
import { ForbiddenError } from '../src/contacts/errors';
import { audiencePages, audiencePhone, exportAudience, exportCsv, sha256Hex } from '../src/contacts/exports';
import { assignList, createList, listMembers, listsOf } from '../src/contacts/lists';
import { contactsDb } from '../src/contacts/tables';
import type { Config } from '../src/core/config';
import { UserStore } from '../src/server';
import { backends } from './support/backends';
import { addConsents, addPeople, addSuppressions } from './support/contacts-people';

const ADMIN = { name: 'alice', role: 'admin' };
const NOW = 1_700_000_000_000;
const newsletter = { purpose: 'newsletter', channel: 'email' } as const;

for (const backend of backends()) {
  describe(`contacts exports and lists on ${backend.name}`, () => {
    let app: App;
    let config: Config;
    let dir: string;
    let cleanup: () => Promise<void>;
    let ids: number[];

    beforeAll(async () => {
      const fresh = await backend.fresh();
      [dir, cleanup, config] = [fresh.dir, fresh.cleanup, fresh.config];
      app = await openApp(config);
      ids = await addPeople(app.store.db, [
        { givenName: 'Anne', familyName: 'Le Gall, "AG"', emails: ['anne@example.org', 'a.legall@example.org'], phones: ['+33612345678'], area: 'brest', tags: ['volunteer'] },
        { givenName: 'Bruno', familyName: 'Kerjean', emails: ['bruno@example.org'], address: { street: '1 rue de Siam', postcode: '29200', city: 'Brest', country: 'FR' }, area: 'quimper' },
        { givenName: 'Chloé', familyName: 'Morvan', emails: ['chloe@example.org'], phones: ['+33698765432'], area: 'brest', tags: ['volunteer'] },
        { givenName: 'Denis', familyName: 'Nédélec', phones: ['+33611111111'], area: 'brest' },
      ]);
      const [a, b, c, d] = ids as [number, number, number, number];
      await addConsents(app.store.db, [
        { personId: a, purpose: 'newsletter', channel: 'email', granted: true, at: 1 },
        { personId: b, purpose: 'newsletter', channel: 'email', granted: true, at: 1 },
        { personId: c, purpose: 'newsletter', channel: 'email', granted: true, at: 1 },
        { personId: c, purpose: 'newsletter', channel: 'email', granted: false, at: 2 },
        { personId: d, purpose: 'newsletter', channel: 'email', granted: true, at: 1 },
        { personId: a, purpose: 'canvassing', channel: 'phone', granted: true, at: 1 },
        { personId: c, purpose: 'canvassing', channel: 'phone', granted: true, at: 1 },
        { personId: d, purpose: 'canvassing', channel: 'phone', granted: true, at: 1 },
      ]);
      await addSuppressions(app.store.db, [{ personId: d, channel: '*' }]);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('writes a CSV of the reachable people, one line per email, registered line by line and audited', async () => {
      const path = join(dir, 'news.csv');
      const r = await exportCsv(app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path, now: NOW });
      expect(r).toMatchObject({ rows: 3, people: 2 });
      const [a, b] = ids;
      expect(readFileSync(path, 'utf8')).toBe(
        'person_id,given_name,family_name,email\r\n' +
          `${a},Anne,"Le Gall, ""AG""",a.legall@example.org\r\n${a},Anne,"Le Gall, ""AG""",anne@example.org\r\n${b},Bruno,Kerjean,bruno@example.org\r\n`,
      );
      expect(statSync(path).mode & 0o077).toBe(0);
      const db = contactsDb(app.store.db);
      const lines = await db.selectFrom('export_lines').select(['line', 'person_id']).where('export_id', '=', r.id).orderBy('line').execute();
      expect(lines.map((l) => [Number(l.line), Number(l.person_id)])).toEqual([[2, a], [3, a], [4, b]]);
      expect(await db.selectFrom('contact_exports').select(['kind', 'rows', 'created_by']).where('id', '=', r.id).executeTakeFirst()).toEqual({ kind: 'csv', rows: 3, created_by: 'alice' });
      const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'subject', 'detail']).where('action', '=', 'contacts.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: 'alice', subject: null });
      expect(JSON.parse(audit.detail)).toMatchObject({ export: r.id, kind: 'csv', purpose: 'newsletter', channel: 'email', rows: 3 });
    });

    it('writes the postal address for mail, and nobody without a consent', async () => {
      await addConsents(app.store.db, [{ personId: ids[1]!, purpose: 'newsletter', channel: 'mail', granted: true, at: 1 }]);
      const path = join(dir, 'mail.csv');
      await exportCsv(app.store, { use: { purpose: 'newsletter', channel: 'mail' }, condition: { area: ['quimper'] }, actor: ADMIN, path, now: NOW });
      expect(readFileSync(path, 'utf8')).toBe(`person_id,given_name,family_name,address\r\n${ids[1]},Bruno,Kerjean,"1 rue de Siam, 29200 Brest, FR"\r\n`);
    });

    it('writes hashed audience files: emails lower-cased, phones as Meta or Google want them', async () => {
      const path = join(dir, 'aud.txt');
      await exportAudience(app.store, { use: newsletter, condition: { tag: 'volunteer' }, actor: ADMIN, path, now: NOW });
      expect(readFileSync(path, 'utf8')).toBe(`email_sha256\r\n${sha256Hex('a.legall@example.org')}\r\n${sha256Hex('anne@example.org')}\r\n`);
      const phones = join(dir, 'phones.txt');
      const r = await exportAudience(app.store, { use: { purpose: 'canvassing', channel: 'phone' }, condition: { all: [] }, actor: ADMIN, path: phones, platform: 'google', now: NOW });
      expect(r.rows).toBe(2);
      expect(readFileSync(phones, 'utf8')).toBe(`phone_sha256\r\n${sha256Hex('+33612345678')}\r\n${sha256Hex('+33698765432')}\r\n`);
      expect(audiencePhone('+33612345678', 'meta')).toBe('33612345678');
      expect(audiencePhone('0612345678', 'meta')).toBeNull();
      await expect(exportAudience(app.store, { use: { purpose: 'newsletter', channel: 'mail' }, condition: { all: [] }, actor: ADMIN, path })).rejects.toThrow(/email or phone/);
    });

    it('refuses exports by anyone but an admin, and writes nothing', async () => {
      const path = join(dir, 'no.csv');
      await expect(exportCsv(app.store, { use: newsletter, condition: { all: [] }, actor: { name: 'olga', role: 'organiser' }, path })).rejects.toBeInstanceOf(ForbiddenError);
      expect(() => statSync(path)).toThrow();
    });

    it('pages by id without losing or repeating anyone', async () => {
      const pages = [];
      for await (const page of audiencePages(contactsDb(app.store.db), { use: { purpose: 'canvassing', channel: 'phone' }, scope: { kind: 'all' }, now: NOW }, 1)) pages.push(page.map((p) => p.id));
      expect(pages).toEqual([[ids[0]], [ids[2]]]);
    });

    it('snapshots lists and leaves out members who withdraw later', async () => {
      const db = contactsDb(app.store.db);
      // A list goes only to a user who exists and can read lists.
      for (const name of ['carl', 'dora']) await new UserStore(app.store).add(name, 'canvasser', 'a long enough password');
      const use = { purpose: 'canvassing', channel: 'phone' } as const;
      const { list, members } = await createList(app.store, { name: 'calls', use, condition: { area: ['brest'] }, assignedTo: 'carl', expiresAt: NOW + 1000, actor: ADMIN, now: NOW });
      expect(members).toBe(2);
      expect((await listMembers(db, list.id, { kind: 'all' }, NOW)).map((m) => m.id)).toEqual([ids[0], ids[2]]);
      await addConsents(app.store.db, [{ personId: ids[2]!, purpose: 'canvassing', channel: 'phone', granted: false, at: 5 }]);
      expect((await listMembers(db, list.id, { kind: 'lists', user: 'carl', now: NOW }, NOW)).map((m) => m.id)).toEqual([ids[0]]);
      expect(await listMembers(db, list.id, { kind: 'lists', user: 'dora', now: NOW }, NOW)).toEqual([]);
      expect(await listMembers(db, list.id, { kind: 'all' }, NOW + 1000)).toEqual([]);
      expect((await listsOf(db, 'carl', NOW)).map((l) => l.id)).toEqual([list.id]);
      await assignList(app.store, list.id, 'dora', ADMIN, NOW);
      expect(await listsOf(db, 'carl', NOW)).toEqual([]);
      expect((await listsOf(db, 'dora', NOW)).map((l) => l.name)).toEqual(['calls']);
      await expect(createList(app.store, { name: 'x', use, condition: { all: [] }, actor: { name: 'carl', role: 'canvasser' } })).rejects.toBeInstanceOf(ForbiddenError);
      const organiser = await createList(app.store, { name: 'q', use: newsletter, condition: { all: [] }, actor: { name: 'olga', role: 'organiser' }, now: NOW });
      expect(organiser.members).toBe(0);
    });

    it('exports a list by id through the gate', async () => {
      const { list } = await createList(app.store, { name: 'news', use: newsletter, condition: { all: [] }, actor: ADMIN, now: NOW });
      await addSuppressions(app.store.db, [{ personId: ids[1]!, channel: 'email' }]);
      const r = await exportCsv(app.store, { use: newsletter, listId: list.id, actor: ADMIN, path: join(dir, 'list.csv'), now: NOW });
      expect(r).toMatchObject({ rows: 2, people: 1 });
      const left = await audienceQuery(contactsDb(app.store.db), { use: newsletter, listId: list.id, scope: { kind: 'all' }, now: NOW }).select('p.id').execute();
      expect(left.map((x) => Number(x.id))).toEqual([ids[0]]);
    });

    it('saves segments, counts them for a use and exports them from the command line', async () => {
      const lines: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((s: string) => lines.push(s) > 0) as typeof process.stdout.write;
      const key = process.env.HUSTINGS_PSEUDONYM_KEY;
      process.env.HUSTINGS_PSEUDONYM_KEY = config.pseudonymKey;
      try {
        const cli = async (...args: string[]): Promise<void> => {
          const program = new Command().option('--db <url>').option('--data-dir <dir>').exitOverride();
          const contacts = program.command('contacts');
          registerContactsSegments(contacts);
          registerContactsExport(contacts);
          await program.parseAsync(['--db', config.databaseUrl ?? config.sqlitePath, '--data-dir', dir, 'contacts', ...args], { from: 'user' });
        };
        await cli('segment', 'save', 'brest', '--where', 'area=brest');
        await cli('segment', 'count', 'brest', '--purpose', 'canvassing', '--channel', 'phone', '--json');
        await cli('export', '--segment', 'brest', '--purpose', 'canvassing', '--channel', 'phone', '--out', join(dir, 'cli.csv'), '--json');
        await cli('segment', 'list');
        await cli('segment', 'delete', 'brest');
      } finally {
        process.stdout.write = write;
        if (key === undefined) delete process.env.HUSTINGS_PSEUDONYM_KEY;
        else process.env.HUSTINGS_PSEUDONYM_KEY = key;
      }
      expect(lines[0]).toMatch(/^segment brest saved/);
      expect(JSON.parse(lines[1]!)).toMatchObject({ segment: 'brest', count: 1 });
      expect(JSON.parse(lines[2]!)).toMatchObject({ rows: 1, people: 1 });
      expect(lines[3]).toMatch(/^brest\t\{"area":\["brest"\]\}/);
      expect(lines[4]).toMatch(/deleted/);
    });
  });
}
