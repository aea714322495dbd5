/**
 * What to do when a batch's commit fails:
 * - `again`: a deadlock or serialization failure between workers; the transaction was rolled
 *   back whole, so it is simply run again;
 * - `wait`: the database is away or not fit to take any post (connection lost, shutting down, out
 *   of resources; a permission, a table or a column missing: SQLSTATE class 42, internal errors
 *   XX); wait and try again, never blaming the posts — a fault of the whole store must not send
 *   every entry to the dead letters;
 * - `entry`: the data was refused (SQLSTATE class 22, a value out of range or not of its type;
 *   23, a constraint; 54, a value past a limit such as an index row's size); one of the entries
 *   is at fault, so the entries are committed one by one to find it.
 */
export type CommitFailure = 'again' | 'wait' | 'entry';

export function commitFailure(error: unknown): CommitFailure {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code === '40P01' || code === '40001' || code === 'SQLITE_BUSY') return 'again';
  if (/^(22|23|54)/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code)) return 'entry';
  return 'wait';
}
