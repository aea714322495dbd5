import type { AnyDb } from '../../store';
import { sourcesById } from '../sources';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';
import { derivedPersonData } from '../rights/derived';

/**
 * Everything the platform holds about one person, as a plain JSON-able object: what the profile
 * page shows and what an access request (GDPR art. 15) hands over. Each personal value names its
 * source, and `sources` describes every source named (kind, label, when, by whom, on what basis),
 * which is the "origin of the data" art. 15(1)(g) asks for.
 */
export interface SourceView {
  readonly id: number;
  readonly kind: string;
  readonly label: string;
  readonly collectedAt: number;
  readonly collector: string;
  readonly basis: string;
  readonly noticeVersion: string | null;
  /** The line of the import file this person came from, when the source is a file. */
  readonly line: number | null;
}

export interface PersonRecord {
  readonly id: number;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly birthYear: number | null;
  readonly gender: string | null;
  readonly language: string | null;
  readonly support: number | null;
  readonly volunteer: boolean;
  readonly area: string | null;
  readonly sourceId: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly contactPoints: readonly { kind: string; value: string; sourceId: number; createdAt: number }[];
  readonly addresses: readonly { street: string | null; postcode: string | null; city: string | null; country: string | null; sourceId: number; createdAt: number }[];
  readonly tags: readonly { name: string; sourceId: number }[];
  readonly fields: readonly { name: string; value: string; sourceId: number }[];
  readonly activities: readonly { id: number; kind: string; channel: string | null; at: number; actor: string; detail: string | null; sourceId: number }[];
  readonly consents: readonly { id: number; purpose: string; channel: string; granted: boolean; at: number; actor: string; noticeVersion: string | null; source: SourceView | null }[];
  readonly consentState: readonly { purpose: string; channel: string; granted: boolean; at: number; consentId: number }[];
  readonly suppressions: readonly { channel: string; reason: string; at: number; actor: string }[];
  readonly sources: readonly SourceView[];
  readonly lists: readonly { listId: number; name: string; purpose: string; channel: string; assignedTo: string | null }[];
  readonly exports: readonly { exportId: number; kind: string; path: string; purpose: string; channel: string; line: number; createdAt: number; createdBy: string }[];
  readonly reviews: readonly { id: number; kind: string; otherId: number | null; score: number | null; reason: string; status: string; createdAt: number }[];
  readonly rightsRequests: readonly { id: number; kind: string; receivedAt: number; dueAt: number; status: string; closedAt: number | null; outcome: string | null }[];
  /** What modules built on contacts hold about the person (e.g. `field_events`: door visits), by table. */
  readonly other: Readonly<Record<string, readonly unknown[]>>;
}

type Parts = Omit<PersonRecord, 'other' | 'id' | 'givenName' | 'familyName' | 'birthYear' | 'gender' | 'language' | 'support' | 'volunteer' | 'area' | 'sourceId' | 'createdAt' | 'updatedAt'>;

/** Everything about person `id`, or null when there is no such person (never was, or erased). */
export async function personRecord(db: AnyDb, id: number): Promise<PersonRecord | null> {
  const c = contactsDb(db);
  const p = await c.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) return null;
  const parts = await gather(c, id, Number(p.source_id));
  return {
    id: Number(p.id),
    givenName: p.given_name,
    familyName: p.family_name,
    birthYear: p.birth_year === null ? null : Number(p.birth_year),
    gender: p.gender,
    language: p.language,
    support: p.support === null ? null : Number(p.support),
    volunteer: Number(p.volunteer) === 1,
    area: p.area,
    sourceId: Number(p.source_id),
    createdAt: Number(p.created_at),
    updatedAt: Number(p.updated_at),
    ...parts,
    other: await otherData(c, id),
  };
}

async function otherData(c: ContactsDb, id: number): Promise<Record<string, unknown[]>> {
  const other: Record<string, unknown[]> = {};
  for (const d of derivedPersonData()) other[d.name] = await d.access(c, id);
  return other;
}

async function gather(c: ContactsDb, id: number, sourceId: number): Promise<Parts> {
  const [contactPoints, addresses, tags, fields, activities] = await Promise.all([points(c, id), addressesOf(c, id), tagsOf(c, id), fieldsOf(c, id), activitiesOf(c, id)]);
  const [consentRows, consentState, suppressions, lists, exports, reviews, rightsRequests] = await Promise.all([
    c.selectFrom('consents').selectAll().where('person_id', '=', id).orderBy('at').orderBy('id').execute(),
    stateOf(c, id),
    c.selectFrom('suppressions').select(['channel', 'reason', 'at', 'actor']).where('person_id', '=', id).orderBy('channel').execute(),
    listsOf(c, id),
    exportsOf(c, id),
    reviewsOf(c, id),
    requestsOf(c, id),
  ]);
  const lines = await c.selectFrom('person_sources').select(['source_id', 'line']).where('person_id', '=', id).execute();
  const used = [sourceId, ...lines.map((l) => Number(l.source_id)), ...[contactPoints, addresses, tags, fields, activities].flat().map((r) => r.sourceId), ...consentRows.map((r) => Number(r.source_id))];
  const sources = await sourceViews(c, used, lines);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const consents = consentRows.map((r) => ({
    id: Number(r.id),
    purpose: r.purpose,
    channel: r.channel,
    granted: Number(r.granted) === 1,
    at: Number(r.at),
    actor: r.actor,
    noticeVersion: r.notice_version,
    // The entry's own line when it has one: a person on two lines of one file has entries from each.
    source: sourceOfEntry(byId.get(Number(r.source_id)), r.line),
  }));
  const supp = suppressions.map((s) => ({ ...s, at: Number(s.at) }));
  return { contactPoints, addresses, tags, fields, activities, consents, consentState, suppressions: supp, sources, lists, exports, reviews, rightsRequests };
}

function sourceOfEntry(source: SourceView | undefined, line: number | null): SourceView | null {
  if (!source) return null;
  return line === null ? source : { ...source, line: Number(line) };
}

async function sourceViews(c: ContactsDb, ids: readonly number[], lines: readonly { source_id: number; line: number | null }[]): Promise<SourceView[]> {
  const found = await sourcesById(c, ids);
  const lineOf = new Map(lines.map((l) => [Number(l.source_id), l.line === null ? null : Number(l.line)]));
  return [...found.values()].sort((a, b) => a.collectedAt - b.collectedAt || a.id - b.id).map((s) => ({ ...s, line: lineOf.get(s.id) ?? null }));
}

async function points(c: ContactsDb, id: number): Promise<PersonRecord['contactPoints']> {
  const rows = await c.selectFrom('contact_points').select(['kind', 'value', 'source_id', 'created_at']).where('person_id', '=', id).orderBy('kind').orderBy('value').execute();
  return rows.map((r) => ({ kind: r.kind, value: r.value, sourceId: Number(r.source_id), createdAt: Number(r.created_at) }));
}

async function addressesOf(c: ContactsDb, id: number): Promise<PersonRecord['addresses']> {
  const rows = await c.selectFrom('addresses').selectAll().where('person_id', '=', id).execute();
  return rows.map((r) => ({ street: r.street, postcode: r.postcode, city: r.city, country: r.country, sourceId: Number(r.source_id), createdAt: Number(r.created_at) }));
}

async function tagsOf(c: ContactsDb, id: number): Promise<PersonRecord['tags']> {
  const rows = await c.selectFrom('person_tags').innerJoin('tags', 'tags.id', 'person_tags.tag_id').select(['tags.name', 'person_tags.source_id']).where('person_tags.person_id', '=', id).orderBy('tags.name').execute();
  return rows.map((r) => ({ name: r.name, sourceId: Number(r.source_id) }));
}

async function fieldsOf(c: ContactsDb, id: number): Promise<PersonRecord['fields']> {
  const rows = await c
    .selectFrom('person_fields')
    .innerJoin('fields', 'fields.id', 'person_fields.field_id')
    .select(['fields.name', 'person_fields.value', 'person_fields.source_id'])
    .where('person_fields.person_id', '=', id)
    .orderBy('fields.name')
    .execute();
  return rows.map((r) => ({ name: r.name, value: r.value, sourceId: Number(r.source_id) }));
}

async function activitiesOf(c: ContactsDb, id: number): Promise<PersonRecord['activities']> {
  const rows = await c.selectFrom('activities').selectAll().where('person_id', '=', id).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, channel: r.channel, at: Number(r.at), actor: r.actor, detail: r.detail, sourceId: Number(r.source_id) }));
}

async function stateOf(c: ContactsDb, id: number): Promise<PersonRecord['consentState']> {
  const rows = await c.selectFrom('consent_state').selectAll().where('person_id', '=', id).orderBy('purpose').orderBy('channel').execute();
  return rows.map((r) => ({ purpose: r.purpose, channel: r.channel, granted: Number(r.granted) === 1, at: Number(r.at), consentId: Number(r.consent_id) }));
}

async function listsOf(c: ContactsDb, id: number): Promise<PersonRecord['lists']> {
  const rows = await c
    .selectFrom('list_members')
    .innerJoin('contact_lists', 'contact_lists.id', 'list_members.list_id')
    .select(['contact_lists.id', 'contact_lists.name', 'contact_lists.purpose', 'contact_lists.channel', 'contact_lists.assigned_to'])
    .where('list_members.person_id', '=', id)
    .orderBy('contact_lists.id')
    .execute();
  return rows.map((r) => ({ listId: Number(r.id), name: r.name, purpose: r.purpose, channel: r.channel, assignedTo: r.assigned_to }));
}

async function exportsOf(c: ContactsDb, id: number): Promise<PersonRecord['exports']> {
  const rows = await c
    .selectFrom('export_lines')
    .innerJoin('contact_exports', 'contact_exports.id', 'export_lines.export_id')
    .select(['contact_exports.id', 'contact_exports.kind', 'contact_exports.path', 'contact_exports.purpose', 'contact_exports.channel', 'export_lines.line', 'contact_exports.created_at', 'contact_exports.created_by'])
    .where('export_lines.person_id', '=', id)
    .orderBy('contact_exports.id')
    .execute();
  return rows.map((r) => ({ exportId: Number(r.id), kind: r.kind, path: r.path, purpose: r.purpose, channel: r.channel, line: Number(r.line), createdAt: Number(r.created_at), createdBy: r.created_by }));
}

async function reviewsOf(c: ContactsDb, id: number): Promise<PersonRecord['reviews']> {
  const rows = await c
    .selectFrom('review_queue')
    .selectAll()
    .where((eb) => eb.or([eb('person_id', '=', id), eb('other_id', '=', id)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const other = Number(r.person_id) === id ? r.other_id : r.person_id;
    return { id: Number(r.id), kind: r.kind, otherId: other === null ? null : Number(other), score: r.score, reason: r.reason, status: r.status, createdAt: Number(r.created_at) };
  });
}

async function requestsOf(c: ContactsDb, id: number): Promise<PersonRecord['rightsRequests']> {
  const rows = await c.selectFrom('rights_requests').selectAll().where('person_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    receivedAt: Number(r.received_at),
    dueAt: Number(r.due_at),
    status: r.status,
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    outcome: r.outcome,
  }));
}
