import { useState } from 'react';
import type { ElectionSummary, TurnoutAnswer } from '../elections/types';
import { useApi } from '../use-api';
import type { CompareAnswer, QuestionTable } from './types';
import { pct } from './types';
import { Select } from '../select';

/**
 * An answer's share per area beside an election option's share in the area's polling stations.
 * Shown only when the server holds an election to compare with.
 */
export function Compare({ base, questions }: { base: string; questions: readonly QuestionTable[] }) {
  const elections = useApi<{ elections: ElectionSummary[] }>('/api/elections', {}, 0);
  const answers = questions.flatMap((q) => q.options.map((o) => [`${q.question}\n${o.option}`, `${q.question}: ${o.label}`] as const));
  const [pick, setPick] = useState(answers[0]?.[0] ?? '');
  const [electionId, setElection] = useState('');
  const [round, setRound] = useState('');
  const [option, setOption] = useState('');
  const list = elections.data?.elections ?? [];
  const election = list.find((e) => e.id === electionId) ?? list[0];
  const r = round || String(election?.rounds[0]?.round ?? '');
  const turnout = useApi<TurnoutAnswer>(election && r ? `/api/elections/${encodeURIComponent(election.id)}/turnout` : null, { round: r }, 0);
  // Only choices have a share of the expressed votes to compare with (abstention, blank and null do not).
  const options = (turnout.data?.total.options ?? []).filter((x) => x.kind === 'choice');
  const o = option || options[0]?.key || '';
  const [question, answer] = pick.split('\n');
  const compare = useApi<CompareAnswer>(election && r && o ? `${base}/compare` : null, { question, answer, election: election?.id, round: r, option: o }, 0);
  if (!election) return null;
  return (
    <section className="panel" data-testid="answer-compare">
      <h2>Compared with an election</h2>
      <div className="field-cut">
        <Select label="answer" value={pick} options={answers} onChange={setPick} />
        <Select label="election" value={election.id} options={list.map((e) => [e.id, e.name])} onChange={(v) => (setElection(v), setRound(''), setOption(''))} />
        <Select label="round" value={r} options={election.rounds.map((x) => [String(x.round), x.label ?? String(x.round)])} onChange={(v) => (setRound(v), setOption(''))} />
        <Select label="election option" value={o} options={options.map((x) => [x.key, x.label])} onChange={setOption} />
      </div>
      {compare.error && <p className="error" role="alert">{compare.error}</p>}
      {compare.data && (
        <table className="compact">
          <thead>
            <tr>
              <th>area</th>
              <th>answer share</th>
              <th>95 % interval</th>
              <th>election share</th>
              <th>stations matched</th>
            </tr>
          </thead>
          <tbody>
            {compare.data.rows.map((row) => (
              <tr key={row.area} className={row.suppressed ? 'suppressed' : undefined}>
                <td>{row.area}</td>
                <td>{row.suppressed ? '<5' : pct(row.surveyShare)}</td>
                <td>{row.ci95 ? `${pct(row.ci95[0])} – ${pct(row.ci95[1])}` : '–'}</td>
                <td>{pct(row.electionShare)}</td>
                <td>
                  {row.matchedStations}/{row.stations}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
