import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../src/core/errors';
import type { TransferInput } from '../../src/elections/transfers/types';

/** One NZ 2002 district: party votes (rows) → candidate votes (cols) by polling place, and the true cross-table. */
export interface KnownTruthCase {
  readonly name: string;
  readonly input: TransferInput;
  /** rows × cols true votes. */
  readonly truth: number[][];
}

export const NZ_DIR = new URL('../../../shared/data/elections/nz-2002-split-ticket/', import.meta.url);

type Row = Record<string, string>;

/** units.csv is Latin-1 in places (place names); only ASCII fields are used for matching. */
function readCsv(file: URL): Row[] {
  return parse(readFileSync(file).toString('latin1'), { columns: true, skip_empty_lines: true }) as Row[];
}

function toInt(v: string | undefined, where: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`${where}: '${v}' is not a count`);
  return n;
}

function districtCase(name: string, unitRows: Row[], truthRows: Row[]): KnownTruthCase {
  const R = Math.max(...truthRows.map((t) => toInt(t.row_index, name)));
  const C = Math.max(...truthRows.map((t) => toInt(t.col_index, name)));
  const rows = Array.from({ length: R }, () => '');
  const cols = Array.from({ length: C }, () => '');
  const truth = Array.from({ length: R }, () => new Array<number>(C).fill(0));
  for (const t of truthRows) {
    const r = toInt(t.row_index, name) - 1;
    const c = toInt(t.col_index, name) - 1;
    rows[r] = t.row_option!;
    cols[c] = t.col_option!;
    truth[r]![c] = toInt(t.votes, name);
  }
  const byUnit = new Map<string, { x: number[]; y: number[] }>();
  for (const u of unitRows) {
    const e = byUnit.get(u.unit!) ?? { x: new Array<number>(R).fill(0), y: new Array<number>(C).fill(0) };
    byUnit.set(u.unit!, e);
    const k = toInt(u.option_index, name) - 1;
    (u.side === 'row' ? e.x : e.y)[k] = toInt(u.votes, `${name} unit ${u.unit}`);
  }
  const units = [...byUnit.keys()];
  const input: TransferInput = { rows, cols, units, x: units.map((k) => byUnit.get(k)!.x), y: units.map((k) => byUnit.get(k)!.y) };
  return { name, input, truth };
}

/** The 69 districts of the NZ 2002 split-ticket data (or the first `limit`), in file order. */
export function readNz(limit = Infinity): KnownTruthCase[] {
  const units = readCsv(new URL('units.csv', NZ_DIR));
  const truth = readCsv(new URL('truth.csv', NZ_DIR));
  const names = [...new Set(truth.map((t) => t.district!))].slice(0, limit);
  const group = (rows: Row[]): Map<string, Row[]> => {
    const m = new Map<string, Row[]>();
    for (const r of rows) {
      const list = m.get(r.district!) ?? [];
      list.push(r);
      m.set(r.district!, list);
    }
    return m;
  };
  const u = group(units);
  const t = group(truth);
  return names.map((n) => districtCase(n, u.get(n) ?? [], t.get(n) ?? []));
}
