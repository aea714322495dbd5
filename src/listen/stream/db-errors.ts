/**
 * What to do when a batch's commit fails:
 * - `again`: a deadlock or serialization failure between workers; the transaction was rolled
 *   back whole, so it is simply run again;
 * - `wait`: the database is away (connection lost, shutting down, out of resources); wait and
 *   try again, never blaming the posts;
 * - `entry`: the data was refused (a value out of range, a constraint); one of the entries is
 *   at fault, so the entries are committed one by one to find it.
 */
export type CommitFailure = 'again' | 'wait' | 'entry';

export function commitFailure(error: unknown): CommitFailure {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code === '40P01' || code === '40001' || code === 'SQLITE_BUSY') return 'again';
  if (/^(22|23|42|2B|XX)/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code)) return 'entry';
  return 'wait';
}
