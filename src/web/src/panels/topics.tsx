import { useMemo } from 'react';
import { Chart } from '../chart';
import { sentimentColor } from '../colors';
import type { Report } from '../types';

/** Topics ranked by posts, each bar coloured by its theme sentiment (the words around its keywords). */
export function Topics({ report, onPick }: { report: Report; onPick: (topic: string) => void }) {
  const topics = report.byTopic.slice(0, 12);
  const option = useMemo(
    () => ({
      tooltip: { formatter: (p: { name: string; value: number; dataIndex: number }) => `${p.name}: ${p.value.toLocaleString()} posts, theme sentiment ${topics[p.dataIndex]!.themeSentiment.toFixed(2)}` },
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: topics.map((t) => t.topic) },
      series: [{ type: 'bar', data: topics.map((t) => ({ value: t.posts, itemStyle: { color: sentimentColor(t.themeSentiment) } })) }],
    }),
    [topics],
  );
  return (
    <section className="panel" data-testid="topics">
      <h2>
        Topics <small>(colour: theme sentiment, <span className="neg">negative</span> · <span className="pos">positive</span>)</small>
      </h2>
      {topics.length === 0 ? <p className="empty">No topic found in these posts.</p> : <Chart option={option} label="posts per topic" height={Math.max(160, topics.length * 24 + 40)} />}
      <p className="chips">
        {topics.map((t) => (
          <button key={t.topic} className="chip" onClick={() => onPick(t.topic)}>
            {t.topic}
          </button>
        ))}
      </p>
    </section>
  );
}
