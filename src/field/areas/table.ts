import { InputError } from '../../core/errors';
import { openInput } from '../../core/input';
import { decodeInput, readCsvTable } from '../../elections/formats/source';
import { headerKey } from '../addresses/columns';
import type { BadAddressLine } from '../addresses/parse';

/** A small CSV (stations, area lists) read whole: its named columns per line, and its bad lines. */
export interface SmallTable<K extends string> {
  readonly rows: { readonly line: number; readonly get: (k: K) => string }[];
  readonly bad: BadAddressLine[];
  readonly column: (k: K) => string;
  readonly has: (k: K) => boolean;
}

/**
 * Reads a CSV whose columns are found by header name (case, accents, spaces and underscores
 * ignored; each key takes the first header matching one of its names). A missing required column
 * is an InputError; a line whose field count differs from the header's is reported and skipped.
 */
export async function readSmallTable<K extends string>(path: string, names: Readonly<Record<K, readonly string[]>>, required: readonly NoInfer<K>[]): Promise<SmallTable<K>> {
  const table = await readCsvTable(await decodeInput(await openInput(path)));
  const keys = table.header.map(headerKey);
  const at = {} as Record<K, number>;
  for (const [k, aliases] of Object.entries(names) as [K, readonly string[]][]) at[k] = keys.findIndex((h) => aliases.some((a) => headerKey(a) === h));
  const missing = required.filter((k) => at[k] < 0);
  if (missing.length > 0) {
    throw new InputError(`${path}: expected the column(s) ${missing.map((k) => `${k} (${names[k].join(' / ')})`).join('; ')}; found ${table.header.map((h) => JSON.stringify(h)).join(', ')}`, path);
  }
  const rows: SmallTable<K>['rows'][number][] = [];
  const bad: BadAddressLine[] = [];
  for await (const r of table.rows) {
    if (r.kind === 'bad') bad.push({ line: r.line, column: null, reason: r.reason });
    else if (r.fields.length !== table.header.length) bad.push({ line: r.line, column: null, reason: `expected ${table.header.length} columns as in the header, found ${r.fields.length}` });
    else {
      const fields = r.fields;
      rows.push({ line: r.line, get: (k) => (at[k] >= 0 ? (fields[at[k]] ?? '').trim() : '') });
    }
  }
  if (rows.length === 0) throw new InputError(`${path}: no readable line (${bad.length} bad${bad[0] ? `; line ${bad[0].line}: ${bad[0].reason}` : ''})`, path);
  return { rows, bad, column: (k) => (at[k] >= 0 ? table.header[at[k]]! : k), has: (k) => at[k] >= 0 };
}
