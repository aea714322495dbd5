import { useMemo, useState } from 'react';
import { Chart } from '../chart';
import { useApi } from '../use-api';
import { leaderPoints, turnoutLegend, turnoutPoints } from './map-data';
import { MapLegend, StationMap } from './station-map';
import type { TurnoutAnswer, UnitTurnout } from './types';
import { num, pct } from './url-state';

/** One round: the totals, each option's share, the turnout of every unit (a histogram and a table). */
export function Results({ election, round }: { election: string; round: string }) {
  const answer = useApi<TurnoutAnswer>(`/api/elections/${encodeURIComponent(election)}/turnout`, { round }, 0);
  const t = answer.data;
  if (answer.error) return <p className="error" role="alert">{answer.error}</p>;
  if (!t) return <p className="empty">Loading results…</p>;
  return (
    <>
      <section className="panel wide" data-testid="election-totals">
        <h2>Round {t.round}: results</h2>
        <p className="headline">
          <strong>{num(t.total.registered)}</strong> registered, <strong>{pct(t.total.turnout)}</strong> turnout, {num(t.total.expressed)} votes expressed ({num(t.total.blank)} blank, {num(t.total.null)} null), {t.units.length.toLocaleString('en-GB')} units.
        </p>
        <OptionBars answer={t} />
      </section>
      <TurnoutHistogram units={t.units} />
      <UnitMap answer={t} />
      <UnitTable units={t.units} options={choiceOrder(t)} />
    </>
  );
}

/** The round's choices (not abstention, blank or null), most votes first. */
function choiceOrder(answer: TurnoutAnswer): string[] {
  return answer.total.options.filter((o) => o.kind === 'choice').sort((a, b) => b.votes - a.votes).map((o) => o.key);
}

function OptionBars({ answer }: { answer: TurnoutAnswer }) {
  const choices = answer.total.options.filter((o) => o.kind === 'choice').sort((a, b) => b.votes - a.votes);
  const option = useMemo(
    () => ({
      grid: { left: 150, right: 40, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)} %` },
      xAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', inverse: true, data: choices.map((o) => o.label) },
      series: [{ type: 'bar', name: 'share of expressed', data: choices.map((o) => +((o.ofExpressed ?? 0) * 100).toFixed(2)) }],
    }),
    [answer],
  );
  return <Chart option={option} label="share of expressed votes per option" height={Math.max(160, 28 * choices.length + 40)} />;
}

function TurnoutHistogram({ units }: { units: UnitTurnout[] }) {
  const option = useMemo(() => {
    const bins = new Array<number>(20).fill(0);
    for (const u of units) if (u.turnout !== null) bins[Math.min(19, Math.floor(u.turnout * 20))]!++;
    return {
      grid: { left: 40, right: 10, top: 10, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', name: 'turnout', nameLocation: 'middle', nameGap: 26, data: bins.map((_, i) => `${i * 5}–${i * 5 + 5} %`) },
      yAxis: { type: 'value', name: 'units' },
      series: [{ type: 'bar', name: 'units', data: bins }],
    };
  }, [units]);
  return (
    <section className="panel" data-testid="turnout-histogram">
      <h2>Turnout by unit</h2>
      <Chart option={option} label="number of units by turnout" height={220} />
    </section>
  );
}

/** The units whose polling station has coordinates, on a map coloured by turnout or by the leading choice. */
function UnitMap({ answer }: { answer: TurnoutAnswer }) {
  const [by, setBy] = useState<'turnout' | 'leader'>('turnout');
  const drawn = useMemo(() => {
    if (by === 'turnout') return { points: turnoutPoints(answer.units), legend: turnoutLegend() };
    return leaderPoints(answer.units, choiceOrder(answer));
  }, [answer, by]);
  const placed = drawn.points.length;
  return (
    <section className="panel" data-testid="unit-map-panel">
      <h2>Map of units</h2>
      {placed === 0 ? (
        <p className="empty">
          No unit has coordinates: import the polling stations with <code>hustings field stations import FILE</code> (columns code, name, lat, lon; codes as in the results) to see them on a map.
        </p>
      ) : (
        <>
          <p className="chips">
            colour by{' '}
            <select aria-label="colour units by" value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
              <option value="turnout">turnout</option>
              <option value="leader">leading choice</option>
            </select>{' '}
            <span className="muted">
              {placed.toLocaleString('en-GB')} of {answer.units.length.toLocaleString('en-GB')} units placed
            </span>
          </p>
          <StationMap points={drawn.points} testId="unit-map" />
          <MapLegend items={drawn.legend} />
        </>
      )}
    </section>
  );
}

function UnitTable({ units, options }: { units: UnitTurnout[]; options: string[] }) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<'code' | 'turnout' | 'registered'>('turnout');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hits = units.filter((u) => !q || u.code.toLowerCase().includes(q) || (u.name ?? '').toLowerCase().includes(q));
    const key = (u: UnitTurnout): number | string => (sort === 'code' ? u.code : sort === 'turnout' ? -(u.turnout ?? -1) : -(u.registered ?? 0));
    return hits.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).slice(0, 200);
  }, [units, query, sort]);
  const top = options.slice(0, 6);
  return (
    <section className="panel full" data-testid="unit-table">
      <h2>Units</h2>
      <p className="chips">
        <input aria-label="find a unit" placeholder="code or name" value={query} onChange={(e) => setQuery(e.target.value)} />{' '}
        sort by{' '}
        <select aria-label="sort units" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
          <option value="turnout">turnout</option>
          <option value="registered">registered</option>
          <option value="code">code</option>
        </select>{' '}
        {shown.length < units.length && <span className="muted">first {shown.length} of {units.length}</span>}
      </p>
      <div className="scroll">
        <table className="compact">
          <thead>
            <tr>
              <th>unit</th>
              <th>registered</th>
              <th>turnout</th>
              {top.map((k) => (
                <th key={k}>{k}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.code}>
                <td>
                  {u.code} {u.name && <span className="muted">{u.name}</span>}
                </td>
                <td>{num(u.registered)}</td>
                <td>{pct(u.turnout)}</td>
                {top.map((k) => (
                  <td key={k}>{pct(u.options.find((o) => o.key === k)?.ofExpressed)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
