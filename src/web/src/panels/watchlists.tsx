import { useState } from 'react';
import type { Filters } from '../filters';
import { apiParams } from '../filters';
import { useApi } from '../use-api';

interface ListSummary {
  id: string;
  name: string;
  matchedPosts: number;
  items: { id: string; kind: string; value: string }[];
}
interface Matches {
  posts: number;
  byItem: { item: string; posts: number }[];
  byCountry: { country: string | null; posts: number }[];
}
interface Influencers {
  min: number;
  byMatches: { platform: string; pseudonym: string; posts: number; repostsReceived: number }[];
  suppressed: { byMatches: number };
}

/** An item as people wrote it (accounts are pseudonyms already). */
function itemLabel(list: ListSummary | undefined, id: string): string {
  const item = list?.items.find((i) => i.id === id);
  if (!item) return id.slice(0, 8);
  return item.kind === 'hashtag' ? `#${item.value}` : item.value;
}

/** Watchlists: matches by item and country, and (for analysts) the pseudonyms most matched. */
export function Watchlists({ filters, version, analyst }: { filters: Filters; version: number; analyst: boolean }) {
  const lists = useApi<{ watchlists: ListSummary[] }>('/api/watchlists', {}, version);
  const [chosen, setChosen] = useState<string | null>(null);
  // A chosen list that is gone (removed meanwhile) falls back to the first.
  const known = lists.data?.watchlists.some((w) => w.id === chosen) ?? false;
  const id = (known ? chosen : null) ?? lists.data?.watchlists[0]?.id ?? null;
  const list = lists.data?.watchlists.find((w) => w.id === id);
  const range = { from: filters.from, to: apiParams(filters).to, country: filters.country };
  const matches = useApi<Matches>(id ? `/api/watchlists/${encodeURIComponent(id)}/matches` : null, range, version);
  const influencers = useApi<Influencers>(id && analyst ? `/api/watchlists/${encodeURIComponent(id)}/influencers` : null, { ...range, limit: '5' }, version);
  return (
    <section className="panel" data-testid="watchlists">
      <h2>
        Watchlists{' '}
        {lists.data && lists.data.watchlists.length > 0 && (
          <select aria-label="watchlist" value={id ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {lists.data.watchlists.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        )}
      </h2>
      {lists.data?.watchlists.length === 0 && <p className="empty">No watchlist yet: `hustings listen watch add ID --phrase …` or POST /api/watchlists.</p>}
      {matches.error && <p className="empty">{matches.error}</p>}
      {matches.data && (
        <>
          <p>
            <strong>{matches.data.posts.toLocaleString()}</strong> matched posts
          </p>
          <ol className="ranked">
            {matches.data.byItem.slice(0, 6).map((b, i) => (
              <li key={i}>
                {itemLabel(list, b.item)} <small>{b.posts.toLocaleString()}</small>
              </li>
            ))}
          </ol>
        </>
      )}
      {influencers.data && (
        <ol className="ranked">
          <li className="head">most matched pseudonyms (from {influencers.data.min} posts)</li>
          {influencers.data.byMatches.map((p) => (
            <li key={`${p.platform}:${p.pseudonym}`}>
              {p.pseudonym} <small>{p.platform} · {p.posts} posts · {p.repostsReceived} reposts</small>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
