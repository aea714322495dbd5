import { join } from 'node:path';
import type { App } from '../app/open';
import { importContacts } from '../contacts/imports';
import { writeSyntheticCsv } from '../contacts/synthetic';
import { contactsDb } from '../contacts/tables';
import { n } from './format';

/**
 * SYNTHETIC supporters for the demo's contacts view: generated people (names, emails, phones,
 * addresses in Hérault and Finistère) with their consents, imported through the real import
 * path. Imported once per store. Returns lines for the user.
 */
export async function importDemoContacts(app: App, dir: string, rows = 2000): Promise<string[]> {
  const db = contactsDb(app.store.db);
  if (await db.selectFrom('contact_imports').select('id').where('file', '=', 'demo-contacts.csv').executeTakeFirst()) return ['The demo contacts were imported before; they are left as they are.'];
  const file = join(dir, 'demo-contacts.csv');
  await writeSyntheticCsv(file, { rows, seed: 2026 });
  const s = await importContacts(app, { file, mapping: null, source: { basis: 'consent', collectedAt: Date.now(), collector: 'demo sign-up forms', noticeVersion: 'demo-1' }, actor: 'demo', again: true });
  return [
    `Imported ${n(s.rows)} SYNTHETIC contacts: ${n(s.created)} people, ${n(s.merged)} merged duplicates, ${n(s.review)} possible duplicates to review, ${n(s.bad)} bad rows reported.`,
    'See them in the contacts view, or `npx hustings contacts segment count --where tag=volunteer --purpose newsletter --channel email`.',
  ];
}
