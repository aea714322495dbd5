import { useApi } from '../use-api';
import { Compare } from './compare';
import type { AnswersAnswer, AreaSummary, QuestionTable } from './types';
import { num, pct } from './types';

interface Row {
  area: string;
  table: QuestionTable;
}

/** The Answers tab: per question and area, each option's share with its base and 95 % interval. */
export function Answers({ campaign, area, onArea }: { campaign: number; area: string | undefined; onArea: (area: string | undefined) => void }) {
  const base = `/api/field/campaigns/${campaign}`;
  const areas = useApi<{ areas: AreaSummary[] }>('/api/field/areas', {}, 0);
  const answers = useApi<AnswersAnswer>(`${base}/answers`, { area }, 0);
  const byQuestion = new Map<string, Row[]>();
  for (const a of answers.data?.areas ?? [])
    for (const q of a.questions) byQuestion.set(q.question, [...(byQuestion.get(q.question) ?? []), { area: a.areaId ?? 'all areas', table: q }]);
  const csv = `${base}/answers.csv${area ? `?area=${encodeURIComponent(area)}` : ''}`;
  return (
    <div className="field-answers" data-testid="answers">
      <div className="filter-bar field-area">
        <label>
          area{' '}
          <select aria-label="area" value={area ?? ''} onChange={(e) => onArea(e.target.value || undefined)}>
            <option value="">every area, and all together</option>
            {(areas.data?.areas ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {answers.error && <p className="error" role="alert">{answers.error}</p>}
      {!answers.data && !answers.error && <p className="empty">Loading…</p>}
      {answers.data && byQuestion.size === 0 && <p className="empty">No questions to tabulate.</p>}
      {[...byQuestion].map(([id, rows]) => (
        <section key={id} className="panel" data-testid="answer-question">
          <h2>
            {rows[0]!.table.text} <small>{id}</small> <a href={csv}>CSV</a>
          </h2>
          <AnswerTable rows={rows} />
        </section>
      ))}
      {byQuestion.size > 0 && <Compare base={base} questions={[...byQuestion.values()].map((rows) => rows[0]!.table)} />}
    </div>
  );
}

function AnswerTable({ rows }: { rows: readonly Row[] }) {
  return (
    <div className="scroll">
      <table className="compact">
        <thead>
          <tr>
            <th>area</th>
            <th>base</th>
            <th>answer</th>
            <th>count</th>
            <th>share</th>
            <th>95 % interval</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap(({ area, table }) =>
            table.options.map((c, i) => (
              <tr key={`${area}/${c.option}`} className={c.suppressed ? 'suppressed' : undefined}>
                <td>{i === 0 ? area : ''}</td>
                <td>{i === 0 ? (table.baseSuppressed ? '<5' : num(table.base)) : ''}</td>
                <td>{c.label}</td>
                <td>{c.suppressed ? '<5' : num(c.count)}</td>
                <td>{c.suppressed ? '<5' : pct(c.share)}</td>
                <td>{c.ci95 ? `${pct(c.ci95[0])} – ${pct(c.ci95[1])}` : '–'}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
