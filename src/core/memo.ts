/**
 * A function of a string, remembered for the strings it was last given: words repeat a great
 * deal in text (Zipf's law), so per-word work done once serves most posts. The memory is
 * bounded: when it holds `limit` entries it starts over.
 */
export function memoise<V>(fn: (key: string) => V, limit = 100_000): (key: string) => V {
  const memory = new Map<string, V>();
  return (key) => {
    let value = memory.get(key);
    if (value === undefined && !memory.has(key)) {
      if (memory.size >= limit) memory.clear();
      memory.set(key, (value = fn(key)));
    }
    return value as V;
  };
}
