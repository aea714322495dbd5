import { useMemo } from 'react';
import { Chart } from '../chart';
import type { Filters } from '../filters';
import { apiParams } from '../filters';
import { useApi } from '../use-api';

interface TrendsAnswer {
  overTime: { t: number | string; index: number | null }[];
  /** By country: topics only (terms are not counted by country). */
  byRegion?: { country: string; index: number }[];
}

export interface PickedTerm {
  readonly kind: string;
  readonly term: string;
}

/**
 * Interest in a topic as Google Trends shows it: 0–100 over time (its share of each day's posts,
 * scaled to the peak) and by country (its share of each country's posts, not raw counts).
 */
export function Interest({ filters, topics, version, term, onClearTerm }: { filters: Filters; topics: string[]; version: number; term: PickedTerm | null; onClearTerm: () => void }) {
  const topic = filters.topic ?? topics[0];
  // A term's interest is counted over time only: no country, language or stance filter.
  const params = term ? { question: filters.question, from: filters.from, to: apiParams(filters).to, term: term.term, kind: term.kind } : { ...apiParams(filters), topic };
  const { data, error } = useApi<TrendsAnswer>(topic || term ? '/api/listen/trends' : null, params, version);
  const label = term ? `${term.kind === 'hashtag' ? '#' : ''}${term.term}` : topic;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 36, right: 12, top: 12, bottom: 28 },
      xAxis: { type: 'category', data: (data?.overTime ?? []).map((p) => new Date(p.t).toISOString().slice(0, 10)) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'line', data: (data?.overTime ?? []).map((p) => p.index), color: '#5f3dc4', areaStyle: { opacity: 0.1 }, connectNulls: false }],
    }),
    [data],
  );
  if (!label) return null;
  return (
    <section className="panel" data-testid="interest">
      <h2>
        Interest in “{label}” <small>(0–100: its share of posts, scaled to the peak)</small>
        {term && (
          <button className="chip on" onClick={onClearTerm} title="back to the topic">
            ✕
          </button>
        )}
      </h2>
      {error && <p className="empty">{error}</p>}
      <Chart option={option} label={`interest in ${label} over time`} height={180} />
      {data?.overTime.length === 0 && <p className="empty">Fewer than 10 posts: not shown.</p>}
      <ol className="ranked">
        {data?.byRegion && <li className="head">by country (share of that country’s posts)</li>}
        {(data?.byRegion ?? []).slice(0, 6).map((r) => (
          <li key={r.country}>
            <span className="bar" style={{ width: `${r.index}%` }} />
            {r.country} <small>{r.index}</small>
          </li>
        ))}
      </ol>
    </section>
  );
}
