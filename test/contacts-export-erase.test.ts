import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audienceEmail, exportAudience, exportCsv, sha256Hex } from '../src/contacts/exports';
import { readAudit } from '../src/contacts/audit';
import { erase, writeAccessFile } from '../src/contacts/rights';
import { resolveReview } from '../src/contacts/review';
import { contactsDb } from '../src/contacts/tables';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { addConsents, addPeople } from './support/contacts-people';

const ADMIN = { name: 'alice', role: 'admin' };
const newsletter = { purpose: 'newsletter', channel: 'email' } as const;
const mail = { purpose: 'newsletter', channel: 'mail' } as const;

describe.each(backends())('erasure and the export files, on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function people(): Promise<[number, number, number]> {
    const street = (n: number) => ({ street: n === 1 ? '12 rue A\nBâtiment B' : `${n} rue C`, postcode: '29200', city: 'Brest', country: 'FR' });
    const ids = await addPeople(t.app.store.db, [
      { givenName: 'Anna', familyName: 'Multi', emails: ['anna@example.org'], address: street(1), tags: ['a', 'b'] },
      { givenName: 'Bruno', familyName: 'Second', emails: ['bruno@example.org'], address: street(2), tags: ['b'] },
      { givenName: 'Carla', familyName: 'Third', emails: ['carla@example.org'], address: street(3), tags: ['b'] },
    ]);
    await addConsents(t.app.store.db, ids.flatMap((personId) => [newsletter, mail].map((u) => ({ personId, ...u, granted: true, at: 1 }))));
    return ids as [number, number, number];
  }

  it('a second export to the same file replaces the first in the register: erasure removes the right line', async () => {
    t = await openTestApp(backend);
    const [anna, bruno, carla] = await people();
    const path = join(t.dir, 'weekly.csv');
    await exportCsv(t.app.store, { use: newsletter, condition: { tag: 'a' }, actor: ADMIN, path });
    await exportCsv(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path });
    // Anna is in both: only the file as it is now is scrubbed.
    const done = await erase(t.app, anna, { actor: 'dpo' });
    expect(done.files.map((f) => [f.status, f.removed])).toEqual([['rewritten', 1]]);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('Anna');
    expect(text).toContain(`${bruno},Bruno,Second`);
    expect(text).toContain(`${carla},Carla,Third`);
  });

  it('writes over no file it did not export: not the store, not a file someone keeps there', async () => {
    t = await openTestApp(backend);
    const [anna] = await people();
    const notes = join(t.dir, 'notes.csv');
    writeFileSync(notes, 'kept\n');
    await expect(exportCsv(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path: notes })).rejects.toThrow(`export file ${notes}: a file is there that hustings did not export`);
    await expect(writeAccessFile(t.app, anna, notes, 'dpo')).rejects.toThrow(`--out ${notes}: a file is there that hustings did not export`);
    expect(readFileSync(notes, 'utf8')).toBe('kept\n');
    if (backend.name === 'sqlite') {
      const store = t.app.store.sqlite!.name;
      await expect(exportCsv(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path: store })).rejects.toThrow('a file is there that hustings did not export');
    }
    // Nothing registered for the refused exports: an erasure finds no file to scrub.
    expect((await erase(t.app, anna, { actor: 'dpo' })).files).toEqual([]);
  });

  it('writes an address on two lines as one line, so that erasure finds the lines after it', async () => {
    t = await openTestApp(backend);
    const [anna, bruno, carla] = await people();
    const path = join(t.dir, 'mail.csv');
    await exportCsv(t.app.store, { use: mail, condition: { all: [] }, actor: ADMIN, path });
    expect(readFileSync(path, 'utf8').split('\r\n')).toEqual(['person_id,given_name,family_name,address', `${anna},Anna,Multi,"12 rue A, Bâtiment B, 29200 Brest, FR"`, `${bruno},Bruno,Second,"2 rue C, 29200 Brest, FR"`, `${carla},Carla,Third,"3 rue C, 29200 Brest, FR"`, '']);
    await erase(t.app, carla, { actor: 'dpo' });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('Carla');
    expect(text).toContain('Bruno');
  });

  it('after a merge, erasing the survivor takes both records out of a file written before it, and others erased later still go', async () => {
    t = await openTestApp(backend);
    const [anna, bruno, carla] = await people();
    const path = join(t.dir, 'before-merge.csv');
    await exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path });
    // A reviewer decides that Bruno is Anna: his record is folded into hers; the file still says ${bruno} on his line.
    await contactsDb(t.app.store.db).insertInto('review_queue').values({ id: 9001, kind: 'fuzzy', person_id: bruno, other_id: anna, score: 0.9, reason: 'similar name and address', import_id: null, line: null, status: 'open', created_at: 1 }).execute();
    await resolveReview(t.app.store, 9001, 'merge', 'alice', { kind: 'all' });
    const done = await erase(t.app, anna, { actor: 'dpo' });
    expect(done.files.map((f) => [f.status, f.removed])).toEqual([['rewritten', 2]]);
    expect(readFileSync(path, 'utf8')).toBe(`person_id,given_name,family_name,email\r\n${carla},Carla,Third,carla@example.org\r\n`);
    await erase(t.app, carla, { actor: 'dpo' });
    expect(readFileSync(path, 'utf8')).toBe('person_id,given_name,family_name,email\r\n');
  });

  it('writes names and emails that begin like a spreadsheet formula with a quote before them, phones as they are', async () => {
    t = await openTestApp(backend);
    const [id] = await addPeople(t.app.store.db, [{ givenName: '=cmd|calc', familyName: '+Smith', emails: ['=2+5@example.org'], phones: ['+33612345678'] }]);
    await addConsents(t.app.store.db, [{ personId: id!, ...newsletter, granted: true, at: 1 }, { personId: id!, purpose: 'newsletter', channel: 'phone', granted: true, at: 1 }]);
    const path = join(t.dir, 'formula.csv');
    await exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path });
    expect(readFileSync(path, 'utf8')).toBe(`person_id,given_name,family_name,email\r\n${id},'=cmd|calc,'+Smith,'=2+5@example.org\r\n`);
    await exportCsv(t.app.store, { use: { purpose: 'newsletter', channel: 'phone' }, condition: { all: [] }, actor: ADMIN, path });
    expect(readFileSync(path, 'utf8')).toBe(`person_id,given_name,family_name,phone\r\n${id},'=cmd|calc,'+Smith,+33612345678\r\n`);
  });

  it('removes nothing from a file edited since it was written, and says which line no longer holds the person', async () => {
    t = await openTestApp(backend);
    const [anna, bruno] = await people();
    const path = join(t.dir, 'sorted.csv');
    await exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path });
    // Re-sorted by hand in a spreadsheet: Bruno's line is no longer line 3.
    const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    writeFileSync(path, [header, rows[2], rows[0], rows[1]].join('\r\n') + '\r\n');
    const before = readFileSync(path, 'utf8');
    const done = await erase(t.app, bruno, { actor: 'dpo' });
    expect(done.files).toEqual([expect.objectContaining({ status: 'changed', removed: 0, line: 3 })]);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(before).toContain(`${anna},Anna`);
  });

  it('takes an erased person’s hash out of an audience file, and removes nothing from one sorted since it was written', async () => {
    t = await openTestApp(backend);
    const [anna, bruno] = await people();
    const hash = (email: string) => sha256Hex(audienceEmail(email));
    const path = join(t.dir, 'audience.txt');
    await exportAudience(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path });
    const lines = () => readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines()).toEqual(['email_sha256', hash('anna@example.org'), hash('bruno@example.org'), hash('carla@example.org')]);
    // Erased as written: the right line goes, and the file's new bytes are what the next erasure checks.
    expect((await erase(t.app, anna, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ status: 'rewritten', removed: 1 })]);
    expect(lines()).toEqual(['email_sha256', hash('bruno@example.org'), hash('carla@example.org')]);
    // Sorted by hand (`sort -u`): line 2 may now hold Carla. Nothing is removed, and the line is named.
    const [header, ...rows] = lines();
    writeFileSync(path, [header, ...rows.sort().reverse()].join('\r\n') + '\r\n');
    const before = readFileSync(path, 'utf8');
    expect((await erase(t.app, bruno, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ status: 'changed', removed: 0, line: 2 })]);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(before).toContain(hash('carla@example.org'));
  });

  it('deletes an access export only while it is the file written: another file at its path is left and reported, a missing one is forgotten', async () => {
    t = await openTestApp(backend);
    const [anna, bruno, carla] = await people();
    const [pathA, pathB, pathC] = ['anna', 'bruno', 'carla'].map((n) => join(t.dir, `access-${n}.json`)) as [string, string, string];
    for (const [id, path] of [[anna, pathA], [bruno, pathB], [carla, pathC]] as const) await writeAccessFile(t.app, id, path, 'dpo');
    // Someone kept their own file at Anna's path since (moved hers away, saved theirs there).
    writeFileSync(pathA, '{"my":"own notes"}\n');
    const a = await erase(t.app, anna, { actor: 'dpo' });
    expect(a.counts.people).toBe(1);
    expect(a.files).toEqual([{ exportId: expect.any(Number), kind: 'access', path: pathA, removed: 0, status: 'changed', reason: expect.stringContaining('its bytes are not those of the access export written there') }]);
    expect(readFileSync(pathA, 'utf8')).toBe('{"my":"own notes"}\n');
    // An access file edited by a byte is not the one written either; the other erasures go on, and Anna's file is reported again until it is dealt with.
    writeFileSync(pathB, readFileSync(pathB, 'utf8').replace('bruno@example.org', 'bruno@example.com'));
    const b = await erase(t.app, bruno, { actor: 'dpo' });
    expect(b.files.map((f) => [f.path, f.status])).toEqual([[pathA, 'changed'], [pathB, 'changed']]);
    expect(existsSync(pathB)).toBe(true);
    // Moved away by hand: the next erasure forgets them; Carla's, as written, is deleted.
    rmSync(pathA);
    rmSync(pathB);
    const c = await erase(t.app, carla, { actor: 'dpo' });
    expect(c.files.map((f) => [f.path, f.status])).toEqual([[pathA, 'missing'], [pathB, 'missing'], [pathC, 'deleted']]);
    expect(existsSync(pathC)).toBe(false);
    expect(await contactsDb(t.app.store.db).selectFrom('export_lines').selectAll().execute()).toEqual([]);
  });

  it('writes over an access export only while it is the file written: one edited or put there since is refused, as a foreign file', async () => {
    t = await openTestApp(backend);
    const [anna, bruno] = await people();
    const path = join(t.dir, 'access.json');
    await writeAccessFile(t.app, anna, path, 'dpo');
    // As written: a new access export replaces it.
    await writeAccessFile(t.app, anna, path, 'dpo');
    // Someone put their own file there; the erasure leaves it and reports it; nothing later replaces it silently.
    writeFileSync(path, '{"my":"own notes"}\n');
    expect((await erase(t.app, anna, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ path, status: 'changed' })]);
    const refused = `--out ${path}: the file there is not the access export hustings wrote (its bytes differ: it was edited, or another file was put there); choose another path, move that file first, or pass --overwrite to replace it`;
    await expect(writeAccessFile(t.app, bruno, path, 'dpo')).rejects.toThrow(refused);
    await expect(exportCsv(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path })).rejects.toThrow(`export file ${path}: the file there is not the access export hustings wrote`);
    expect(readFileSync(path, 'utf8')).toBe('{"my":"own notes"}\n');
    // An access file edited by a byte, without an erasure, is refused too.
    const other = join(t.dir, 'bruno.json');
    await writeAccessFile(t.app, bruno, other, 'dpo');
    const edited = readFileSync(other, 'utf8').replace('bruno@example.org', 'bruno@example.com');
    writeFileSync(other, edited);
    await expect(writeAccessFile(t.app, bruno, other, 'dpo')).rejects.toThrow(`--out ${other}: the file there is not the access export hustings wrote`);
    expect(readFileSync(other, 'utf8')).toBe(edited);
    // Moved away: the path is free again.
    rmSync(path);
    await writeAccessFile(t.app, bruno, path, 'dpo');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ person: { id: bruno } });
  });

  it('writes over its own export only while it is the file written: one edited since is refused, and replaced with overwrite, as the audit says', async () => {
    t = await openTestApp(backend);
    const [anna] = await people();
    const path = join(t.dir, 'weekly.csv');
    const csv = (overwrite?: boolean) => exportCsv(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path, overwrite });
    const first = await csv();
    // As written: replaced, and the audit names the export it replaced.
    const second = await csv();
    const audit = async () => (await readAudit(t.app.store.db, { action: 'contacts.export' })).map((e) => e.detail).sort((x, y) => Number(x.export) - Number(y.export));
    expect((await audit()).at(-1)).toMatchObject({ export: second.id, replaces: first.id });
    expect((await audit()).at(-1)).not.toHaveProperty('forced');
    // Edited by hand: refused, left as it is, whatever kind the new export is.
    const edited = `${readFileSync(path, 'utf8')}edited by hand\r\n`;
    writeFileSync(path, edited);
    const refused = `export file ${path}: the file there is not the CSV export hustings wrote (its bytes differ: it was edited, or another file was put there); choose another path, move that file first, or pass --overwrite to replace it`;
    await expect(csv()).rejects.toThrow(refused);
    await expect(exportAudience(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path })).rejects.toThrow(refused);
    await expect(writeAccessFile(t.app, anna, path, 'dpo')).rejects.toThrow(`--out ${path}: the file there is not the CSV export hustings wrote`);
    expect(readFileSync(path, 'utf8')).toBe(edited);
    // Asked to: replaced, and the audit says it was forced over a changed file.
    const third = await csv(true);
    expect(readFileSync(path, 'utf8')).not.toContain('edited by hand');
    expect((await audit()).at(-1)).toMatchObject({ export: third.id, replaces: second.id, forced: true });
    // An access file edited since is replaced as asked too, and audited so.
    await writeAccessFile(t.app, anna, path, 'dpo');
    writeFileSync(path, '{"my":"own notes"}\n');
    await expect(writeAccessFile(t.app, anna, path, 'dpo')).rejects.toThrow(`--out ${path}: the file there is not the access export hustings wrote`);
    await writeAccessFile(t.app, anna, path, 'dpo', { overwrite: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ person: { id: anna } });
    const [access] = await readAudit(t.app.store.db, { action: 'contacts.access' });
    expect(access!.detail).toMatchObject({ replaces: expect.any(Number), forced: true });
    // A file hustings did not export is refused even so.
    const notes = join(t.dir, 'notes.csv');
    writeFileSync(notes, 'kept\n');
    await expect(exportCsv(t.app.store, { use: newsletter, condition: { tag: 'b' }, actor: ADMIN, path: notes, overwrite: true })).rejects.toThrow(`export file ${notes}: a file is there that hustings did not export`);
    await expect(writeAccessFile(t.app, anna, notes, 'dpo', { overwrite: true })).rejects.toThrow(`--out ${notes}: a file is there that hustings did not export`);
    expect(readFileSync(notes, 'utf8')).toBe('kept\n');
  });

  it('writes over an audience file or a CSV export written before digests only when asked', async () => {
    t = await openTestApp(backend);
    await people();
    const path = join(t.dir, 'audience.txt');
    const audience = (overwrite?: boolean) => exportAudience(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path, overwrite });
    await audience();
    const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    writeFileSync(path, [header, ...rows.sort().reverse()].join('\r\n') + '\r\n');
    await expect(audience()).rejects.toThrow(`export file ${path}: the file there is not the audience file hustings wrote (its bytes differ`);
    await audience(true);
    // Written before exports recorded their bytes: whether it was edited cannot be told.
    const old = join(t.dir, 'old.csv');
    await exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path: old });
    await contactsDb(t.app.store.db).updateTable('contact_exports').set({ digest: null }).where('path', '=', old).execute();
    await expect(exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path: old })).rejects.toThrow(
      `export file ${old}: the file there is a CSV export written before hustings recorded the bytes of its exports, so whether it was edited since cannot be told; choose another path, move that file first, or pass --overwrite to replace it`,
    );
    await exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path: old, overwrite: true });
    // Gone: nothing stands in the way.
    rmSync(old);
    await contactsDb(t.app.store.db).updateTable('contact_exports').set({ digest: null }).where('path', '=', old).execute();
    await exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path: old });
  });

  it('keeps the erasures right across exports to one path: a file an erasure rewrote is replaced as written; one it left is refused, and once replaced as asked no erasure looks for it', async () => {
    t = await openTestApp(backend);
    const [anna, bruno, carla] = await people();
    const path = join(t.dir, 'weekly.csv');
    const csv = (overwrite?: boolean) => exportCsv(t.app.store, { use: newsletter, condition: { all: [] }, actor: ADMIN, path, overwrite });
    await csv();
    // The erasure rewrites the file and records its new bytes: the next export replaces it without being asked.
    expect((await erase(t.app, anna, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ status: 'rewritten', removed: 1 })]);
    await csv();
    expect(readFileSync(path, 'utf8')).not.toContain('Anna');
    // Re-sorted by hand: the erasure of Bruno leaves it, and his line is still there.
    const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    writeFileSync(path, [header, ...rows.reverse()].join('\r\n') + '\r\n');
    expect((await erase(t.app, bruno, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ status: 'changed' })]);
    await expect(csv()).rejects.toThrow(`export file ${path}: the file there is not the CSV export hustings wrote`);
    expect(readFileSync(path, 'utf8')).toContain(`${bruno},Bruno`);
    // Replaced as asked: Bruno's line went with the file, and no erasure reports that file again.
    await csv(true);
    expect(readFileSync(path, 'utf8')).not.toContain('Bruno');
    expect(readFileSync(path, 'utf8')).toContain(`${carla},Carla`);
    const lines = await contactsDb(t.app.store.db).selectFrom('export_lines').select('person_id').execute();
    expect(lines.map((l) => Number(l.person_id))).toEqual([carla]);
    expect((await erase(t.app, carla, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ path, status: 'rewritten', removed: 1 })]);
  });

  it('recognises an access export registered before its digest was recorded by its format and person', async () => {
    t = await openTestApp(backend);
    const [anna, bruno] = await people();
    const [pathA, pathB] = [join(t.dir, 'old-anna.json'), join(t.dir, 'old-bruno.json')];
    await writeAccessFile(t.app, anna, pathA, 'dpo');
    await writeAccessFile(t.app, bruno, pathB, 'dpo');
    await contactsDb(t.app.store.db).updateTable('contact_exports').set({ digest: null }).where('kind', '=', 'access').execute();
    // Bruno's path now holds Anna's access export (copied over it): not his.
    writeFileSync(pathB, readFileSync(pathA));
    expect((await erase(t.app, bruno, { actor: 'dpo' })).files).toEqual([expect.objectContaining({ path: pathB, status: 'changed' })]);
    expect(existsSync(pathB)).toBe(true);
    const a = await erase(t.app, anna, { actor: 'dpo' });
    expect(a.files.find((f) => f.path === pathA)).toMatchObject({ status: 'deleted' });
    expect(existsSync(pathA)).toBe(false);
  });
});
