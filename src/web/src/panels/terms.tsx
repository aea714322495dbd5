import { useState } from 'react';
import type { Filters } from '../filters';
import { apiParams } from '../filters';
import { useApi } from '../use-api';

type Kind = 'hashtag' | 'phrase' | 'question';

interface TermsAnswer {
  top: { term: string; posts: number; index: number }[];
  rising: { term: string; posts: number; growth: number | 'breakout' }[];
}

/** Top and rising hashtags, phrases and questions (Google Trends' "top" and "rising"). */
export function Terms({ filters, version, onPick }: { filters: Filters; version: number; onPick: (kind: Kind, term: string) => void }) {
  const [kind, setKind] = useState<Kind>('hashtag');
  // Terms are counted by time (and questions by topic), not by country, language or stance.
  const params = { question: filters.question, from: filters.from, to: apiParams(filters).to, topic: kind === 'question' ? filters.topic : undefined, kind, limit: '10' };
  const { data, error } = useApi<TermsAnswer>('/api/listen/terms', params, version);
  const narrowed = filters.country || filters.lang || filters.stance || (filters.topic && kind !== 'question');
  return (
    <section className="panel" data-testid="terms">
      <h2>
        Top and rising{' '}
        <span className="toggle">
          {(['hashtag', 'phrase', 'question'] as const).map((k) => (
            <button key={k} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {k === 'hashtag' ? 'hashtags' : k === 'phrase' ? 'phrases' : 'questions'}
            </button>
          ))}
        </span>
      </h2>
      {error && <p className="empty">{error}</p>}
      {narrowed && <p className="empty">Counted over all posts of the time range: terms are not broken down by the other filters.</p>}
      {data && (
        <div className="two">
          <ol className="ranked">
            <li className="head">top</li>
            {data.top.map((t) => (
              <li key={t.term}>
                <span className="bar" style={{ width: `${t.index}%` }} />
                <button className="link plain" onClick={() => onPick(kind, t.term)} title="interest over time">
                  {kind === 'hashtag' ? '#' : ''}
                  {t.term}
                </button>{' '}
                <small>{t.posts.toLocaleString()}</small>
              </li>
            ))}
          </ol>
          <ol className="ranked">
            <li className="head">rising</li>
            {data.rising.map((t) => (
              <li key={t.term}>
                <button className="link plain" onClick={() => onPick(kind, t.term)} title="interest over time">
                  {kind === 'hashtag' ? '#' : ''}
                  {t.term}
                </button>{' '}
                <small>{t.growth === 'breakout' ? 'breakout' : `+${Math.round(t.growth)}%`}</small>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
