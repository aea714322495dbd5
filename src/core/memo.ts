/** How many entries a memo table holds when its maker gives no limit (`setMemoEntries`). */
let defaultEntries = 100_000;

/**
 * Sets how many entries memo tables made without a limit hold, from their next insertion on:
 * a worker thread, which holds its own tables, may keep fewer.
 */
export function setMemoEntries(entries: number): void {
  if (!Number.isInteger(entries) || entries < 1) throw new RangeError(`memo entries: expected a whole number ≥ 1, found ${entries}`);
  defaultEntries = entries;
}

/**
 * A function of a string, remembered for the strings it was last given: words repeat a great
 * deal in text (Zipf's law), so per-word work done once serves most posts. The memory is
 * bounded at `limit` entries (by default, `setMemoEntries`'s), in two generations of half
 * that each: when the young one fills it becomes the old one and the old one is dropped; a key
 * found in the old generation moves to the young one. Keys in use survive the turnover, keys
 * that came once go with it (on 150,000 posts with 8,000 texts a generation: 40 % of texts
 * recomputed, against 46 % for one table of 15,000 that starts over when full). Keys that
 * `admit` refuses (those known to come once, such as links) are computed, not remembered:
 * they would only fill the table, and the garbage collector's old generation, for nothing.
 */
export function memoise<V>(fn: (key: string) => V, limit?: number, admit?: (key: string) => boolean): (key: string) => V {
  let young = new Map<string, V>();
  let old = new Map<string, V>();
  const remember = (key: string, value: V): void => {
    if (young.size >= Math.max(1, Math.floor((limit ?? defaultEntries) / 2))) {
      old = young;
      young = new Map();
    }
    young.set(key, value);
  };
  return (key) => {
    let value = young.get(key);
    if (value !== undefined || young.has(key)) return value as V;
    value = old.get(key);
    if (value === undefined && !old.has(key)) {
      value = fn(key);
      if (admit && !admit(key)) return value;
    }
    remember(key, value as V);
    return value as V;
  };
}
