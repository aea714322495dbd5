import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors';
import { sniffDelimiter } from '../core/csv';
import { normaliseUnitCode } from '../elections/formats/codes';
import type { Attributes } from '../elections/priority/census';
import { joinCensus } from '../elections/priority/census';

/** A census CSV keyed by unit code, joined onto the units analysed: places, and what did not join. */
export async function readCensus(path: string, idColumn: string | undefined, units: readonly string[]) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read the census file (${(e as Error).message})`, path);
  }
  const delimiter = sniffDelimiter(text.slice(0, text.indexOf('\n') >>> 0));
  const rows = parse(text, { columns: true, delimiter, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  const id = idColumn ?? header[0];
  if (!id || !header.includes(id)) throw new InputError(`${path}: no column "${idColumn}" (columns: ${header.join(', ')})`, path);
  const byCode = new Map<string, Attributes>();
  for (const row of rows) {
    const attrs: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(row)) if (k !== id) attrs[k] = v !== '' && Number.isFinite(Number(v.replace(',', '.'))) ? Number(v.replace(',', '.')) : v;
    byCode.set(normaliseUnitCode(row[id] ?? ''), attrs);
  }
  const join = joinCensus(units.map((code) => ({ code })), byCode);
  const places = new Map(join.joined.filter((j) => j.lat !== undefined).map((j) => [j.code, { lat: j.lat!, lon: j.lon! }]));
  return { places, missing: join.missing, unused: join.unused };
}
