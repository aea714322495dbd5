import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../chart';
import { useApi } from '../use-api';
import type { ProgressAnswer, ProgressRow } from './types';
import { num, pct, RESULTS } from './types';

const REFRESH_MS = 15_000;

/** The Progress tab: the campaign's totals, then per area and per turf; refreshed every 15 s. */
export function Progress({ campaign }: { campaign: number }) {
  const tick = useTick(REFRESH_MS);
  const base = `/api/field/campaigns/${campaign}/progress`;
  const total = useApi<ProgressAnswer>(base, { by: 'campaign' }, tick);
  const areas = useApi<ProgressAnswer>(base, { by: 'area' }, tick);
  const turfs = useApi<ProgressAnswer>(base, { by: 'turf' }, tick);
  const error = total.error ?? areas.error ?? turfs.error;
  const sum = total.data?.rows[0];
  const option = useMemo(() => (areas.data ? barOption(areas.data.rows) : null), [areas.data]);
  return (
    <div className="field-progress" data-testid="progress">
      {error && <p className="error" role="alert">{error}</p>}
      <section className="panel">
        <h2>
          Campaign <small>refreshed every 15 s</small> <a href={`${base}.csv?by=campaign`}>CSV</a>
        </h2>
        {sum ? (
          <p className="headline" data-testid="progress-total">
            {num(sum.knocked)} of {num(sum.addresses)} addresses knocked ({pct(sum.shareKnocked, 0)}; {num(sum.doors)} doors in all), {num(sum.contacts)} contacts, {num(sum.attempts)} knocks
          </p>
        ) : (
          !error && <p className="empty">Loading…</p>
        )}
      </section>
      {areas.data && option && (
        <section className="panel" data-testid="progress-areas">
          <h2>
            By area <a href={`${base}.csv?by=area`}>CSV</a>
          </h2>
          <Chart option={option} height={Math.max(160, 28 * areas.data.rows.length + 60)} label="addresses by result, per area" />
          <ProgressTable rows={areas.data.rows} first="area" label={(r) => r.areaId ?? ''} />
        </section>
      )}
      {turfs.data && (
        <section className="panel" data-testid="progress-turfs">
          <h2>
            By turf <a href={`${base}.csv?by=turf`}>CSV</a>
          </h2>
          <ProgressTable rows={turfs.data.rows} first="turf" label={(r) => `${r.areaId ?? ''} · ${r.number ?? ''}`} />
        </section>
      )}
    </div>
  );
}

/** A number that goes up every `ms`: the tables fetch again on each. */
function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

function ProgressTable({ rows, first, label }: { rows: readonly ProgressRow[]; first: string; label: (r: ProgressRow) => string }) {
  return (
    <div className="scroll">
      <table className="compact">
        <thead>
          <tr>
            <th>{first}</th>
            <th>addresses</th>
            <th>doors</th>
            <th>knocked</th>
            <th>contacts</th>
            {RESULTS.map((r) => (
              <th key={r}>{r.replace(/_/g, ' ')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={label(r)}>
              <td>{label(r)}</td>
              <td>{num(r.addresses)}</td>
              <td>{num(r.doors)}</td>
              <td>
                {num(r.knocked)} <small>{pct(r.shareKnocked, 0)}</small>
              </td>
              <td>{num(r.contacts)}</td>
              {RESULTS.map((c) => (
                <td key={c}>{num(r.results[c] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const COLORS: Record<string, string> = { contacted: '#2f9e44', not_home: '#adb5bd', refused: '#e8590c', moved: '#868e96', come_back: '#1c7ed6', do_not_contact: '#c92a2a', 'not knocked': '#e9ecef' };

/** Stacked bars per area: each result code, and the doors not knocked yet. */
function barOption(rows: readonly ProgressRow[]) {
  const series = [...RESULTS, 'not knocked'].map((code) => ({
    name: code.replace(/_/g, ' '),
    type: 'bar',
    stack: 'doors',
    itemStyle: { color: COLORS[code] },
    data: rows.map((r) => (code === 'not knocked' ? Math.max(0, r.addresses - r.knocked) : (r.results[code as (typeof RESULTS)[number]] ?? 0))),
  }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 90, right: 10, top: 40, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => r.areaId ?? ''), inverse: true },
    series,
  };
}
