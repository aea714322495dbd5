/** One input row made clean: what the writer stores for one person (or merges into one). */
export interface PersonRow {
  /** Line (CSV) or record number (JSON) in the input, for reports and provenance. */
  readonly line: number;
  readonly given: string | null;
  readonly family: string | null;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly address: { readonly street: string | null; readonly postcode: string | null; readonly city: string | null; readonly country: string } | null;
  /** The household's address key, when the address is complete enough to have one. */
  readonly addressKey: string | null;
  readonly birthYear: number | null;
  readonly gender: string | null;
  readonly language: string | null;
  readonly support: number | null;
  readonly volunteer: boolean | null;
  readonly area: string | null;
  readonly tags: readonly string[];
  /** Custom fields: name, text value, and the number it reads as (for range filters). */
  readonly fields: readonly (readonly [name: string, value: string, num: number | null])[];
  readonly consents: readonly (readonly [purpose: string, channel: string, granted: boolean])[];
  /** Channels the person is not to be contacted on (`*`: any), from `object:` columns: put on the do-not-contact list. */
  readonly objections: readonly string[];
  /** The version of the privacy notice the row gives (a `notice_version` column): its consents cite it rather than the import's. */
  readonly noticeVersion: string | null;
  /** The block the fuzzy matcher compares within: the address, else the name. */
  readonly blockKey: string | null;
  /**
   * Its emails and phones (`kind:value`) that erased people held, under names clearly other than
   * the row's (see loadHashes): imported, and queued for review if it brings one of them back.
   */
  readonly sharesErased?: readonly string[];
}

/** A row that cannot be stored: where, and why (never its values). */
export interface BadRow {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
}

export type RowResult = { readonly ok: true; readonly row: PersonRow } | ({ readonly ok: false } & BadRow);
