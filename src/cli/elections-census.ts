import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors';
import { sniffDelimiter } from '../core/csv';
import { normaliseUnitCode } from '../elections/formats/codes';
import type { Attributes } from '../elections/priority/census';
import { joinCensus } from '../elections/priority/census';

/** A census CSV read and checked (before any estimate is run): attributes by unit code, and the lines that could not be read. */
export interface Census {
  readonly path: string;
  readonly byCode: ReadonlyMap<string, Attributes>;
  readonly skipped: readonly number[];
}

export async function readCensus(path: string, idColumn: string | undefined): Promise<Census> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read the census file (${(e as Error).message})`, path);
  }
  const delimiter = sniffDelimiter(text.slice(0, text.indexOf('\n') >>> 0));
  const skipped: number[] = [];
  let rows: Record<string, string>[];
  try {
    // A line that cannot be read (a stray quote) is skipped and reported; the others are kept.
    // on_skip is in csv-parse 5.6 but not in its types.
    const onSkip = { on_skip: (e: { lines?: number } | undefined) => void skipped.push(e?.lines ?? 0) } as unknown as Parameters<typeof parse>[1];
    rows = parse(text, { columns: true, delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, skip_records_with_error: true, ...onSkip }) as Record<string, string>[];
  } catch (e) {
    throw new InputError(`${path}: not a census CSV (${(e as Error).message})`, path);
  }
  if (rows.length === 0) throw new InputError(`${path}: expected a header and one row per unit (a code column, then attributes), found no rows`, path);
  const header = Object.keys(rows[0]!);
  const id = idColumn ?? header[0]!;
  if (!header.includes(id)) throw new InputError(`${path}: no column "${id}" (--census-id); the columns are ${header.join(', ')}`, path);
  const byCode = new Map<string, Attributes>();
  for (const row of rows) {
    const attrs: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(row)) if (k !== id) attrs[k] = v !== '' && Number.isFinite(Number(v.replace(',', '.'))) ? Number(v.replace(',', '.')) : v;
    byCode.set(normaliseUnitCode(row[id] ?? ''), attrs);
  }
  return { path, byCode, skipped };
}

/** The census joined onto the units analysed: places, and what did not join. */
export function joinCensusTo(census: Census, units: readonly string[]) {
  const join = joinCensus(units.map((code) => ({ code })), census.byCode);
  const places = new Map(join.joined.filter((j) => j.lat !== undefined).map((j) => [j.code, { lat: j.lat!, lon: j.lon! }]));
  return { places, missing: join.missing, unused: join.unused, skipped: census.skipped };
}
