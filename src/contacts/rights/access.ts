import { renameSync, rmSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { NotFoundError } from '../../core/errors';
import { outputFile } from '../../core/output';
import type { AnyDb, DialectName } from '../../store';
import { appendAudit } from '../audit';
import { replacedDetail, retireExportsAt } from '../exports/write';
import { sha256Hex } from '../exports/hash';
import { reserveIds } from '../ids';
import { contactsDb } from '../tables';
import type { PersonRecord } from '../people/record';
import { personRecord } from '../people/record';
import type { RightsApp } from './requests';

/**
 * The answer to an access request (GDPR art. 15): everything held about the person, with what
 * art. 15(1) requires beside it — the purposes, the lawful bases, the recipients, how long data
 * are kept, the person's rights and the origin of the data (each value names its source).
 */

export const ACCESS_FORMAT = 'hustings.contacts.access/1';

/** Why the campaign processes contact data and on what basis (art. 13/15): the explanation the export carries. */
export const PURPOSE_NOTES: Readonly<Record<string, string>> = {
  newsletter: 'sending the campaign newsletter you subscribed to (basis: your consent, art. 6(1)(a) and 9(2)(a))',
  canvassing: 'contacting you about the campaign by door-to-door visits, phone or messages (basis: your consent, or the legitimate interest of political communication where the law allows it)',
  fundraising: 'asking for donations (basis: your consent)',
  volunteering: 'organising the volunteers who offered to help (basis: your consent, or membership, art. 9(2)(d))',
  profiling: 'estimating support and priorities to organise the campaign (basis: your explicit consent, art. 9(2)(a))',
  reuse: 'keeping your details for later campaigns (basis: your consent)',
  stay_in_touch: 'staying in touch after the election (basis: your consent)',
};

export const RIGHTS_NOTE =
  'You may ask for access (art. 15), rectification (art. 16), erasure (art. 17), restriction (art. 18) and portability (art. 20) of your data, ' +
  'object at any time to its use (art. 21) and withdraw any consent without affecting what was done before (art. 7(3)). ' +
  'You may also lodge a complaint with the supervisory authority (in France, the CNIL).';

export interface AccessExport {
  readonly format: typeof ACCESS_FORMAT;
  readonly generatedAt: string;
  readonly purposes: Readonly<Record<string, string>>;
  readonly bases: string;
  readonly retention: string;
  readonly rights: string;
  readonly person: PersonRecord;
}

/** Everything about `personId` for the person themselves; audited as 'contacts.access'. */
export async function accessExport(app: RightsApp, personId: number, actor: string, now = Date.now()): Promise<AccessExport> {
  return accessIn(app.store.db, app.store.dialect, personId, actor, now);
}

async function accessIn(db: AnyDb, dialect: DialectName, personId: number, actor: string, now: number, file: Record<string, unknown> = {}): Promise<AccessExport> {
  const person = await personRecord(db, personId);
  if (!person) throw new NotFoundError(`person ${personId}: no such person`);
  const used = new Set([...person.consents.map((c) => c.purpose), ...Object.keys(PURPOSE_NOTES)]);
  const purposes = Object.fromEntries([...used].sort().map((p) => [p, PURPOSE_NOTES[p] ?? 'a purpose of the campaign named by its organisers (basis: your consent)']));
  await appendAudit(db, dialect, { actor, action: 'contacts.access', subject: `person:${personId}`, detail: { sources: person.sources.length, consents: person.consents.length, ...file } }, now);
  return {
    format: ACCESS_FORMAT,
    generatedAt: new Date(now).toISOString(),
    purposes,
    bases: 'Each source below names the lawful basis on which its data was collected (consent, explicit consent, membership, legitimate interest, …); each consent entry names its source.',
    retention: 'Data are kept as long as the retention policies of the campaign allow (by source and date of collection or election), then erased, unless you consented to be kept in touch.',
    rights: RIGHTS_NOTE,
    person: forTheSubject(person),
  };
}

/**
 * The record as the person gets it: a review item says the data were compared with someone
 * else's, but not whose (another person's id is not the subject's data).
 */
function forTheSubject(person: PersonRecord): PersonRecord {
  return { ...person, reviews: person.reviews.map((r) => ({ ...r, otherId: null })) };
}

/**
 * Writes an access export to `path` (owner-readable only, renamed into place when complete) and
 * registers it as a file the platform wrote, holding this one person, with the SHA-256 of its
 * bytes: an erasure of the person deletes it (`kind` 'access') while it is still the file written.
 * A file at the path from an earlier export is replaced, and its registration retired; one edited
 * since only with `overwrite` (see retireExportsAt).
 */
export async function writeAccessFile(app: RightsApp, personId: number, path: string, actor: string, options: { overwrite?: boolean; now?: number } = {}): Promise<AccessExport> {
  const now = options.now ?? Date.now();
  const target = outputFile(path, '--out');
  const partial = `${target}.partial`;
  const db = contactsDb(app.store.db);
  let renamed = false;
  try {
    return await db.transaction().execute(async (trx) => {
      const replaced = await retireExportsAt(trx, target, '--out', options.overwrite ?? false);
      const exportId = await reserveIds(trx, 'contact_exports', 1);
      const x = await accessIn(trx, app.store.dialect, personId, actor, now, { export: exportId, ...replacedDetail(replaced) });
      const text = `${JSON.stringify(x, null, 2)}\n`;
      // The SHA-256 of the bytes written: an erasure deletes the file at the path only while it is still this one.
      const digest = sha256Hex(text);
      await trx.insertInto('contact_exports').values({ id: exportId, kind: 'access', path: target, purpose: 'access', channel: 'file', rows: 1, created_by: actor, created_at: now, digest }).execute();
      await trx.insertInto('export_lines').values({ export_id: exportId, line: 1, person_id: personId }).execute();
      await writeFile(partial, text, { mode: 0o600, flush: true });
      // The mode applies when a file is made: a partial file left by a crash is made owner-only too.
      await chmod(partial, 0o600);
      renameSync(partial, target);
      renamed = true;
      return x;
    });
  } catch (error) {
    rmSync(renamed ? target : partial, { force: true });
    throw error;
  }
}
