/**
 * Field-value pairs as Redis sends them (a stream entry's fields, a row of XINFO) as a map. A
 * field named twice keeps its first value: a dead letter's own fields come before the entry's.
 */
export function fieldsOf<T>(flat: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (let i = 0; i + 1 < flat.length; i += 2) if (!m.has(String(flat[i]))) m.set(String(flat[i]), flat[i + 1]!);
  return m;
}

/** A row of XINFO GROUPS or CONSUMERS: flat pairs (RESP2), or already a map (RESP3). */
export function infoRow(row: unknown): Map<string, unknown> {
  return Array.isArray(row) ? fieldsOf(row as unknown[]) : new Map(Object.entries(row as Record<string, unknown>));
}
