import type { PriorityAnswer } from './types';
import { num } from './url-state';

/** Sample areas of about 1,500 registered voters, ranked by the votes there are to gain per 1,000. */
export function Priority({ answer, csvHref }: { answer: PriorityAnswer; csvHref: string }) {
  return (
    <section className="panel" data-testid="priority-areas">
      <h2>Priority areas</h2>
      <p className="muted">
        Votes to gain: voters of {answer.rule.rows.join(', ')} who went to {answer.rule.col} in the second round. <a href={csvHref}>CSV</a>
      </p>
      <div className="scroll">
        <table className="compact">
          <thead>
            <tr>
              <th>#</th>
              <th>stations</th>
              <th>registered</th>
              <th>gain</th>
              <th>per 1,000</th>
            </tr>
          </thead>
          <tbody>
            {answer.areas.slice(0, 25).map((a) => (
              <tr key={a.rank}>
                <td>{a.rank}</td>
                <td>{a.stations.join(', ')}</td>
                <td>{num(a.registered)}</td>
                <td>{num(a.gain)}</td>
                <td>{a.perThousand.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
