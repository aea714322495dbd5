import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { erase } from '../src/contacts/rights';
import { contactsDb } from '../src/contacts/tables';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { fixtureSource, insertPerson, writeExportFile } from './support/contacts-fixture';

describe.each(backends())('an erasure stopped before its export files were rewritten, on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('is completed by the next erasure: the file loses the lines of everyone no longer stored', async () => {
    t = await openTestApp(backend);
    const src = await fixtureSource(t.app);
    const [a, b, c] = [await insertPerson(t.app, { given: 'Aurore', family: 'Interrompue' }, src), await insertPerson(t.app, { given: 'Basile', family: 'Suivant' }, src), await insertPerson(t.app, { given: 'Cyprien', family: 'Reste' }, src)];
    const file = join(t.dir, 'list.csv');
    await writeExportFile(t.app, file, 'given,family', [[a, 'Aurore,Interrompue'], [b, 'Basile,Suivant'], [c, 'Cyprien,Reste']]);
    // What a crash between the erasing transaction and the file rewrite leaves: the person is gone, their export lines are not.
    const db = contactsDb(t.app.store.db);
    for (const table of ['person_sources', 'people'] as const) await db.deleteFrom(table as 'people').where(table === 'people' ? 'id' : ('person_id' as 'id'), '=', a).execute();
    expect(readFileSync(file, 'utf8')).toContain('Interrompue');
    await erase(t.app, b, { actor: 'test' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Interrompue');
    expect(text).not.toContain('Suivant');
    expect(text).toContain('Cyprien,Reste');
    expect(await db.selectFrom('export_lines').select(['person_id', 'line']).execute()).toEqual([{ person_id: c, line: 2 }]);
  });

  it('is completed by erasing the same person again: the files are rewritten, not "no such person"', async () => {
    t = await openTestApp(backend);
    const src = await fixtureSource(t.app);
    const [a, c] = [await insertPerson(t.app, { given: 'Aurore', family: 'Interrompue' }, src), await insertPerson(t.app, { given: 'Cyprien', family: 'Reste' }, src)];
    const file = join(t.dir, 'list.csv');
    await writeExportFile(t.app, file, 'given,family', [[a, 'Aurore,Interrompue'], [c, 'Cyprien,Reste']]);
    const db = contactsDb(t.app.store.db);
    for (const table of ['person_sources', 'people'] as const) await db.deleteFrom(table as 'people').where(table === 'people' ? 'id' : ('person_id' as 'id'), '=', a).execute();
    const again = await erase(t.app, a, { actor: 'test' });
    expect([again.counts.people, again.files.map((f) => [f.status, f.removed])]).toEqual([0, [['rewritten', 1]]]);
    expect(readFileSync(file, 'utf8')).not.toContain('Interrompue');
    // Nothing left to do: now it is "no such person".
    await expect(erase(t.app, a, { actor: 'test' })).rejects.toThrow(/no such person \(already erased\?\)/);
  });
});
