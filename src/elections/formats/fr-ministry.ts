import { InputError } from '../../core/errors';
import { RoundBuilder } from './builder';
import { foldText, KIND_KEYS, KIND_LABELS } from './kinds';
import { parseCount } from './numbers';
import type { CsvTable } from './source';
import { withoutTrailingEmpty } from './source';
import type { RoundResults } from './types';

/**
 * The French Interior ministry's per-polling-station results CSV: ";"-separated, "Code
 * département;…;Code commune;…;Code BV;Inscrits;Votants;…;Abstentions;…;Blancs;…;Nuls;…", then
 * one group of columns per candidate or list. In the 2024 layout the groups are numbered k = 1,
 * 2, … ("Nuance candidat k", "Nom candidat k", "Prénom candidat k", "Voix k"; for list elections
 * such as the European ones, "Nuance liste k", "Libellé abrégé de liste k", "Libellé de liste k");
 * in the 2014–2022 layout ("Code du b.vote", "Nom", "Prénom", "Nuance", "Voix"; for lists
 * "Libellé Abrégé Liste", "Libellé Etendu Liste", "Nom Tête de Liste", or municipal "Code B.Vote",
 * "Code Nuance", "Liste") only the first group is named and the others follow it, unnamed, at
 * the same stride. A file may hold several constituencies, whose rows fill different numbers of
 * groups. A list is known by its label (and nuance), a candidate by name (and nuance).
 */

/** Where one candidate's or list's columns are; a role's columns are tried in turn for a value (-1: none). */
interface Candidate {
  readonly nuance: readonly number[];
  /** The list's label columns (short label first); empty for candidates. */
  readonly list: readonly number[];
  readonly nom: number;
  readonly prenom: number;
  readonly voix: number;
}

interface MinistryLayout {
  readonly dept: number;
  readonly commune: number;
  readonly communeName: number;
  readonly bv: number;
  readonly district: number;
  readonly registered: number;
  readonly abstention: number;
  readonly blank: number;
  readonly null: number;
  /** Exprimés (-1 when the file has none): the candidates' votes must add up to it. */
  readonly expressed: number;
  /** Votants (-1 when the file has none): Exprimés, Blancs and Nuls must add up to it. */
  readonly voters: number;
  /** Where the candidate groups of a row with this many fields are. */
  candidates(fieldCount: number): readonly Candidate[];
}

const BV = ['code_bv', 'code_du_b_vote', 'code_b_vote', 'code_bureau_de_vote', 'code_du_bureau_de_vote'];
const DEPT = ['code_departement', 'code_du_departement'];

/** Whether a header is the ministry's per-station layout (2024, or 2017–2022). */
export function isMinistryHeader(header: readonly string[]): boolean {
  const folded = header.map(foldText);
  return BV.some((b) => folded.includes(b)) && DEPT.some((d) => folded.includes(d)) && folded.includes('inscrits') && folded.some((h) => /^voix(_\d+)?$/.test(h));
}

/** Finds columns by their folded names, trying each spelling in turn. */
function finder(folded: readonly string[], path: string): (names: readonly string[], required?: boolean) => number {
  return (names, required = true) => {
    for (const name of names) {
      const i = folded.indexOf(name);
      if (i !== -1) return i;
    }
    if (required) throw new InputError(`${path}: not the ministry's per-station layout: no column "${names[0]}"`, path);
    return -1;
  };
}

/** The 2024 numbered groups (Voix 1, Voix 2, …): the same for every row; a gap in the numbers is a header cut or edited, and refused. */
function numberedGroups(folded: readonly string[], at: ReturnType<typeof finder>, path: string): readonly Candidate[] {
  const numbers = folded.flatMap((h) => /^voix_(\d+)$/.exec(h)?.[1] ?? []).map(Number).sort((a, b) => a - b);
  const gap = numbers.findIndex((k, i) => k !== i + 1);
  if (gap !== -1) throw new InputError(`${path}: the header has the candidate columns Voix ${numbers.slice(0, gap).join(', ') || '(none)'} then Voix ${numbers[gap]}, but no Voix ${gap + 1}: a candidate's group of columns is missing`, path);
  return numbers.map((k) => {
    const group = {
      nuance: present([at([`nuance_candidat_${k}`], false), at([`nuance_liste_${k}`], false)]),
      list: present([at([`libelle_abrege_de_liste_${k}`, `libelle_abrege_liste_${k}`], false), at([`libelle_de_liste_${k}`, `libelle_etendu_liste_${k}`], false)]),
      nom: at([`nom_candidat_${k}`], false),
      prenom: at([`prenom_candidat_${k}`], false),
      voix: at([`voix_${k}`]),
    };
    if (group.nom < 0 && group.list.length === 0) throw new InputError(`${path}: not the ministry's per-station layout: column "Voix ${k}" has neither "Nom candidat ${k}" nor "Libellé de liste ${k}" to name it`, path);
    return group;
  });
}

const present = (columns: readonly number[]): number[] => columns.filter((i) => i >= 0);

/** The 2014–2022 repeated groups: the named first one, then as many as the row has fields for. */
function repeatedGroups(folded: readonly string[], at: ReturnType<typeof finder>, path: string): (fieldCount: number) => Candidate[] {
  const first = {
    nuance: present([at(['nuance', 'code_nuance', 'nuance_liste'], false)]),
    list: present([at(['libelle_abrege_liste'], false), at(['libelle_etendu_liste', 'liste'], false)]),
    nom: at(['nom', 'nom_tete_de_liste'], false),
    prenom: at(['prenom'], false),
    voix: at(['voix']),
  };
  if (first.nom < 0 && first.list.length === 0) throw new InputError(`${path}: not the ministry's per-station layout: column "Voix" has neither "Nom" nor "Libellé Abrégé Liste" (nor "Liste") to name it`, path);
  const others = [at(['sexe'], false), at(['n°panneau', 'n°_panneau', 'n_panneau', 'n_pan_', 'n°liste', 'n°_liste', 'n_liste'], false)];
  // The first group starts at its first known column, or earlier at the first column after the
  // unit's own (Exprimés and its percentages): a leading column spelt in a way not listed here
  // (a panel number, say) still belongs to the group, and the stride counts it.
  const unitEnd = afterUnitColumns(folded, at);
  const start = Math.min(unitEnd, ...[first.nom, first.prenom, first.voix, ...first.nuance, ...first.list, ...others].filter((i) => i >= 0));
  // A header that ends with a separator (as 2017–2022 files do) has an empty last column: not part of a group.
  const width = Math.max(start + 1, withoutTrailingEmpty(folded)) - start;
  return (fieldCount) => {
    const groups: Candidate[] = [];
    for (let offset = 0; first.voix + offset < fieldCount; offset += width) {
      const shift = (i: number): number => (i < 0 ? -1 : i + offset);
      groups.push({ nuance: first.nuance.map(shift), list: first.list.map(shift), nom: shift(first.nom), prenom: shift(first.prenom), voix: shift(first.voix) });
    }
    return groups;
  };
}

/** The column after the unit's own: after the last of Inscrits … Exprimés, and the percentages that follow it. */
function afterUnitColumns(folded: readonly string[], at: ReturnType<typeof finder>): number {
  let i = Math.max(...['inscrits', 'abstentions', 'votants', 'blancs', 'nuls', 'exprimes'].map((name) => at([name], false))) + 1;
  while (i < folded.length && folded[i]!.startsWith('%')) i++;
  return i;
}

function ministryLayout(header: readonly string[], path: string): MinistryLayout {
  const folded = header.map(foldText);
  const at = finder(folded, path);
  const numbered = folded.some((h) => /^voix_\d+$/.test(h)) ? numberedGroups(folded, at, path) : null;
  const repeated = numbered === null ? repeatedGroups(folded, at, path) : null;
  return {
    dept: at(DEPT),
    commune: at(['code_commune', 'code_de_la_commune']),
    communeName: at(['libelle_commune', 'libelle_de_la_commune'], false),
    bv: at(BV),
    district: folded.findIndex((h) => h.startsWith('code') && h.includes('circonscription')),
    registered: at(['inscrits']),
    abstention: at(['abstentions']),
    blank: at(['blancs']),
    null: at(['nuls']),
    expressed: at(['exprimes'], false),
    voters: at(['votants'], false),
    candidates: numbered !== null ? () => numbered : repeated!,
  };
}

/** The key of a candidate option: "NOM Prénom (NUANCE)". */
export function candidateKey(nom: string, prenom: string, nuance: string): string {
  const name = [nom.trim(), prenom.trim()].filter((s) => s.length > 0).join(' ');
  return nuance.trim() ? `${name} (${nuance.trim()})` : name;
}

/** A group's name and nuance in a row: a list by its label, else a candidate by name ('' when the group names none). */
function optionOf(c: Candidate, field: (i: number) => string): { key: string; nuance: string } {
  const first = (columns: readonly number[]): string => columns.map(field).find((v) => v !== '') ?? '';
  const nuance = first(c.nuance);
  const label = first(c.list);
  if (label) return { key: candidateKey(label, '', nuance), nuance };
  // A nuance alone names nobody, nor does a first name without a surname.
  if (field(c.nom) === '') return { key: '', nuance };
  return { key: candidateKey(field(c.nom), field(c.prenom), nuance), nuance };
}

/** Reads the ministry's CSV into a round: abstention, blank, null, then one option per candidate (party = nuance). */
export async function readFrMinistry(table: CsvTable, path: string): Promise<RoundResults> {
  const layout = ministryLayout(table.header, path);
  const round = new RoundBuilder('fr-ministry');
  for (const kind of ['abstention', 'blank', 'null'] as const) round.option(KIND_KEYS[kind], KIND_LABELS[kind], kind);
  for await (const row of table.rows) {
    if (row.kind === 'bad') round.badLine(row.line, row.reason);
    else readRow(row.fields, row.line, layout, table.header, round);
  }
  return round.finish();
}

/** What is wrong when a row's candidates' votes do not add up to its Exprimés; null when they do. */
function sumMismatch(sum: number, expressed: number, column: string): string | null {
  const of = `the ${expressed} of column ${column}`;
  if (sum < expressed) return `the candidates' votes add up to ${sum}, not to ${of} (a row cut short?)`;
  // Municipal ballots of communes under 1,000 inhabitants carry several names: their votes are not shares of one ballot each.
  if (sum > expressed) return `the candidates' votes add up to ${sum}, more than ${of}: a ballot that names several candidates (as in municipal elections of communes under 1,000 inhabitants), whose votes vote transfers cannot use`;
  return null;
}

/** A group's option as read from a row: its key, nuance and votes, and its number (1-based). */
interface Found {
  readonly key: string;
  readonly nuance: string;
  readonly votes: number;
  readonly group: number;
}

/** How a row's cells are read: trimmed text, and whole counts (a problem noted, 0 returned, when one is not). */
interface RowReader {
  readonly field: (i: number) => string;
  readonly count: (i: number, name?: string) => number;
  readonly problems: string[];
  readonly header: readonly string[];
}

/** Why a group with votes cannot be an option because it names no one (a first name alone does not tell candidates apart). */
function unnamedProblem(c: Candidate, k: number, column: string, votes: number, r: RowReader): string {
  const prenom = r.field(c.prenom);
  if (prenom === '') return `column ${column} holds votes for a candidate or list with no name`;
  const nom = (c.nom >= 0 ? r.header[c.nom] : undefined) || `Nom (candidate ${k + 1})`;
  return `column ${nom} is empty but the group has a first name (${prenom}) and ${votes} votes`;
}

/** The row's candidates or lists with their votes; a group with votes and no name, or a second group with the same key, is a problem. */
function readGroups(fields: readonly string[], layout: MinistryLayout, r: RowReader): Found[] {
  const found: Found[] = [];
  // Trailing empty fields (a row ending with a separator) hold no candidate.
  layout.candidates(withoutTrailingEmpty(fields)).forEach((c, k) => {
    const { key, nuance } = optionOf(c, r.field);
    if (key === '' && r.field(c.voix) === '') return;
    const column = r.header[c.voix] ?? `Voix (candidate ${k + 1})`;
    const votes = r.count(c.voix, column);
    const twin = found.find((f) => f.key === key);
    if (key === '' && votes > 0) r.problems.push(unnamedProblem(c, k, column, votes, r));
    else if (twin) r.problems.push(`groups ${twin.group} and ${k + 1} both name ${key}: two candidates or lists that cannot be told apart`);
    else if (key !== '') found.push({ key, nuance, votes, group: k + 1 });
  });
  return found;
}

/**
 * The row's own totals checked against its counts: the candidates' votes against Exprimés, then
 * Exprimés (or the candidates' votes, without it), Blancs and Nuls against Votants, as the JSON
 * reader checks its records. Only the columns the file has.
 */
function totalsProblem(layout: MinistryLayout, r: RowReader, found: readonly Found[], counts: ReadonlyMap<string, number>): string | null {
  const votes = found.reduce((t, f) => t + f.votes, 0);
  const expressed = layout.expressed >= 0 ? r.count(layout.expressed) : votes;
  const voters = layout.voters >= 0 ? r.count(layout.voters) : null;
  if (r.problems.length > 0) return null;
  const mismatch = layout.expressed >= 0 ? sumMismatch(votes, expressed, r.header[layout.expressed]!) : null;
  if (mismatch || voters === null) return mismatch;
  const ballots = expressed + counts.get(KIND_KEYS.blank)! + counts.get(KIND_KEYS.null)!;
  return ballots === voters ? null : `expressed, blank and null add up to ${ballots}, not to its ${r.header[layout.voters]} ${voters}`;
}

/**
 * A constituency's key, unique across the country: the département's code, then the constituency's
 * number without its leading zeros ("34", "07" → "34-7"), as the Hérault JSON writes it. Undefined
 * without a constituency.
 */
export function districtKey(dept: string | undefined, circ: string | undefined): string | undefined {
  if (!circ) return undefined;
  const number = circ.replace(/^0+(?=\d)/, '');
  return dept ? `${dept}-${number}` : number;
}

function readRow(fields: readonly string[], line: number, layout: MinistryLayout, header: readonly string[], round: RoundBuilder): void {
  const field = (i: number): string => (i >= 0 ? (fields[i] ?? '').trim() : '');
  const sourceCode = `${field(layout.dept)}-${field(layout.commune)}-${field(layout.bv)}`;
  const problems: string[] = [];
  const count = (i: number, name = header[i]): number => {
    const parsed = parseCount(field(i));
    if (!parsed.ok) problems.push(`column ${name} ${parsed.why}`);
    return parsed.ok ? parsed.value : 0;
  };
  const r: RowReader = { field, count, problems, header };
  const counts = new Map<string, number>([
    [KIND_KEYS.abstention, count(layout.abstention)],
    [KIND_KEYS.blank, count(layout.blank)],
    [KIND_KEYS.null, count(layout.null)],
  ]);
  const registered = count(layout.registered);
  const found = readGroups(fields, layout, r);
  if (problems.length === 0) {
    const wrong = totalsProblem(layout, r, found, counts);
    if (wrong) problems.push(wrong);
  }
  if (problems.length > 0) {
    round.badLine(line, `unit ${sourceCode}: ${problems.join('; ')}; the unit is skipped`);
    return;
  }
  for (const { key, nuance, votes } of found) {
    round.option(key, key, 'choice', nuance || undefined);
    counts.set(key, (counts.get(key) ?? 0) + votes);
  }
  const name = layout.communeName >= 0 ? `${field(layout.communeName)} ${field(layout.bv)}` : undefined;
  round.unit({ sourceCode, name, district: districtKey(field(layout.dept), field(layout.district)), registered, line, counts });
}
