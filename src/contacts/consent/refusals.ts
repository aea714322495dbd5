/**
 * What known people said no to, as imports and sign-ups check it before they grant anything: a
 * later list or form must not overrule a person's own withdrawal or suppression.
 */

/**
 * The uses (`purpose/channel`) each known person said no to: consents withdrawn, and suppressions
 * (`*\/channel`, or `*\/*` on every channel).
 */
export type Refusals = ReadonlyMap<number, ReadonlySet<string>>;

/** Whether `no` (one person's refusals) covers the use purpose/channel. */
export function refuses(no: ReadonlySet<string> | undefined, purpose: string, channel: string): boolean {
  return !!no && (no.has(`${purpose}/${channel}`) || no.has(`*/${channel}`) || no.has('*/*'));
}

/** Refusals from rows of withdrawn consents and of suppressions. */
export function refusalsOf(withdrawn: readonly { person_id: number; purpose: string; channel: string }[], suppressed: readonly { person_id: number; channel: string }[]): Refusals {
  const out = new Map<number, Set<string>>();
  const add = (person: number, use: string): void => void (out.get(person) ?? out.set(person, new Set()).get(person)!).add(use);
  for (const w of withdrawn) add(Number(w.person_id), `${w.purpose}/${w.channel}`);
  for (const s of suppressed) add(Number(s.person_id), `*/${s.channel}`);
  return out;
}
