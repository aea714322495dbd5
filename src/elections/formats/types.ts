/**
 * The shape every results reader produces: one round of an election, its options, and one row of
 * counts per unit (polling station or counting area). Readers stream their input and report bad
 * lines with their position; they never drop a unit silently.
 */

/** What an option is: a candidate or answer, or one of the non-choices that turnout maths needs. */
export type OptionKind = 'choice' | 'abstention' | 'blank' | 'null' | 'blank_null';

export interface ResultOption {
  /** Stable key within the round (e.g. "MACRON", "LEAVE", "ABSTENTION", "DUPONT Jean (DVD)"). */
  readonly key: string;
  readonly label: string;
  readonly kind: OptionKind;
  /** Party or list label when the source gives one (the ministry's "nuance"). */
  readonly party?: string;
}

export interface UnitResult {
  /** The unit's code as normalised for matching between rounds (see normaliseUnitCode). */
  readonly code: string;
  /** The code exactly as the source wrote it. */
  readonly sourceCode: string;
  readonly name?: string;
  /** A grouping above the unit when the source has one (constituency, region). */
  readonly district?: string;
  /** Registered voters when the source gives them. */
  readonly registered?: number;
  /** counts[k] = votes (or abstentions, blanks, nulls) for options[k]; 0 where a unit lacks an option. */
  readonly counts: readonly number[];
  /** 1-based line (CSV) or record index (JSON) in the source, for messages. */
  readonly line: number;
}

export interface BadResultLine {
  readonly line: number;
  readonly message: string;
}

export interface RoundResults {
  readonly format: string;
  readonly options: readonly ResultOption[];
  readonly units: readonly UnitResult[];
  readonly bad: readonly BadResultLine[];
}
