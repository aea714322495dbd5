// Sums rollup cells by their key. Plain JavaScript, shared by the SQLite writer thread (which
// runs without a TypeScript loader) and the PostgreSQL path of the post store.

/** Key values of a cell: question, hour, country, language, stance, topic. */
const KEY = 6;

/**
 * Adds cells into `into` (a Map from key text to cell). A cell is an array: the six key values,
 * then posts, score sum, sentiment sum and sentiment count.
 */
export function addCells(into, cells) {
  for (const cell of cells) {
    const key = cell.slice(0, KEY).join('\u0000');
    const sum = into.get(key);
    if (!sum) into.set(key, cell.slice());
    else for (let i = KEY; i < cell.length; i++) sum[i] += cell[i];
  }
  return into;
}
