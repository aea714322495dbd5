import { useMemo } from 'react';
import { turfColor } from '../field/map-data';
import { areaPoints, RANKED_AREAS } from './map-data';
import { StationMap } from './station-map';
import type { PriorityAnswer } from './types';
import { num } from './url-state';

/** Sample areas of about 1,500 registered voters, ranked by the votes there are to gain per 1,000. */
export function Priority({ answer, csvHref }: { answer: PriorityAnswer; csvHref: string }) {
  const points = useMemo(() => areaPoints(answer), [answer]);
  return (
    <section className="panel" data-testid="priority-areas">
      <h2>Priority areas</h2>
      <p className="muted">
        Votes to gain: voters of {answer.rule.rows.join(', ')} who went to {answer.rule.col} in the second round. <a href={csvHref}>CSV</a>
      </p>
      {points.length > 0 && (
        <>
          <StationMap points={points} testId="priority-map" />
          <p className="map-legend">
            The stations of the {RANKED_AREAS} best areas, one colour per area (the numbers of the table); the others grey.{' '}
            {answer.areas[0]?.nearness === 'coordinates' ? 'Areas group nearby stations.' : 'Not every station has coordinates, so areas group stations by district and code.'}
          </p>
        </>
      )}
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
                <td className="legend-list" style={{ whiteSpace: 'nowrap' }}>
                  {points.length > 0 && a.rank <= RANKED_AREAS && <i style={{ background: turfColor(a.rank) }} />}
                  {a.rank}
                </td>
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
