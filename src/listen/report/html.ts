import type * as ECharts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { Report } from './aggregate';

/**
 * ECharts, loaded when a page is first made: imported at the top, the package (~1 s and ~40 MB)
 * would load with every command of the CLI's bundle, which holds this module.
 */
let echarts: typeof ECharts | null = null;

/** One chart rendered to SVG on the server: no script, no network, readable offline. */
function svg(option: EChartsOption, width = 760, height = 300): string {
  const chart = echarts!.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const COLOURS = ['#c0392b', '#2471a3'];

function shareByDay(r: Report): string {
  const [a, b] = r.sides;
  const days = r.byDay.map((d) => d.key);
  const shareB = r.byDay.map((d) => (d.shareB === null ? null : Number((d.shareB * 100).toFixed(1))));
  return svg({
    title: { text: `${b} share among decided posts, by day`, left: 'center', textStyle: { fontSize: 14 } },
    color: [COLOURS[1]!, '#999'],
    tooltip: {},
    xAxis: { type: 'category', data: days },
    yAxis: [{ type: 'value', min: 0, max: 100, name: `% ${b}` }, { type: 'value', name: 'posts' }],
    series: [
      { type: 'line', data: shareB, name: `% ${b} (vs ${a})` },
      { type: 'bar', yAxisIndex: 1, data: r.byDay.map((d) => d.posts), name: 'posts', itemStyle: { opacity: 0.3 } },
    ],
    legend: { bottom: 0, itemGap: 40 },
  });
}

function byCountry(r: Report): string {
  const cells = r.byCountry.filter((c) => c.key !== 'unknown').slice(0, 12);
  return svg({
    title: { text: 'Share of activity among located posts, by country', left: 'center', textStyle: { fontSize: 14 } },
    color: ['#7d3c98'],
    xAxis: { type: 'category', data: cells.map((c) => c.key) },
    yAxis: { type: 'value', name: '%' },
    series: [{ type: 'bar', data: cells.map((c) => Number((c.shareOfActivity * 100).toFixed(1))), label: { show: true, position: 'top' } }],
  });
}

function byTopic(r: Report): string {
  const topics = [...r.byTopic].reverse();
  return svg(
    {
      title: { text: 'Topics by posts, coloured by the sentiment around them', left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 110 },
      xAxis: { type: 'value', name: 'posts' },
      yAxis: { type: 'category', data: topics.map((t) => t.topic), axisLabel: { interval: 0 } },
      visualMap: { show: false, dimension: 2, min: -0.5, max: 0.5, inRange: { color: ['#c0392b', '#bbbbbb', '#27ae60'] } },
      series: [{ type: 'bar', data: topics.map((t, i) => [t.posts, i, t.themeSentiment]), encode: { x: 0, y: 1 } }],
    },
    760,
    Math.max(200, 40 + topics.length * 28),
  );
}

/** The report as one self-contained HTML page: figures, server-rendered charts, the numbers behind them. */
export async function reportHtml(r: Report): Promise<string> {
  echarts ??= await import('echarts');
  const [a, b] = r.sides;
  const rows = r.byCountry
    .map((c) => `<tr><td>${escape(c.key)}</td><td>${c.posts.toLocaleString('en')}</td><td>${c.key === 'unknown' ? '' : pct(c.shareOfActivity)}</td><td>${c.shareB === null ? '–' : pct(c.shareB)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hustings report: ${escape(r.question)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:800px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}.big{font-size:1.2em}svg{max-width:100%;height:auto}table{border-collapse:collapse}
td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}
.note{color:#666;font-size:.9em}</style></head><body>
<h1>${escape(r.question)}: ${escape(a)} / ${escape(b)}</h1>
${r.decided > 0 ? `<p class="big">${escape(b)} <strong>${pct(r.share[b]!)}</strong> (95 % CI ${pct(r.ci95[b]![0])}–${pct(r.ci95[b]![1])}),
${escape(a)} <strong>${pct(r.share[a]!)}</strong> of ${r.decided.toLocaleString('en')} decided posts
(${r.posts.toLocaleString('en')} posts; neutral ones are counted but left out of the shares).
Average strength ${(r.averageStrength ?? 0).toFixed(2)} (−1 ${escape(a)} … +1 ${escape(b)}).</p>` : `<p class="big">${r.posts.toLocaleString('en')} posts; no post takes a side: no shares to give.</p>`}
${shareByDay(r)}
${byCountry(r)}
${byTopic(r)}
<h2>By country</h2>
<table><tr><th>country</th><th>posts</th><th>share of activity</th><th>${escape(b)} among decided</th></tr>${rows}</table>
<p class="note">Countries come from the platform's place or the location authors made public; cells of fewer than
${r.minCell} posts are merged into "other". Made with hustings; charts by Apache ECharts.</p>
</body></html>
`;
}
