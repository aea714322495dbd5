import { z } from 'zod';
import { InputError, StoreError } from '../../core/errors';
import { parseIsoTime } from '../../core/iso-time';
import type { AnyDb } from '../../store';
import { appendAudit } from '../audit';
import type { RightsApp } from '../rights/requests';
import { contactsDb } from '../tables';
import { SOURCE_KINDS } from '../vocabulary';

/**
 * Retention policies (GDPR art. 5(1)(e), storage limitation; the CNIL's guidance for political
 * campaigns): how long personal data of some sources may be kept, counted from collection or from
 * an election day, unless the person consented to a purpose that keeps them (e.g. 'stay_in_touch').
 *
 * `sources`: the source kinds the policy covers (all when absent). `purposes`: when given, a
 * source is covered only if every consent recorded from it is for one of these purposes (data
 * collected for those purposes alone); a source with no consent recorded is covered.
 */

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

export const policySpec = z
  .object({
    sources: z.array(z.enum(SOURCE_KINDS)).min(1).optional(),
    purposes: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)).min(1).optional(),
    keepDays: z.number().int().min(0).max(36_500),
    from: z.enum(['collected', 'election']),
    electionDay: z
      .string()
      .regex(DAY_TEXT)
      // A day the calendar has: Date.parse takes 2027-02-30 for 2 March.
      .refine((d) => parseIsoTime(d) !== null, 'not a day of the calendar')
      .optional(),
    unlessConsent: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional(),
  })
  .strict()
  .refine((s) => s.from !== 'election' || s.electionDay !== undefined, { message: "from 'election' needs electionDay (YYYY-MM-DD)", path: ['electionDay'] });

export type PolicySpec = z.output<typeof policySpec>;

export interface Policy {
  readonly name: string;
  readonly spec: PolicySpec;
  readonly updatedAt: number;
}

const NAME = /^[\p{L}\p{N}_. -]{1,80}$/u;

export function checkPolicy(name: string, spec: unknown): PolicySpec {
  if (!NAME.test(name)) throw new InputError(`retention policy name: expected 1-80 letters, digits, spaces, '.', '_' or '-', found ${JSON.stringify(name.slice(0, 80))}`);
  const r = policySpec.safeParse(spec);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(`retention policy ${name}: ${issue.path.join('.') || 'spec'}: ${issue.message}`);
  }
  return r.data;
}

/** Adds or replaces a policy; audited as 'contacts.retention.policy'. */
export async function savePolicy(app: RightsApp, name: string, spec: unknown, actor: string, now = Date.now()): Promise<Policy> {
  const checked = checkPolicy(name, spec);
  await contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('retention_policies')
        .values({ name, spec: JSON.stringify(checked), updated_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ spec: JSON.stringify(checked), updated_at: now }))
        .execute();
      await appendAudit(trx, app.store.dialect, { actor, action: 'contacts.retention.policy', subject: `retention:${name}`, detail: { spec: checked } }, now);
    });
  return { name, spec: checked, updatedAt: now };
}

/** Removes a policy; returns false when there was none of that name. */
export async function deletePolicy(app: RightsApp, name: string, actor: string, now = Date.now()): Promise<boolean> {
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const r = await trx.deleteFrom('retention_policies').where('name', '=', name).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      await appendAudit(trx, app.store.dialect, { actor, action: 'contacts.retention.policy.delete', subject: `retention:${name}`, detail: {} }, now);
      return true;
    });
}

/** The stored policies by name; a spec that no longer validates is a StoreError naming the policy. */
export async function listPolicies(db: AnyDb): Promise<Policy[]> {
  const rows = await contactsDb(db).selectFrom('retention_policies').selectAll().orderBy('name').execute();
  return rows.map((r) => {
    try {
      return { name: r.name, spec: checkPolicy(r.name, JSON.parse(r.spec)), updatedAt: Number(r.updated_at) };
    } catch (error) {
      throw new StoreError(`retention policy ${r.name}: stored spec is invalid: ${(error as Error).message}`);
    }
  });
}
