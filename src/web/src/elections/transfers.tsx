import { useMemo } from 'react';
import { Chart } from '../chart';
import type { TransfersAnswer } from './types';
import { num, pct } from './url-state';

/** The transfer matrix as a heat map (row option → column option), with each cell's 95 % interval. */
export function Transfers({ answer }: { answer: TransfersAnswer }) {
  const option = useMemo(() => heatmapOption(answer), [answer]);
  const d = answer.diagnostics;
  const warning = typeof d.warning === 'string' ? d.warning : null;
  return (
    <section className="panel full" data-testid="transfer-matrix" data-method={answer.method} data-rows={answer.rows.join(',')}>
      <h2>
        Vote transfers ({answer.method}): where each first-round option's voters went
      </h2>
      {warning && <p className="error" role="alert">{warning}</p>}
      <Chart option={option} label="transfer matrix heat map" height={Math.max(260, 34 * answer.rows.length + 90)} />
      <div className="scroll">
        <table className="compact matrix">
          <thead>
            <tr>
              <th>from \ to</th>
              {answer.cols.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answer.rows.map((r, i) => (
              <tr key={r}>
                <th>{r}</th>
                {answer.cols.map((c, j) => (
                  <td key={c} title={`${num(answer.votes[i]![j])} votes`}>
                    {pct(answer.matrix[i]![j], 0)}
                    {answer.ci95 && <span className="muted"> [{pct(answer.ci95[i]![j]![0], 0)}–{pct(answer.ci95[i]![j]![1], 0)}]</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {answer.matching.matched.toLocaleString('en-GB')} units matched between the rounds
        {answer.matching.unmatchedFrom.length + answer.matching.unmatchedTo.length > 0 &&
          `; unmatched: ${answer.matching.unmatchedFrom.length} in the first round, ${answer.matching.unmatchedTo.length} in the second (${[...answer.matching.unmatchedFrom, ...answer.matching.unmatchedTo].slice(0, 8).join(', ')}…)`}
        {answer.matching.setAside.length > 0 && `; ${answer.matching.setAside.length} with no votes set aside`}.
      </p>
    </section>
  );
}

function heatmapOption(a: TransfersAnswer) {
  const data = a.rows.flatMap((_, i) => a.cols.map((_, j) => [j, i, +(a.matrix[i]![j]! * 100).toFixed(1)]));
  return {
    grid: { left: 150, right: 20, top: 10, bottom: 70 },
    tooltip: {
      formatter: (p: { data: number[] }) => {
        const [j, i] = p.data as [number, number];
        const ci = a.ci95?.[i]?.[j];
        return `${a.rows[i]} → ${a.cols[j]}: ${pct(a.matrix[i]![j])}${ci ? ` (95 % ${pct(ci[0])}–${pct(ci[1])})` : ''}, ${num(a.votes[i]![j])} votes`;
      },
    },
    xAxis: { type: 'category', data: a.cols, axisLabel: { rotate: 30 } },
    yAxis: { type: 'category', data: a.rows, inverse: true },
    visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: ['100 %', '0 %'], inRange: { color: ['#f7fbff', '#08519c'] } },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p: { data: number[] }) => `${Math.round(p.data[2]!)}` } }],
  };
}
