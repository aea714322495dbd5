import type { Filters } from './filters';
import { FILTER_KEYS, withFilter } from './filters';

/** The filters in force, each removable, and the time range. */
export function FilterBar({ filters, questions, onChange }: { filters: Filters; questions: string[]; onChange: (f: Filters) => void }) {
  const active = FILTER_KEYS.filter((k) => k !== 'question' && k !== 'from' && k !== 'to' && filters[k]);
  return (
    <div className="filter-bar" data-testid="filters">
      <label>
        question{' '}
        <select value={filters.question ?? questions[0] ?? ''} onChange={(e) => onChange(withFilter(filters, 'question', e.target.value))}>
          {questions.map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
      </label>
      <label>
        from <input type="date" value={filters.from ?? ''} onChange={(e) => onChange(withFilter(filters, 'from', e.target.value))} />
      </label>
      <label>
        to <input type="date" value={filters.to ?? ''} onChange={(e) => onChange(withFilter(filters, 'to', e.target.value))} />
      </label>
      {active.map((k) => (
        <button key={k} className="chip on" onClick={() => onChange(withFilter(filters, k, undefined))} title="remove this filter">
          {k}: {filters[k]} ✕
        </button>
      ))}
      {active.length === 0 && <span className="hint">Click a country, topic, language or stance to filter; the URL keeps the view.</span>}
    </div>
  );
}
