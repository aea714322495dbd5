// Sums rollup cells by their key. Plain JavaScript, shared by the SQLite writer thread (which
// runs without a TypeScript loader) and the PostgreSQL path of the post store.

/** Key values of a cell: question, hour, country, language, stance, topic. */
const KEY = 6;

/** Cells are by hour (UTC). */
export const HOUR_MS = 3_600_000;

/** The start of the hour a time (epoch milliseconds) falls in. */
export function hourOf(ms) {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** The same cells in the hour of another time: a classification counted at its stored post's time. */
export function cellsAt(cells, ms) {
  const hour = hourOf(ms);
  return cells.map((cell) => [cell[0], hour, ...cell.slice(2)]);
}

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
