// Sums term counts by their key. Plain JavaScript, shared by the SQLite writer thread (which runs
// without a TypeScript loader) and the PostgreSQL path of the post store.

/**
 * Adds one post's terms to `into` (a Map from `hour\tkind\tterm\ttopic` to posts): `lines` holds
 * one `kind\tterm\ttopic` per line (see `termLines`), a post's terms as one string, which is
 * cheap to hand to the writer thread.
 */
export function addTermLines(into, hour, lines) {
  if (!lines) return into;
  for (const line of lines.split('\n')) {
    const key = `${hour}\t${line}`;
    into.set(key, (into.get(key) ?? 0) + 1);
  }
  return into;
}

/** The counts of such a map as bound parameters of the term upsert: question, kind, term, topic, hour, posts. */
export function termParamsFrom(question, counts) {
  const out = [];
  for (const [key, posts] of counts) {
    const [hour, kind, term, topic] = key.split('\t');
    out.push([question, kind, term, topic, Number(hour), posts]);
  }
  return out;
}
