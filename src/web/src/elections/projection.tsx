import type { ProjectionAnswer } from './types';
import { num, pct } from './url-state';

/** The second round projected from the first with the estimated matrix, against what happened. */
export function Projection({ answer }: { answer: ProjectionAnswer }) {
  const counted = answer.cols.map((_, c) => answer.total.share[c]! > 0 || answer.total.shareHi[c]! > 0);
  const actualSum = answer.actual ? answer.actual.total.reduce((s, v, c) => s + (counted[c] ? v : 0), 0) : 0;
  return (
    <section className="panel wide" data-testid="projection">
      <h2>Projection of the second round</h2>
      <table className="compact">
        <thead>
          <tr>
            <th>option</th>
            <th>votes (95 %)</th>
            <th>share (95 %)</th>
            <th>first in</th>
            {answer.actual && <th>actual share</th>}
          </tr>
        </thead>
        <tbody>
          {answer.cols.map((col, c) => (
            <tr key={col}>
              <th>{col}</th>
              <td>
                {num(answer.total.votes[c])} <span className="muted">({num(answer.total.lo[c])}–{num(answer.total.hi[c])})</span>
              </td>
              <td>{counted[c] ? <>{pct(answer.total.share[c])} <span className="muted">({pct(answer.total.shareLo[c])}–{pct(answer.total.shareHi[c])})</span></> : '–'}</td>
              <td>{counted[c] ? `${answer.units.filter((u) => u.winProbability[c]! > 0.5).length} units` : '–'}</td>
              {answer.actual && <td>{counted[c] && actualSum > 0 ? pct(answer.actual.total[c]! / actualSum) : '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{answer.method}; shares are of the votes for the options, abstention and blank left out.</p>
    </section>
  );
}
