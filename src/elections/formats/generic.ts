import { InputError, UsageError } from '../../core/errors';
import { RoundBuilder } from './builder';
import { foldText, isRegisteredColumn, isTotalColumn, KIND_KEYS, KIND_LABELS, optionKindOf } from './kinds';
import { parseCount } from './numbers';
import type { CsvTable } from './source';
import { withoutTrailingEmpty } from './source';
import type { OptionKind, RoundResults } from './types';

/** How to read a generic results CSV: one row per unit, an id column, one count column per option. */
export interface GenericOptions {
  /** The id column (by name); default: a column named unit, id, code, … or else the first column. */
  readonly id?: string | undefined;
  /** Only these option columns (by name); default: every column that is not the id, name, district or registered column. */
  readonly columns?: readonly string[] | undefined;
  /** Only the option columns whose names end with this; it is removed from their keys ("MACRON2" → "MACRON"). */
  readonly suffix?: string | undefined;
  /** Leave out the option columns whose names end with this (the other round of a two-round file). */
  readonly withoutSuffix?: string | undefined;
}

const ID_NAMES = ['unit', 'unit_id', 'unit_code', 'id', 'code', 'area_code', 'code_bv', 'bureau', 'station', 'polling_station'];
const NAME_NAMES = ['name', 'unit_name', 'label', 'libelle', 'area', 'area_name', 'nom'];
const DISTRICT_NAMES = ['district', 'constituency', 'circonscription', 'region', 'department', 'departement'];

/** Where each part of a unit is in the row. */
interface Layout {
  readonly id: number;
  readonly name: number;
  readonly district: number;
  readonly registered: number;
  readonly registeredName: string;
  /** Whether each unit gets an ABSTENTION option worked out as registered − its votes (a registered column, no abstention column, no --columns). */
  readonly derivedAbstention: boolean;
  readonly options: readonly { readonly column: number; readonly name: string; readonly key: string; readonly kind: OptionKind }[];
}

function findNamed(header: readonly string[], names: readonly string[]): number {
  const folded = header.map(foldText);
  for (const n of names) {
    const at = folded.indexOf(n);
    if (at !== -1) return at;
  }
  return -1;
}

/** A column named on the command line: its exact name, else the one whose name is the same without case or accents. */
function namedColumn(header: readonly string[], name: string, flag: string, path: string): number {
  const exact = header.indexOf(name);
  const at = exact !== -1 ? exact : header.map(foldText).indexOf(foldText(name));
  if (at === -1) throw new UsageError(`${path}: no column "${name}" (${flag}); the columns are ${header.join(', ')}`);
  return at;
}

function findId(header: readonly string[], id: string | undefined, path: string): number {
  if (id === undefined) return Math.max(0, findNamed(header, ID_NAMES));
  return namedColumn(header, id, '--id', path);
}

/** The option columns: those asked for with --columns (never the id or a registered column), else every column not taken. */
function chosenColumns(header: readonly string[], taken: { id: number; registered: readonly number[]; all: readonly number[] }, options: GenericOptions, path: string): number[] {
  if (options.columns) {
    return options.columns.map((c) => {
      const at = namedColumn(header, c, '--columns', path);
      if (at === taken.id) throw new UsageError(`${path}: --columns names "${c}", the unit id column: it holds no votes`);
      if (taken.registered.includes(at)) throw new UsageError(`${path}: --columns names "${c}", the registered voters column: the electorate, not an option`);
      return at;
    });
  }
  return header
    .map((_, i) => i)
    .filter((i) => !taken.all.includes(i))
    .filter((i) => options.suffix === undefined || header[i]!.endsWith(options.suffix))
    .filter((i) => options.withoutSuffix === undefined || !header[i]!.endsWith(options.withoutSuffix));
}

/** The registered column; in a two-round file, the one of the round being read ("inscrits2" with --suffix 2). */
function findRegistered(header: readonly string[], all: readonly number[], options: GenericOptions): number {
  const { suffix, withoutSuffix } = options;
  const fits = (h: string): boolean => (suffix === undefined || h.endsWith(suffix)) && (withoutSuffix === undefined || !h.endsWith(withoutSuffix));
  return all.find((i) => fits(header[i]!)) ?? (suffix === undefined && withoutSuffix === undefined ? (all[0] ?? -1) : -1);
}

/** Which column is what, from the header and the options; an InputError when nothing can be read. */
export function genericLayout(header: readonly string[], options: GenericOptions, path: string): Layout {
  const id = findId(header, options.id, path);
  // Registered columns are never options, even those of another round.
  const registeredColumns = header.map((_, i) => i).filter((i) => i !== id && isRegisteredColumn(header[i]!));
  const registered = findRegistered(header, registeredColumns, options);
  const named = findNamed(header, NAME_NAMES);
  const name = named === id ? -1 : named;
  const inDistrict = findNamed(header, DISTRICT_NAMES);
  const district = inDistrict === id ? -1 : inDistrict;
  // Totals (voters, expressed) and percentages are sums of other columns: never options unless asked for with --columns.
  const totals = header.map((_, i) => i).filter((i) => i !== id && isTotalColumn(header[i]!));
  const taken = [id, name, district, ...registeredColumns, ...totals];
  const columns = chosenColumns(header, { id, registered: registeredColumns, all: taken }, options, path);
  if (columns.length === 0) throw new InputError(`${path}: no option columns to read (the columns are ${header.join(', ')})`, path);
  checkHeader(header, id, columns, path);
  const strip = (h: string): string => (options.suffix && h.endsWith(options.suffix) ? h.slice(0, h.length - options.suffix.length) : h);
  const layoutOptions = columns.map((column) => {
    const kind = optionKindOf(strip(header[column]!));
    const key = kind === 'choice' ? strip(header[column]!) : KIND_KEYS[kind];
    return { column, name: header[column]!, key, kind };
  });
  const keys = layoutOptions.map((o) => o.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) throw new InputError(`${path}: two columns give option ${twice}; choose one with --columns`, path);
  const found = withoutBlankNullTotal(layoutOptions, options, path);
  const derivedAbstention = registered >= 0 && !options.columns && !found.some((o) => o.kind === 'abstention');
  return { id, name, district, registered, registeredName: header[registered] ?? '', derivedAbstention, options: found };
}

/** An option column must have a name, and none may be named as the id column (a second id column is not votes). */
function checkHeader(header: readonly string[], id: number, columns: readonly number[], path: string): void {
  for (const c of columns) {
    if (header[c]!.trim() === '') throw new InputError(`${path}: column ${c + 1} of the header has no name; name it, or leave it out with --columns`, path);
    if (foldText(header[c]!) === foldText(header[id]!)) throw new InputError(`${path}: columns ${id + 1} and ${c + 1} are both named "${header[id]}"; the first is taken as the unit id, so the other cannot be an option`, path);
  }
}

/**
 * A "blank and null" column beside blank and null columns is their total (as Votants is of the
 * options), not a fourth non-choice: counted too, it would count those ballots twice. It is left
 * out when the options were found from the header; named in --columns with both parts, it is refused.
 */
function withoutBlankNullTotal<T extends { readonly kind: OptionKind; readonly name: string }>(found: T[], options: GenericOptions, path: string): T[] {
  const has = (kind: OptionKind): T | undefined => found.find((o) => o.kind === kind);
  const total = has('blank_null');
  const [blank, nul] = [has('blank'), has('null')];
  if (!total || !blank || !nul) return found;
  if (options.columns) throw new UsageError(`${path}: --columns names ${blank.name}, ${nul.name} and ${total.name}, which is their total: name either ${total.name} or the other two`);
  return found.filter((o) => o !== total);
}

/**
 * Reads a generic results CSV: one row per unit. A count that is empty, not a whole number or
 * negative makes its line bad (message: the unit, the column and the text); the unit is then
 * reported, not stored.
 */
export async function readGeneric(table: CsvTable, options: GenericOptions, path: string): Promise<RoundResults> {
  // A header and rows that end with a separator (as some spreadsheets save them) have an empty last column: none of the data.
  const width = withoutTrailingEmpty(table.header);
  const header = table.header.slice(0, width);
  const layout = genericLayout(header, options, path);
  const round = new RoundBuilder('generic');
  for (const o of layout.options) round.option(o.key, o.kind === 'choice' ? o.key : KIND_LABELS[o.kind], o.kind);
  if (layout.derivedAbstention) round.option(KIND_KEYS.abstention, KIND_LABELS.abstention, 'abstention');
  for await (const row of table.rows) {
    if (row.kind === 'bad') {
      round.badLine(row.line, row.reason);
      continue;
    }
    const found = Math.max(withoutTrailingEmpty(row.fields), Math.min(width, row.fields.length));
    if (found !== width) {
      // Values lost or shifted: which count belongs to which option would be a guess.
      round.badLine(row.line, `expected ${width} columns as in the header, found ${found}; the unit is skipped`);
      continue;
    }
    readRow(row.fields, row.line, layout, round);
  }
  return round.finish();
}


/** Codes spreadsheets give the line that sums the others ("Total", "Totaux", "Ensemble", "Grand total"…), after folding. */
const TOTALS_ROW = /^(?:grand[ _-]?)?(?:total(?:e|es|s)?|totaux|ensemble|somme|sum)(?:[ _-]?g[eé]n[eé]ral)?$/;

function readRow(fields: readonly string[], line: number, layout: Layout, round: RoundBuilder): void {
  const sourceCode = (fields[layout.id] ?? '').trim();
  // A spreadsheet's totals line would count every vote twice, and dwarf every unit in a regression.
  if (TOTALS_ROW.test(foldText(sourceCode))) {
    round.badLine(line, `unit ${sourceCode}: a totals line (the sum of the units above), not a unit; left out`);
    return;
  }
  const problems: string[] = [];
  const count = (column: number, name: string): number => {
    const parsed = parseCount(fields[column] ?? '');
    if (parsed.ok) return parsed.value;
    problems.push(`column ${name} ${parsed.why}`);
    return 0;
  };
  const counts = new Map<string, number>();
  for (const o of layout.options) counts.set(o.key, count(o.column, o.name));
  const registered = layout.registered >= 0 ? count(layout.registered, layout.registeredName) : undefined;
  if (problems.length === 0 && layout.derivedAbstention) deriveAbstention(counts, registered!, problems);
  if (problems.length > 0) {
    round.badLine(line, `unit ${sourceCode || '(no code)'}: ${problems.join('; ')}; the unit is skipped`);
    return;
  }
  const text = (i: number): string | undefined => (i >= 0 && (fields[i] ?? '').trim() !== '' ? fields[i]!.trim() : undefined);
  round.unit({ sourceCode, name: text(layout.name), district: text(layout.district), registered, line, counts });
}

/**
 * A file with a registered column but no abstention column: those who did not vote are the
 * registered less every ballot (blank and null included), as the UK reader and turnout work it out,
 * so that transfers see them as abstainers, not as voters who joined or left the roll. More votes
 * than registered is a typo or a shifted column: a problem, not a negative count.
 */
function deriveAbstention(counts: Map<string, number>, registered: number, problems: string[]): void {
  const votes = [...counts.values()].reduce((s, v) => s + v, 0);
  if (votes > registered) problems.push(`more votes than registered (registered ${registered}, votes ${votes}), so no abstention can be worked out`);
  else counts.set(KIND_KEYS.abstention, registered - votes);
}
