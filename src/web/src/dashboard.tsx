import { useCallback, useState } from 'react';
import type { Me } from './api';
import { FilterBar } from './filter-bar';
import type { Filters } from './filters';
import { apiParams, filtersFromSearch, searchFromFilters, withFilter } from './filters';
import { LiveCounter, useLive } from './live-counter';
import { Audience } from './panels/audience';
import { CountryMap } from './panels/country-map';
import { Distribution } from './panels/distribution';
import { Hype } from './panels/hype';
import type { PickedTerm } from './panels/interest';
import { Interest } from './panels/interest';
import { Languages } from './panels/languages';
import { Pipeline } from './panels/pipeline';
import { Samples } from './panels/samples';
import { ShareOverTime } from './panels/share-over-time';
import { Terms } from './panels/terms';
import { Topics } from './panels/topics';
import { Watchlists } from './panels/watchlists';
import type { HypeAlert, Report, SamplePost } from './types';
import { TopBar } from './top-bar';
import { useApi } from './use-api';
import { useUrlState } from './use-url-state';

const readFilters = (search: string): Filters => filtersFromSearch(search);

export function Dashboard({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [filters, setFilters] = useUrlState(readFilters, searchFromFilters);
  const [version, setVersion] = useState(0);
  const [term, setTerm] = useState<PickedTerm | null>(null);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const live = useLive(bump);
  const params = apiParams(filters);
  const questions = useApi<{ questions: { id: string }[] }>('/api/listen/questions', {}, 0);
  const report = useApi<Report>('/api/listen/report', params, version);
  // The other panels follow once the report has its answer: after a live change the headline
  // figures come first, and the rest do not queue ahead of them on the server.
  const settled = Math.max(0, report.version);
  const samples = useApi<{ posts: SamplePost[] }>('/api/listen/samples', { ...params, limit: '12' }, settled);
  const hype = useApi<{ alerts: HypeAlert[] }>('/api/listen/hype', { ...params, topic: undefined }, settled);
  const set = (key: 'country' | 'lang' | 'topic' | 'stance') => (value: string) => setFilters(withFilter(filters, key, value));
  const r = report.data;
  return (
    <div className="dashboard">
      <TopBar me={me} onLogout={onLogout} view="listening">
        <LiveCounter {...live} />
      </TopBar>
      <FilterBar filters={filters} questions={questions.data?.questions.map((q) => q.id) ?? (filters.question ? [filters.question] : [])} onChange={setFilters} />
      {report.error && <p className="error" role="alert">{report.error}</p>}
      {r && <Headline report={r} />}
      {r && (
        <main className="grid">
          <ShareOverTime report={r} />
          <Distribution report={r} onPick={set('stance')} />
          <Topics report={r} onPick={set('topic')} />
          <CountryMap report={r} onPick={set('country')} />
          <Languages report={r} onPick={set('lang')} />
          <Interest filters={filters} topics={r.byTopic.map((t) => t.topic)} version={settled} term={term} onClearTerm={() => setTerm(null)} />
          <Terms filters={filters} version={settled} onPick={(kind, t) => setTerm({ kind, term: t })} />
          <Hype alerts={hype.data?.alerts ?? []} />
          <Audience filters={filters} version={settled} />
          <Watchlists filters={filters} version={settled} analyst={me.role !== 'viewer'} />
          <Samples posts={samples.data?.posts ?? []} report={r} />
          {me.role === 'admin' && <Pipeline />}
        </main>
      )}
      <footer>
        Figures with fewer than {r?.minCell ?? 10} posts are merged or left out. Boundaries: Natural Earth. hustings is free software (AGPL).
      </footer>
    </div>
  );
}

function Headline({ report }: { report: Report }) {
  const [a, b] = report.sides;
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  return (
    <p className="headline" data-testid="headline" data-posts={report.posts}>
      <strong>{report.posts.toLocaleString()}</strong> posts, {report.decided.toLocaleString()} with a stance:{' '}
      <strong className="side-b">{pct(report.share[b] ?? 0)}</strong> {b} (95 % interval {pct(report.ci95[b]?.[0] ?? 0)}–{pct(report.ci95[b]?.[1] ?? 0)}) against <strong className="side-a">{pct(report.share[a] ?? 0)}</strong> {a}; neutral posts are left out of the shares.
    </p>
  );
}
