import { appendAudit } from '../audit';
import { erasePeople } from '../rights/erase';
import type { RightsApp } from '../rights/requests';
import type { Flushed } from '../rights/scrub-store';
import { flushDeleted } from '../rights/scrub-store';
import type { Candidate } from './candidates';
import { retentionCandidates } from './candidates';

/**
 * A retention run: the people due are erased in chunks (one transaction each, with one
 * 'contacts.erase' audit entry per person), without tombstones (nobody asked: the period simply
 * ended), and the run ends with one 'contacts.retention' entry holding the counts per policy.
 * A dry run lists who would go and writes nothing. A run that stops half-way (crash, kill) has
 * committed whole chunks only; the next run picks up the rest.
 */

export interface RetentionOptions {
  readonly dryRun: boolean;
  readonly actor: string;
  readonly now?: number;
  /** People per transaction (default 200). */
  readonly chunk?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RetentionReport {
  readonly dryRun: boolean;
  /** Per policy: how many people, and their ids. */
  readonly policies: Readonly<Record<string, { count: number; ids: readonly number[] }>>;
  readonly erased: number;
  /** Rows deleted per table over the run (empty for a dry run). */
  readonly deleted: Readonly<Record<string, number>>;
  readonly files: number;
  readonly flushed: Flushed | null;
}

export async function runRetention(app: RightsApp, options: RetentionOptions): Promise<RetentionReport> {
  const now = options.now ?? Date.now();
  const due = await retentionCandidates(app.store.db, now);
  const policies = byPolicy(due);
  if (options.dryRun) return { dryRun: true, policies, erased: 0, deleted: {}, files: 0, flushed: null };
  const chunk = options.chunk ?? 200;
  const deleted: Record<string, number> = {};
  let erased = 0;
  let files = 0;
  options.onProgress?.(0, due.length);
  for (let i = 0; i < due.length; i += chunk) {
    const part = due.slice(i, i + chunk);
    const policyOf = new Map(part.map((c) => [c.personId, c.policy]));
    const r = await erasePeople(app, [...policyOf.keys()], {
      tombstone: false,
      requestId: null,
      now,
      audit: () => part.map((c) => ({ actor: options.actor, action: 'contacts.erase', subject: `person:${c.personId}`, detail: { retention: policyOf.get(c.personId) ?? null } })),
    });
    for (const [t, n] of Object.entries(r.counts)) deleted[t] = (deleted[t] ?? 0) + n;
    erased += r.counts.people ?? 0;
    files += r.files.length;
    options.onProgress?.(Math.min(i + chunk, due.length), due.length);
  }
  const counts = Object.fromEntries(Object.entries(policies).map(([p, v]) => [p, v.count]));
  await appendAudit(app.store.db, app.store.dialect, { actor: options.actor, action: 'contacts.retention', subject: null, detail: { erased, policies: counts, deleted, files } }, now);
  const flushed = erased > 0 ? await flushDeleted(app.store) : null;
  return { dryRun: false, policies, erased, deleted, files, flushed };
}

function byPolicy(due: readonly Candidate[]): Record<string, { count: number; ids: number[] }> {
  const out: Record<string, { count: number; ids: number[] }> = {};
  for (const c of due) {
    const p = (out[c.policy] ??= { count: 0, ids: [] });
    p.count++;
    p.ids.push(c.personId);
  }
  return out;
}

export interface ScheduleOptions {
  /** How often to run (e.g. a day: 86_400_000). */
  readonly everyMs: number;
  /** Delay before the first run (default: everyMs). */
  readonly firstInMs?: number;
  readonly actor?: string;
  readonly onRun?: (report: RetentionReport) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Runs retention every `everyMs` (for `hustings serve`); returns a function that stops it and
 * resolves once a run in progress has ended. Runs never overlap; the timer does not keep the
 * process alive.
 */
export function scheduleRetention(app: RightsApp, options: ScheduleOptions): () => Promise<void> {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = (): void => {
    if (stopped || running) return;
    running = runRetention(app, { dryRun: false, actor: options.actor ?? 'system:retention' })
      .then((r) => options.onRun?.(r), options.onError ?? (() => undefined))
      .finally(() => {
        running = null;
        if (!stopped) schedule(options.everyMs);
      });
  };
  const schedule = (ms: number): void => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(options.firstInMs ?? options.everyMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
