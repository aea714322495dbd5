import { openInput } from '../../core/input';
import { InputError } from '../../core/errors';
import type { ContactsDb } from '../tables';
import type { Mapping } from './mapping';
import { checkMapping, checkUsable, guessMapping, MappingSpec } from './mapping';
import { normaliseRecord, planOf } from './normalise-row';
import { openRecords } from './read';
import type { Position } from './read';
import type { BadRow, PersonRow } from './row';

export interface ImportPreview {
  readonly header: readonly string[];
  readonly mapping: Mapping;
  /** Columns the mapping leaves out. */
  readonly ignored: readonly string[];
  /** The first rows as they would be stored. */
  readonly sample: readonly PersonRow[];
  /** Rows checked, and the bad ones among them (line, column, reason). */
  readonly checked: number;
  readonly bad: readonly BadRow[];
  /** What the bad rows' numbers count: lines, or records of a JSON array. */
  readonly position: Position;
}

/** What an import would do with the first rows of a file: the mapping, rows as they would be stored, the validation report. Writes nothing. */
export async function previewImport(file: string, mapping: Mapping | null, options: { sampleRows?: number; checkRows?: number; now?: number; noticeVersion?: string | null } = {}): Promise<ImportPreview> {
  const { header, records, position } = await openRecords(await openInput(file));
  const m = checkMapping(mapping ?? guessMapping(header), header);
  checkUsable(m, header);
  // As the import would check them: without a notice version, rows granting a consent are bad.
  const plan = planOf(m, header, Boolean(options.noticeVersion?.trim()));
  const sample: PersonRow[] = [];
  const bad: BadRow[] = [];
  let checked = 0;
  const limit = options.checkRows ?? 1000;
  outer: for await (const batch of records) {
    for (const r of batch) {
      if (checked >= limit) break outer;
      checked++;
      const result = r.kind === 'bad' ? { ok: false as const, line: r.line, column: null, reason: r.reason } : normaliseRecord(r.values, r.line, plan, options.now ?? Date.now());
      if (!result.ok) bad.push({ line: result.line, column: result.column, reason: result.reason });
      else if (sample.length < (options.sampleRows ?? 10)) sample.push(result.row);
    }
  }
  return { header, mapping: m, ignored: header.filter((h) => (m.columns[h] ?? 'ignore') === 'ignore'), sample, checked, bad, position };
}

/** Saved mappings, reusable across imports of files laid out alike. */
export async function saveMapping(db: ContactsDb, name: string, mapping: Mapping, now = Date.now()): Promise<void> {
  if (!/^[\w.-]{1,64}$/.test(name)) throw new InputError(`mapping name: expected letters, digits, '.', '_' or '-', found ${JSON.stringify(name)}`);
  const spec = JSON.stringify(mapping);
  await db.insertInto('import_mappings').values({ name, spec, updated_at: now }).onConflict((oc) => oc.column('name').doUpdateSet({ spec, updated_at: now })).execute();
}

export async function loadMapping(db: ContactsDb, name: string): Promise<Mapping> {
  const r = await db.selectFrom('import_mappings').select('spec').where('name', '=', name).executeTakeFirst();
  if (!r) {
    const names = (await db.selectFrom('import_mappings').select('name').execute()).map((x) => x.name);
    throw new InputError(`no saved mapping ${JSON.stringify(name)}; saved: ${names.join(', ') || 'none'}`);
  }
  return checkMapping(MappingSpec.parse(JSON.parse(r.spec)), null);
}

export async function listMappings(db: ContactsDb): Promise<{ name: string; mapping: Mapping; updatedAt: number }[]> {
  const rows = await db.selectFrom('import_mappings').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.spec) as Mapping, updatedAt: Number(r.updated_at) }));
}
