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
 * bounded: when it holds `limit` entries (by default, `setMemoEntries`'s) it starts over. Keys
 * that `admit` refuses (those known to come once, such as links) are computed, not remembered:
 * they would only fill the table, and the garbage collector's old generation, for nothing.
 */
export function memoise<V>(fn: (key: string) => V, limit?: number, admit?: (key: string) => boolean): (key: string) => V {
  const memory = new Map<string, V>();
  return (key) => {
    let value = memory.get(key);
    if (value === undefined && !memory.has(key)) {
      value = fn(key);
      if (admit && !admit(key)) return value;
      if (memory.size >= (limit ?? defaultEntries)) memory.clear();
      memory.set(key, value);
    }
    return value as V;
  };
}
