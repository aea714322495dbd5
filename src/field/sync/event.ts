import { createHash } from 'node:crypto';
import { z } from 'zod';
import { idNumber } from '../../contacts/ids';
import { RESULT_CODES } from '../campaigns/results';
import { clip, pathOf } from '../campaigns/script';

/**
 * A door event as the phone sends it. Its id is made on the phone (a UUID, lower-case as
 * `crypto.randomUUID()` gives it), so that a batch sent twice stores nothing twice. Lower case is
 * required because ids break ties of the door-state rule and are compared as text on both backends.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A larger id than the columns hold is refused with this event alone (PostgreSQL would fail the whole batch).
const Key = idNumber;

export const EventSchema = z.object({
  id: z.string().regex(UUID, 'expected a lower-case UUID made on the phone'),
  campaignId: Key,
  turfId: Key,
  addressId: Key,
  personId: Key.nullable().default(null),
  result: z.enum(RESULT_CODES, { error: `expected a result code (${RESULT_CODES.join(', ')})` }),
  answers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number()])).optional(),
  consents: z.array(z.object({ purpose: z.string(), channel: z.string(), granted: z.boolean() })).max(20).optional(),
  /** The version of the notice the phone showed (its script's): consents cite the words the person heard, not the ones current when the phone syncs. */
  noticeVersion: z.string().min(1).max(100).optional(),
  at: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export type FieldEvent = z.output<typeof EventSchema>;
/** What the phone may send: the same, with personId optional. */
export type FieldEventInput = z.input<typeof EventSchema>;

/** An event parsed, or the reason it is not one (named by its id when it has one, else by its place in the batch). */
export type Parsed = { ok: true; event: FieldEvent } | { ok: false; id: string; error: string };

export function parseEvent(raw: unknown, index: number): Parsed {
  const fields = raw && typeof raw === 'object' ? (raw as { id?: unknown; answers?: unknown }) : {};
  // Named by its id when it has one (clipped), else by its place in the batch.
  const id = typeof fields.id === 'string' ? clip(fields.id) : `#${index}`;
  // A key "__proto__" is an own key of parsed JSON, which a record schema would drop without a word.
  if (fields.answers && typeof fields.answers === 'object' && Object.hasOwn(fields.answers, '__proto__')) {
    return { ok: false, id, error: `events[${index}].answers.__proto__: no such question` };
  }
  const r = EventSchema.safeParse(raw);
  if (r.success) return { ok: true, event: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, id, error: `events[${index}].${pathOf(issue.path)}: ${issue.message}` };
}

/** JSON with object keys sorted at every level: one text per content, whatever order the phone wrote. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The digest an event keeps once its person is erased: the real one, an unkeyed hash over the
 * person id and answers with every other input in the row, would give both back to a brute force.
 */
export const ERASED_DIGEST = 'erased';

/** SHA-256 (hex) of the event's canonical payload: what the phone sent, without anything the server adds. */
export function eventDigest(e: FieldEvent): string {
  const payload = { id: e.id, campaignId: e.campaignId, turfId: e.turfId, addressId: e.addressId, personId: e.personId, result: e.result, answers: e.answers, consents: e.consents, at: e.at };
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}
