import type { AnyDb } from '../../store';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';
import type { Policy } from './policy';
import { listPolicies } from './policy';

/**
 * Who is due for deletion. A person is due when every source that brought their data in (not the
 * manual records of a withdrawal, objection, rectification or note, but a consent granted by hand: see `gating`) is covered by a policy and, for each source, the longest period of the policies covering it has
 * passed; a policy with `unlessConsent` never ends for a person whose consent to that purpose is
 * granted (on any channel). A source no policy covers keeps the person: nobody decided how long it
 * is kept, so it is not for the platform to guess.
 */

export interface Candidate {
  readonly personId: number;
  /** The policy that lets the person go last (the one with the latest end among their sources). */
  readonly policy: string;
  readonly dueAt: number;
}

const DAY = 86_400_000;
const PAGE = 2_000;

interface SourceFacts {
  readonly kind: string;
  readonly collectedAt: number;
  readonly purposes: ReadonlySet<string>;
  /** The source recorded a consent granted (a manual one: a person who agreed again, by hand). */
  readonly grants: boolean;
}

/** People due for deletion at `now`, by id. */
export async function retentionCandidates(db: AnyDb, now = Date.now()): Promise<Candidate[]> {
  const policies = await listPolicies(db);
  if (policies.length === 0) return [];
  const c = contactsDb(db);
  const out: Candidate[] = [];
  for (let after = 0; ; ) {
    const ids = (await c.selectFrom('people').select('id').where('id', '>', after).orderBy('id').limit(PAGE).execute()).map((r) => Number(r.id));
    if (ids.length === 0) break;
    out.push(...(await pageCandidates(c, policies, ids, now)));
    after = ids[ids.length - 1]!;
  }
  return out;
}

async function pageCandidates(c: ContactsDb, policies: readonly Policy[], ids: readonly number[], now: number): Promise<Candidate[]> {
  const bySource = await personSources(c, ids);
  const facts = await sourceFacts(c, [...new Set([...bySource.values()].flat())], policies.some((p) => p.spec.purposes));
  const keep = await keptByConsent(c, ids, policies);
  const out: Candidate[] = [];
  for (const id of ids) {
    let last: { policy: string; end: number } | null = null;
    for (const sid of gating(bySource.get(id) ?? [], facts)) {
      const s = facts.get(sid);
      const best = s ? longest(policies, s, (purpose) => keep.has(`${id}|${purpose}`)) : null;
      if (!best) {
        last = null;
        break;
      }
      if (!last || best.end > last.end) last = best;
    }
    if (last && last.end <= now) out.push({ personId: id, policy: last.policy, dueAt: last.end });
  }
  return out;
}

/**
 * The sources that decide how long a person is kept: what brought their data in. A withdrawal, an
 * objection, a rectification or a note recorded by hand (a `manual` source) says something about
 * data that came from elsewhere and does not hold the person past that data's policy — else the
 * people who asked to stop hearing from a campaign would be the ones it keeps. A consent granted by
 * hand does count: the person has just agreed again, and is kept as that source's policy says. A
 * person known from manual sources alone is judged by them.
 */
function gating(sources: readonly number[], facts: ReadonlyMap<number, SourceFacts>): readonly number[] {
  const brought = sources.filter((sid) => facts.get(sid)?.kind !== 'manual' || facts.get(sid)?.grants === true);
  return brought.length > 0 ? brought : sources;
}

/** The covering policy that keeps a source longest, or null when none covers it. */
function longest(policies: readonly Policy[], s: SourceFacts, consented: (purpose: string) => boolean): { policy: string; end: number } | null {
  let best: { policy: string; end: number } | null = null;
  for (const p of policies) {
    const spec = p.spec;
    if (spec.sources && !(spec.sources as readonly string[]).includes(s.kind)) continue;
    if (spec.purposes && [...s.purposes].some((x) => !spec.purposes!.includes(x))) continue;
    const start = spec.from === 'election' ? Date.parse(`${spec.electionDay}T00:00:00Z`) : s.collectedAt;
    const end = spec.unlessConsent && consented(spec.unlessConsent) ? Infinity : start + spec.keepDays * DAY;
    if (!best || end > best.end) best = { policy: p.name, end };
  }
  return best;
}

async function personSources(c: ContactsDb, ids: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const add = (p: number, s: number): void => {
    const list = out.get(p) ?? [];
    if (!list.includes(s)) list.push(s);
    out.set(p, list);
  };
  for (const r of await c.selectFrom('people').select(['id', 'source_id']).where('id', 'in', ids).execute()) add(Number(r.id), Number(r.source_id));
  for (const r of await c.selectFrom('person_sources').select(['person_id', 'source_id']).where('person_id', 'in', ids).execute()) add(Number(r.person_id), Number(r.source_id));
  return out;
}

async function sourceFacts(c: ContactsDb, ids: readonly number[], withPurposes: boolean): Promise<Map<number, SourceFacts>> {
  const purposes = new Map<number, Set<string>>();
  const out = new Map<number, SourceFacts>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (withPurposes) {
      const rows = await c.selectFrom('consents').select(['source_id', 'purpose']).distinct().where('source_id', 'in', chunk).execute();
      for (const r of rows) purposes.set(Number(r.source_id), (purposes.get(Number(r.source_id)) ?? new Set()).add(r.purpose));
    }
    const sources = await c.selectFrom('contact_sources').select(['id', 'kind', 'collected_at']).where('id', 'in', chunk).execute();
    const manual = sources.filter((r) => r.kind === 'manual').map((r) => r.id);
    const granting = new Set<number>();
    if (manual.length) {
      const rows = await c.selectFrom('consents').select('source_id').distinct().where('source_id', 'in', manual).where('granted', '=', 1).execute();
      for (const r of rows) granting.add(Number(r.source_id));
    }
    for (const r of sources) {
      out.set(Number(r.id), { kind: r.kind, collectedAt: Number(r.collected_at), purposes: purposes.get(Number(r.id)) ?? new Set(), grants: granting.has(Number(r.id)) });
    }
  }
  return out;
}

/** "person|purpose" for each granted consent to a purpose some policy's `unlessConsent` names. */
async function keptByConsent(c: ContactsDb, ids: readonly number[], policies: readonly Policy[]): Promise<Set<string>> {
  const purposes = [...new Set(policies.map((p) => p.spec.unlessConsent).filter((p): p is string => p !== undefined))];
  if (purposes.length === 0) return new Set();
  const rows = await c.selectFrom('consent_state').select(['person_id', 'purpose']).where('person_id', 'in', ids).where('purpose', 'in', purposes).where('granted', '=', 1).execute();
  return new Set(rows.map((r) => `${r.person_id}|${r.purpose}`));
}
