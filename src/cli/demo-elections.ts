import { fileURLToPath } from 'node:url';
import type { AnyDb } from '../store';
import { analysePair } from '../elections/analysis';
import { readRound } from '../elections/formats/read';
import { saveRound } from '../elections/store';

/** Real results shipped with hustings: two constituencies of Finistère, both rounds of 2024, by polling station. */
const ROUNDS = [1, 2].map((n) => fileURLToPath(new URL(`../../data/elections/fr-legislatives-2024-finistere-circ2-3-by-station-tour${n}.csv`, import.meta.url)));

export const DEMO_ELECTION = 'finistere-2024';

/**
 * Imports the shipped rounds (real, public results) and estimates where the first round's voters went,
 * so that the demo's elections view has something to show. Returns lines for the user.
 */
export async function importDemoElection(db: AnyDb): Promise<string[]> {
  const rounds = [];
  for (const [i, path] of ROUNDS.entries()) {
    const { round } = await readRound(path);
    await saveRound(db, { election: DEMO_ELECTION, round: i + 1, name: 'Législatives 2024, Finistère 2nd and 3rd constituencies (real results)', source: path }, round);
    rounds.push(round);
  }
  const a = await analysePair(rounds[0]!, rounds[1]!, { method: 'lp' });
  const abst = a.result.rows.indexOf('ABSTENTION');
  const stay = abst >= 0 ? a.result.matrix[abst]![a.result.cols.indexOf('ABSTENTION')] : undefined;
  return [
    `Imported the real 2024 legislative results of ${a.matching.matched} polling stations in Finistère (both rounds) as election "${DEMO_ELECTION}".`,
    stay === undefined ? '' : `Vote transfers (lp): ${(100 * stay).toFixed(0)} % of first-round abstainers abstained again; see the elections view or \`npx hustings elections transfers --election ${DEMO_ELECTION} --from 1 --to 2\`.`,
  ].filter(Boolean);
}
