/**
 * What a normaliser returns for one field: the clean value, or why it was refused. `null` (not a
 * result) means the field was empty — absent, which is not an error. Reasons never repeat the whole
 * input value, so they can go to logs and import reports without leaking personal data.
 */
export type Normalised<T extends object> = ({ ok: true } & T) | { ok: false; reason: string };

/** A refused value. */
export function refused(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
