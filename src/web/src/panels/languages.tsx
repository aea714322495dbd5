import { useMemo } from 'react';
import { Chart } from '../chart';
import type { Report } from '../types';

/** Posts per language (a donut); unknown and small languages as they come from the report. */
export function Languages({ report, onPick }: { report: Report; onPick: (lang: string) => void }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} posts ({d}%)' },
      series: [{ type: 'pie', radius: ['40%', '72%'], data: report.byLanguage.map((l) => ({ name: l.key, value: l.posts })), label: { formatter: '{b} {d}%' } }],
    }),
    [report],
  );
  return (
    <section className="panel" data-testid="languages">
      <h2>Languages</h2>
      <Chart option={option} label="posts per language" height={220} />
      <p className="chips">
        {report.byLanguage
          .filter((l) => l.key !== 'other')
          .map((l) => (
            <button key={l.key} className="chip" onClick={() => onPick(l.key)}>
              {l.key}
            </button>
          ))}
      </p>
    </section>
  );
}
