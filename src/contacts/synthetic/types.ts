/** The columns of a synthetic contacts CSV, in file order. */
export const CSV_COLUMNS = [
  'first_name', 'last_name', 'email', 'phone', 'street', 'postcode', 'city', 'birth_year', 'gender', 'language', 'tags',
  'support', 'volunteer', 'area', 'consent_newsletter_email', 'consent_canvassing_door', 'consent_canvassing_phone',
  'consent_reuse_email', 'field_interest', 'field_occupation', 'field_member_since',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** One CSV row: every column a string, '' for an empty cell. */
export type ContactColumns = { readonly [K in CsvColumn]: string };

/**
 * new: a person's first row. exact: the same person again with the same e-mail (other case, spaces).
 * fuzzy: the same person with a misspelt or swapped name at the same address, sharing no e-mail or phone.
 * bad: a new person with one invalid value (in `field`).
 */
export type TruthKind = 'new' | 'exact' | 'fuzzy' | 'bad';
export type BadField = 'email' | 'phone' | 'birth_year' | 'support';

/** What a row really is, for measuring an import's validation and dedupe; not written to the CSV. */
export interface RowTruth {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  /** 0-based id of the person: for exact and fuzzy rows, the earlier person this row repeats. */
  readonly person: number;
  readonly kind: TruthKind;
  readonly field?: BadField;
}

export type SyntheticContact = ContactColumns & { readonly truth: RowTruth };

export interface SyntheticOptions {
  readonly rows: number;
  readonly seed: number;
  /** Share of rows repeating an earlier person (default 0.03). */
  readonly duplicates?: number;
  /** Share of rows with one invalid value (default 0.001). */
  readonly bad?: number;
  /** Only 'FR' (default) for now. */
  readonly country?: 'FR';
}

/** Rows of each kind, and the number of distinct people behind them. */
export interface TruthSummary {
  readonly rows: number;
  readonly persons: number;
  readonly kinds: Readonly<Record<TruthKind, number>>;
}
