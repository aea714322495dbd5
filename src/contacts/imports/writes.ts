import type { BatchPlan, Review } from './plan-batch';
import { foldRows } from './plan-batch';
import type { PersonRow } from './row';

/** Rows of each table for one batch, in column order; tags and fields by name (the writer resolves ids). */
export interface BatchWrites {
  /** id, given, family, birth_year, gender, language, support, volunteer, area, block_key */
  readonly people: unknown[][];
  /** Same columns as `people`: values to fill in where the stored person has none. */
  readonly fills: unknown[][];
  /** person_id, line */
  readonly sources: [number, number][];
  /** person_id, kind, value */
  readonly points: [number, string, string][];
  /** person_id, street, postcode, city, country, household */
  readonly addresses: unknown[][];
  readonly tags: [number, string][];
  /** person_id, field name, value, num */
  readonly fields: [number, string, string, number | null][];
  /** person_id, purpose, channel, granted, line of the file, the row's notice version (null: the import's) */
  readonly consents: ConsentWrite[];
  readonly reviews: readonly Review[];
}

/**
 * Custom field values with their fields' ids resolved ([person, field id, …]) in the order of
 * person_fields' keys, field then person: a wide file's rows each hold hundreds of fields, and
 * written person by person every value would land on another page of the key and value indexes.
 */
export function inFieldOrder<T extends readonly [number, number, ...unknown[]]>(values: T[]): T[] {
  return values.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** A ledger entry to write: person_id, purpose, channel, granted, line of the file, the row's notice version (null: the import's). */
export type ConsentWrite = [number, string, string, number, number, string | null];

function personTuple(id: number, r: PersonRow): unknown[] {
  return [id, r.given, r.family, r.birthYear, r.gender, r.language, r.support, r.volunteer === null ? null : r.volunteer ? 1 : 0, r.area, r.blockKey];
}

/** The table rows a batch plan writes. A stored person gets new points, tags, fields and consents, and blanks filled. */
export function writesOf(plan: BatchPlan): BatchWrites {
  const w = { people: [] as unknown[][], fills: [] as unknown[][], sources: [] as [number, number][], points: [] as [number, string, string][], addresses: [] as unknown[][], tags: [] as [number, string][], fields: [] as [number, string, string, number | null][], consents: [] as ConsentWrite[] };
  const add = (id: number, rows: PersonRow[], isNew: boolean): void => {
    const r = foldRows(rows);
    (isNew ? w.people : w.fills).push(personTuple(id, r));
    for (const row of rows) w.sources.push([id, row.line]);
    for (const e of r.emails) w.points.push([id, 'email', e]);
    for (const p of r.phones) w.points.push([id, 'phone', p]);
    if (r.address) w.addresses.push([id, r.address.street, r.address.postcode, r.address.city, r.address.country, r.addressKey]);
    for (const t of r.tags) w.tags.push([id, t]);
    for (const [name, value, num] of r.fields) w.fields.push([id, name, value, num]);
    // From the rows, not the folded person: each entry keeps the line it came from.
    for (const row of rows) for (const [purpose, channel, granted] of row.consents) w.consents.push([id, purpose, channel, granted ? 1 : 0, row.line, row.noticeVersion]);
  };
  for (const [id, rows] of plan.created) add(id, rows, true);
  for (const [id, rows] of plan.merged) add(id, rows, false);
  return { ...w, reviews: plan.reviews };
}

/** The consent entries that win per (person, purpose, channel) within a batch: the last one given. */
export function latestConsents(consents: readonly (readonly [number, string, string, number, ...unknown[]])[], firstId: number): [number, string, string, number, number][] {
  const best = new Map<string, [number, string, string, number, number]>();
  consents.forEach(([person, purpose, channel, granted], i) => best.set(`${person}|${purpose}|${channel}`, [person, purpose, channel, granted, firstId + i]));
  return [...best.values()];
}
