import { InputError } from '../../core/errors';
import { RoundBuilder } from './builder';
import { foldText, KIND_KEYS, KIND_LABELS } from './kinds';
import { parseCount } from './numbers';
import type { CsvTable } from './source';
import type { RoundResults } from './types';

/**
 * The French Interior ministry's per-polling-station results CSV (2024 layout): ";"-separated,
 * "Code département;…;Code commune;…;Code BV;Inscrits;Votants;…;Abstentions;…;Blancs;…;Nuls;…",
 * then one group of columns per candidate, numbered k = 1, 2, …: "Nuance candidat k", "Nom
 * candidat k", "Prénom candidat k", "Voix k". A file may hold several constituencies, whose rows
 * fill different numbers of groups.
 */

interface Candidate {
  readonly k: number;
  readonly nuance: number;
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
  readonly candidates: readonly Candidate[];
}

/** Whether a header is the ministry's per-station layout. */
export function isMinistryHeader(header: readonly string[]): boolean {
  const folded = header.map(foldText);
  return folded.includes('code_bv') && folded.includes('inscrits') && folded.some((h) => /^voix_\d+$/.test(h));
}

function ministryLayout(header: readonly string[], path: string): MinistryLayout {
  const folded = header.map(foldText);
  const at = (name: string, required = true): number => {
    const i = folded.indexOf(name);
    if (i === -1 && required) throw new InputError(`${path}: not the ministry's per-station layout: no column "${name}"`, path);
    return i;
  };
  const candidates: Candidate[] = [];
  for (let k = 1; folded.includes(`voix_${k}`); k++) {
    candidates.push({ k, nuance: at(`nuance_candidat_${k}`), nom: at(`nom_candidat_${k}`), prenom: at(`prenom_candidat_${k}`), voix: at(`voix_${k}`) });
  }
  return {
    dept: at('code_departement'),
    commune: at('code_commune'),
    communeName: at('libelle_commune', false),
    bv: at('code_bv'),
    district: folded.findIndex((h) => h.startsWith('code') && h.includes('circonscription')),
    registered: at('inscrits'),
    abstention: at('abstentions'),
    blank: at('blancs'),
    null: at('nuls'),
    candidates,
  };
}

/** The key of a candidate option: "NOM Prénom (NUANCE)". */
export function candidateKey(nom: string, prenom: string, nuance: string): string {
  const name = [nom.trim(), prenom.trim()].filter((s) => s.length > 0).join(' ');
  return nuance.trim() ? `${name} (${nuance.trim()})` : name;
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

function readRow(fields: readonly string[], line: number, layout: MinistryLayout, header: readonly string[], round: RoundBuilder): void {
  const field = (i: number): string => (i >= 0 ? (fields[i] ?? '').trim() : '');
  const sourceCode = `${field(layout.dept)}-${field(layout.commune)}-${field(layout.bv)}`;
  const problems: string[] = [];
  const count = (i: number): number => {
    const parsed = parseCount(field(i));
    if (!parsed.ok) problems.push(`column ${header[i]} ${parsed.why}`);
    return parsed.ok ? parsed.value : 0;
  };
  const counts = new Map<string, number>([
    [KIND_KEYS.abstention, count(layout.abstention)],
    [KIND_KEYS.blank, count(layout.blank)],
    [KIND_KEYS.null, count(layout.null)],
  ]);
  const registered = count(layout.registered);
  const found: { key: string; nuance: string; votes: number }[] = [];
  for (const c of layout.candidates) {
    if (field(c.nom) === '' && field(c.voix) === '') continue;
    found.push({ key: candidateKey(field(c.nom), field(c.prenom), field(c.nuance)), nuance: field(c.nuance), votes: count(c.voix) });
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
  round.unit({ sourceCode, name, district: field(layout.district) || undefined, registered, line, counts });
}
