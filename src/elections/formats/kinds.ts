import type { OptionKind } from './types';

/**
 * Which column names stand for the non-choices (abstention, blank, null) and for the electorate,
 * in English and French, whatever their case, accents or a trailing round number ("ABSTENTION2").
 */

const KIND_NAMES: readonly (readonly [OptionKind, RegExp])[] = [
  ['blank_null', /^(blank_?and_?null|blanks?_?nulls?|blancs?_?(et_?)?nuls?|blank_?void)$/],
  ['abstention', /^(abstentions?|abstained)$/],
  ['blank', /^(blanks?|blancs?|blank_votes|blank_ballots|votes_blancs|bulletins_blancs)$/],
  ['null', /^(nulls?|nuls?|void|invalid|invalid_votes|invalid_ballots|rejected|rejected_ballots|spoilt|spoilt_ballots|spoiled|spoiled_ballots|votes_nuls|bulletins_nuls)$/],
];

const REGISTERED = /^(registered|inscrits|electorate|electors|registered_voters)$/;

/** Totals and percentages: sums of other columns, never options of their own. */
const TOTAL = /^(votants|voters|votes_cast|ballots_cast|turnout|participation|total|total_votes|exprimes|expressed|valid_votes|suffrages_exprimes)$|^(%|pct_|percent)/;

/** A column name folded for comparison: lower case, no accents, spaces and punctuation as "_". */
export function foldText(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s.\-/'’]+/g, '_');
}

/** As foldText, without a trailing round number ("ABSTENTION2" → "abstention"). */
export function foldName(name: string): string {
  return foldText(name).replace(/_?\d+$/, '');
}

/** The kind of option a column holds: one of the non-choices by its name, else a choice. */
export function optionKindOf(column: string): OptionKind {
  const folded = foldName(column);
  for (const [kind, pattern] of KIND_NAMES) if (pattern.test(folded)) return kind;
  return 'choice';
}

/** Whether a column holds the number of registered voters (not an option). */
export function isRegisteredColumn(column: string): boolean {
  return REGISTERED.test(foldName(column));
}

/** Whether a column holds a total or a percentage (voters, votes cast, expressed, "% Votants"): not an option. */
export function isTotalColumn(column: string): boolean {
  return TOTAL.test(foldName(column));
}

/** The key every reader gives a non-choice, so that rounds and sources agree on it. */
export const KIND_KEYS: Readonly<Record<Exclude<OptionKind, 'choice'>, string>> = {
  abstention: 'ABSTENTION',
  blank: 'BLANK',
  null: 'NULL',
  blank_null: 'BLANK_NULL',
};

export const KIND_LABELS: Readonly<Record<Exclude<OptionKind, 'choice'>, string>> = {
  abstention: 'Abstention',
  blank: 'Blank',
  null: 'Null (spoilt)',
  blank_null: 'Blank and null',
};
