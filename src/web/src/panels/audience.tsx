import type { Filters } from '../filters';
import { apiParams } from '../filters';
import { useApi } from '../use-api';

interface Margin {
  key: string;
  posts: number | null;
  people: number | null;
  shareB: number | null;
}
interface AudienceAnswer {
  sides: [string, string];
  minPeople: number;
  posts: number | null;
  people: number | null;
  byAgeBand: Margin[];
  byGender: Margin[];
}

const show = (v: number | null): string => (v === null ? 'suppressed' : v.toLocaleString());

/** Who posted, by age band and gender, where the input said; cells under k people are suppressed by the server. */
export function Audience({ filters, version }: { filters: Filters; version: number }) {
  const { data, error } = useApi<AudienceAnswer>('/api/listen/audience', apiParams(filters), version);
  return (
    <section className="panel" data-testid="audience">
      <h2>
        Audience <small>(where the input gave age band and gender; fewer than {data?.minPeople ?? 10} people: suppressed)</small>
      </h2>
      {error && <p className="empty">{error}</p>}
      {data && data.posts === null && <p className="empty">No audience data for these filters (or too few people to show).</p>}
      {data && data.posts !== null && (
        <table className="compact">
          <thead>
            <tr>
              <th />
              <th>people</th>
              <th>posts</th>
              <th>{data.sides[1]} share</th>
            </tr>
          </thead>
          <tbody>
            {[...data.byAgeBand, ...data.byGender].map((m) => (
              <tr key={m.key} className={m.posts === null ? 'suppressed' : ''}>
                <td>{m.key}</td>
                <td>{show(m.people)}</td>
                <td>{show(m.posts)}</td>
                <td>{m.shareB === null ? '–' : `${(m.shareB * 100).toFixed(1)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
