import { InputError, UsageError } from '../core/errors';
import { openInput } from '../core/input';
import { normaliseUnitCode } from '../elections/formats/codes';
import { foldText } from '../elections/formats/kinds';
import { decodeInput, readCsvTable } from '../elections/formats/source';
import type { Attributes } from '../elections/priority/census';
import { isCoordinate, joinCensus } from '../elections/priority/census';

/** A census line that was not used, and why. */
export interface CensusBadLine {
  readonly line: number;
  readonly message: string;
}

/** A census CSV read and checked (before any estimate is run): attributes by unit code, and the lines that could not be used. */
export interface Census {
  readonly path: string;
  readonly byCode: ReadonlyMap<string, Attributes>;
  readonly bad: readonly CensusBadLine[];
}

/**
 * A decimal number: an optional sign, digits, and at most one decimal separator followed by digits.
 * The separator is a point, or a comma when it is followed by other than exactly three digits: "1,234"
 * may be a thousands separator, so it stays text (as do "0x30", "1e3", "1 234" and "1.234,5").
 */
const DECIMAL = /^[+-]?\d+(?:\.\d+|,(?:\d{1,2}|\d{4,}))?$/;

/** A census value: a decimal number (see DECIMAL), else the text as it is, trimmed. */
function attributeValue(v: string): string | number {
  const t = v.trim();
  return DECIMAL.test(t) ? Number(t.replace(',', '.')) : t;
}

/**
 * Reads a census CSV (a code column, then attributes; lat/lon place a station) with the results'
 * own reader: a bad line (a stray quote, a field count unlike the header's, a second row for a
 * code) is reported and the others kept; a lat/lon that is empty or not a coordinate is reported
 * and that station left without a place.
 */
export async function readCensus(path: string, idColumn: string | undefined): Promise<Census> {
  let table;
  try {
    table = await readCsvTable(await decodeInput(await openInput(path)));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read the census file (${(e as Error).message})`, path);
  }
  const header = table.header;
  const id = idColumn === undefined ? 0 : header.map(foldText).indexOf(foldText(idColumn));
  if (id === -1) throw new UsageError(`${path}: no column "${idColumn}" (--census-id); the columns are ${header.join(', ')}`);
  const byCode = new Map<string, Attributes>();
  const lineOf = new Map<string, number>();
  const bad: CensusBadLine[] = [];
  for await (const r of table.rows) {
    if (r.kind === 'bad') {
      bad.push({ line: r.line, message: r.reason });
      continue;
    }
    if (r.fields.length !== header.length) {
      bad.push({ line: r.line, message: `expected ${header.length} columns as in the header, found ${r.fields.length}; the row is skipped` });
      continue;
    }
    const code = normaliseUnitCode(r.fields[id] ?? '');
    if (code === '') {
      bad.push({ line: r.line, message: `no unit code in column ${header[id]}; the row is skipped` });
      continue;
    }
    const first = lineOf.get(code);
    if (first !== undefined) {
      bad.push({ line: r.line, message: `unit ${r.fields[id]!.trim()} is also on line ${first}; the first row is kept` });
      continue;
    }
    const attrs: Record<string, string | number> = {};
    header.forEach((k, i) => {
      if (i === id) return;
      const value = attributeValue(r.fields[i] ?? '');
      const axis = isCoordinate(k);
      if (axis && !(typeof value === 'number' && Math.abs(value) <= (axis === 'lat' ? 90 : 180))) {
        bad.push({ line: r.line, message: `unit ${r.fields[id]!.trim()}: column ${k} "${r.fields[i]}" is not a ${axis === 'lat' ? 'latitude' : 'longitude'}; the station has no place` });
        return;
      }
      attrs[k] = value;
    });
    lineOf.set(code, r.line);
    byCode.set(code, attrs);
  }
  if (byCode.size === 0) throw new InputError(`${path}: expected a header and one row per unit (a code column, then attributes), found no usable row${bad[0] ? ` (line ${bad[0].line}: ${bad[0].message})` : ''}`, path);
  return { path, byCode, bad };
}

/** The census joined onto the units analysed: places, and what did not join. */
export function joinCensusTo(census: Census, units: readonly string[]) {
  const join = joinCensus(units.map((code) => ({ code })), census.byCode);
  const places = new Map(join.joined.filter((j) => j.lat !== undefined).map((j) => [j.code, { lat: j.lat!, lon: j.lon! }]));
  return { places, missing: join.missing, unused: join.unused, bad: census.bad };
}
