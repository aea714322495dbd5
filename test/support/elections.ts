import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../src/core/random';
import type { ResultOption, RoundResults, UnitResult } from '../../src/elections/formats/types';

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

/**
 * Two rounds of two districts whose options name parties (RoundResults, to store with saveRound):
 * in 01-1, A (party X) and B (Y) stand, and A alone in the second round; in 01-2, C (X) and D (Z)
 * stand in both. Pooled by party, the districts' second rounds have two line-ups ({X} and {X, Z}).
 */
export function twoDistrictRounds(seed = 5): [RoundResults, RoundResults] {
  const random = createRandom(seed);
  const option = (key: string, party?: string): ResultOption => ({ key, label: key, kind: key === 'ABSTENTION' ? 'abstention' : 'choice', ...(party && { party }) });
  const first: UnitResult[] = [];
  const second: UnitResult[] = [];
  for (let i = 0; i < 24; i++) {
    const district = i < 12 ? '01-1' : '01-2';
    const [p, q, abst] = [200 + random.int(300), 100 + random.int(300), 100 + random.int(200)];
    const code = `U${String(i + 1).padStart(2, '0')}`;
    // Columns: ABSTENTION, A, B, C, D (a district's two candidates get its votes; the others none).
    first.push({ code, sourceCode: code, district, line: i + 2, counts: i < 12 ? [abst, p, q, 0, 0] : [abst, 0, 0, p, q] });
    // Columns: ABSTENTION, A, C, D; the voters keep to their side, B's voters split between A and abstention.
    const stay = Math.round(q * 0.4);
    second.push({ code, sourceCode: code, district, line: i + 2, counts: i < 12 ? [abst + q - stay, p + stay, 0, 0] : [abst, 0, p, q] });
  }
  return [
    { format: 'test', options: [option('ABSTENTION'), option('A', 'X'), option('B', 'Y'), option('C', 'X'), option('D', 'Z')], units: first, bad: [] },
    { format: 'test', options: [option('ABSTENTION'), option('A', 'X'), option('C', 'X'), option('D', 'Z')], units: second, bad: [] },
  ];
}
