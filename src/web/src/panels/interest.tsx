import { useMemo } from 'react';
import { Chart } from '../chart';
import type { Filters } from '../filters';
import { apiParams } from '../filters';
import { useApi } from '../use-api';

interface TrendsAnswer {
  topic: string;
  overTime: { t: number | string; index: number | null }[];
  byRegion: { country: string; index: number }[];
}

/**
 * Interest in a topic as Google Trends shows it: 0–100 over time (its share of each day's posts,
 * scaled to the peak) and by country (its share of each country's posts, not raw counts).
 */
export function Interest({ filters, topics, version }: { filters: Filters; topics: string[]; version: number }) {
  const topic = filters.topic ?? topics[0];
  const { data, error } = useApi<TrendsAnswer>(topic ? '/api/listen/trends' : null, { ...apiParams(filters), topic }, version);
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
  if (!topic) return null;
  return (
    <section className="panel" data-testid="interest">
      <h2>
        Interest in “{topic}” <small>(0–100: its share of posts, scaled to the peak)</small>
      </h2>
      {error && <p className="empty">{error}</p>}
      <Chart option={option} label={`interest in ${topic} over time`} height={180} />
      <ol className="ranked">
        <li className="head">by country (share of that country’s posts)</li>
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
