/** A term cell as bound parameters: question, kind, term, topic, hour, posts. */
export type TermParams = [string, string, string, string, number, number];
export function addTermLines(into: Map<string, number>, hour: number, lines: string): Map<string, number>;
export function termParamsFrom(question: string, counts: Iterable<readonly [string, number]>): TermParams[];
