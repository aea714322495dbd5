import { InputError } from '../../core/errors';
import { RoundBuilder } from './builder';
import { KIND_KEYS, KIND_LABELS } from './kinds';
import { parseCount } from './numbers';
import type { CsvTable } from './source';
import type { RoundResults } from './types';

/**
 * The UK Electoral Commission's EU referendum results by counting area (2016): units are
 * Area_Code, named by Area, grouped by Region; Electorate is registered; the options are Remain,
 * Leave, Rejected_Ballots (kind null) and abstention = Electorate − Votes_Cast.
 */

const COLUMNS = ['Area_Code', 'Area', 'Region', 'Electorate', 'Votes_Cast', 'Remain', 'Leave', 'Rejected_Ballots'] as const;
type Column = (typeof COLUMNS)[number];

/** Whether a header is this layout. */
export function isUkEurefHeader(header: readonly string[]): boolean {
  return ['Area_Code', 'Electorate', 'Remain', 'Leave'].every((c) => header.includes(c));
}

const OPTIONS = [
  { key: 'REMAIN', label: 'Remain', column: 'Remain' },
  { key: 'LEAVE', label: 'Leave', column: 'Leave' },
  { key: KIND_KEYS.null, label: 'Rejected ballots', column: 'Rejected_Ballots' },
] as const;

export async function readUkEuref(table: CsvTable, path: string): Promise<RoundResults> {
  const at = {} as Record<Column, number>;
  for (const c of COLUMNS) {
    at[c] = table.header.indexOf(c);
    if (at[c] === -1) throw new InputError(`${path}: not the Electoral Commission's EU referendum layout: no column "${c}"`, path);
  }
  const round = new RoundBuilder('uk-euref');
  round.option('REMAIN', 'Remain', 'choice');
  round.option('LEAVE', 'Leave', 'choice');
  round.option(KIND_KEYS.null, 'Rejected ballots', 'null');
  round.option(KIND_KEYS.abstention, KIND_LABELS.abstention, 'abstention');
  for await (const row of table.rows) {
    if (row.kind === 'bad') round.badLine(row.line, row.reason);
    else readRow(row.fields, row.line, at, round);
  }
  return round.finish();
}

function readRow(fields: readonly string[], line: number, at: Record<Column, number>, round: RoundBuilder): void {
  const field = (c: Column): string => (fields[at[c]] ?? '').trim();
  const problems: string[] = [];
  const count = (c: Column): number => {
    const parsed = parseCount(field(c));
    if (!parsed.ok) problems.push(`column ${c} ${parsed.why}`);
    return parsed.ok ? parsed.value : 0;
  };
  const counts = new Map<string, number>(OPTIONS.map((o) => [o.key, count(o.column)]));
  const registered = count('Electorate');
  const cast = count('Votes_Cast');
  if (problems.length === 0 && cast > registered) problems.push(`Votes_Cast (${cast}) is more than Electorate (${registered})`);
  const ballots = [...counts.values()].reduce((s, v) => s + v, 0);
  if (problems.length === 0 && ballots !== cast) problems.push(`Remain, Leave and Rejected_Ballots add up to ${ballots}, not to Votes_Cast (${cast})`);
  const sourceCode = field('Area_Code');
  if (problems.length > 0) {
    round.badLine(line, `unit ${sourceCode || '(no code)'}: ${problems.join('; ')}; the unit is skipped`);
    return;
  }
  counts.set(KIND_KEYS.abstention, registered - cast);
  round.unit({ sourceCode, name: field('Area') || undefined, district: field('Region') || undefined, registered, line, counts });
}
