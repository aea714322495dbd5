import { useMemo } from 'react';
import { Chart } from '../chart';
import { stanceColor } from '../colors';
import type { Report } from '../types';

/** The 5-point distribution: posts per stance label; a click filters on that label. */
export function Distribution({ report, onPick }: { report: Report; onPick: (stance: string) => void }) {
  const labels = Object.keys(report.byStance);
  const option = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 48, right: 12, top: 12, bottom: 48 },
      xAxis: { type: 'category', data: labels.map((l) => l.replace('_', ' ')), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: labels.map((l) => ({ value: report.byStance[l], itemStyle: { color: stanceColor(l, report.sides) } })) }],
    }),
    [report, labels],
  );
  return (
    <section className="panel" data-testid="distribution">
      <h2>Stance, 5 points</h2>
      <Chart option={option} label="posts per stance label" height={240} />
      <ul className="legend-list">
        {labels.map((l) => (
          <li key={l}>
            <button className="link" onClick={() => onPick(l)}>
              <i style={{ background: stanceColor(l, report.sides) }} /> {l.replace('_', ' ')}: {report.byStance[l]!.toLocaleString()}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
