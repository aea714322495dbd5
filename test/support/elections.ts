import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../src/core/random';

/** The true matrix of the generated elections: rows A, B, ABSTENTION → cols A, C, ABSTENTION. */
export const TRUE_MATRIX = [
  [0.75, 0.15, 0.1],
  [0.2, 0.6, 0.2],
  [0.05, 0.1, 0.85],
];

/**
 * Two generic CSVs whose units have equal totals in both rounds: each unit's first-round voters
 * move to the second round by the true matrix (binomial draws, one voter at a time).
 */
export function writeRounds(dir: string, units = 60, seed = 11, extraUnitInSecond = false): { r1: string; r2: string; truthVotes: number[][] } {
  const random = createRandom(seed);
  const lines1 = ['unit,A,B,ABSTENTION'];
  const lines2 = ['unit,A,C,ABSTENTION'];
  const truthVotes = TRUE_MATRIX.map((row) => row.map(() => 0));
  for (let i = 0; i < units; i++) {
    const size = 300 + random.int(900);
    const share = [0.2 + 0.5 * random.next(), 0.1 + 0.4 * random.next(), 0.15 + 0.2 * random.next()];
    const sum = share.reduce((s, v) => s + v, 0);
    const x = share.map((s) => Math.round((size * s) / sum));
    const y = [0, 0, 0];
    x.forEach((n, r) => {
      for (let v = 0; v < n; v++) {
        const c = random.weighted({ 0: TRUE_MATRIX[r]![0]!, 1: TRUE_MATRIX[r]![1]!, 2: TRUE_MATRIX[r]![2]! });
        y[Number(c)]!++;
        truthVotes[r]![Number(c)]!++;
      }
    });
    lines1.push(`BV-${String(i + 1).padStart(3, "0")},${x.join(',')}`);
    lines2.push(`bv ${i + 1},${y.join(',')}`);
  }
  if (extraUnitInSecond) lines2.push('BV-999,10,10,10');
  const r1 = join(dir, 'round1.csv');
  const r2 = join(dir, 'round2.csv');
  writeFileSync(r1, `${lines1.join('\n')}\n`);
  writeFileSync(r2, `${lines2.join('\n')}\n`);
  return { r1, r2, truthVotes };
}
