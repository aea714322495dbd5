import { useMemo } from 'react';
import { Chart } from '../chart';
import { SIDE_A, SIDE_B } from '../colors';
import type { Report } from '../types';

const pct = (x: number): number => Math.round(x * 1000) / 10;

/** Side B's share of decided posts per day with its 95 % interval (a band), and the volume behind it. */
export function ShareOverTime({ report }: { report: Report }) {
  const [a, b] = report.sides;
  const option = useMemo(() => {
    const days = report.byDay;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [`${b} share`, 'posts'], top: 0 },
      grid: { left: 44, right: 48, top: 30, bottom: 28 },
      xAxis: { type: 'category', data: days.map((d) => d.key) },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: `% ${b}`, axisLabel: { formatter: '{value}%' } },
        { type: 'value', name: 'posts', splitLine: { show: false } },
      ],
      series: [
        { name: 'low', type: 'line', data: days.map((d) => (d.ci95B ? pct(d.ci95B[0]) : null)), stack: 'ci', lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
        { name: '95% interval', type: 'line', data: days.map((d) => (d.ci95B ? pct(d.ci95B[1] - d.ci95B[0]) : null)), stack: 'ci', lineStyle: { opacity: 0 }, areaStyle: { color: SIDE_B, opacity: 0.18 }, symbol: 'none', tooltip: { show: false } },
        { name: `${b} share`, type: 'line', data: days.map((d) => (d.shareB === null ? null : pct(d.shareB))), color: SIDE_B, symbolSize: 5 },
        { name: 'posts', type: 'bar', yAxisIndex: 1, data: days.map((d) => d.posts), color: '#dee2e6', z: 0 },
      ],
      markLine: { data: [{ yAxis: 50 }] },
      aria: { enabled: true, label: { description: `Share of ${b} against ${a} per day` } },
    };
  }, [report, a, b]);
  return (
    <section className="panel wide" data-testid="share-over-time">
      <h2>
        <span style={{ color: SIDE_B }}>{b}</span> share over time <small>(neutral posts left out; band: 95 % interval; vs <span style={{ color: SIDE_A }}>{a}</span>)</small>
      </h2>
      <Chart option={option} label={`share of ${b} per day`} />
    </section>
  );
}
