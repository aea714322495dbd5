/** A rollup cell as bound parameters: question, hour, country, lang, stance, topic, posts, score sum, sentiment sum, sentiment count. */
export type CellParams = [string, number, string, string, string, string, number, number, number, number];
export function addCells(into: Map<string, CellParams>, cells: readonly CellParams[]): Map<string, CellParams>;
export const HOUR_MS: number;
export function hourOf(ms: number): number;
export function cellsAt(cells: readonly CellParams[], ms: number): CellParams[];
