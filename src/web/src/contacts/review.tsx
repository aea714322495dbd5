import { useState } from 'react';
import type { Me } from '../api';
import { useApi } from '../use-api';
import { Fact } from './profile';
import { sendJson } from './request';
import type { PersonRecord, ReviewItem } from './types';
import { day, fullName } from './types';

type Decision = 'merge' | 'keep' | 'dismiss';

/**
 * The review queue: possible duplicates and conflicting rows side by side (merge folds the newer
 * person into the one known before, or keep both), and re-imports of erased people (line numbers
 * only: there is nothing personal left to show), which can only be dismissed.
 */
export function Review({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<ReadonlySet<number>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const queue = useApi<{ items: ReviewItem[] }>('/api/contacts/review', {}, version);
  const decide = (item: ReviewItem, decision: Decision) => {
    setBusy(item.id);
    void sendJson<{ id: number; decision: Decision; survivor: number | null }>(me, `/api/contacts/review/${item.id}`, { decision }).then(
      (r) => {
        setDone((s) => new Set(s).add(item.id));
        setNote(decision === 'merge' ? `Merged into #${r.survivor ?? item.otherId}.` : decision === 'keep' ? 'Kept as two people.' : 'Dismissed.');
        setBusy(null);
        setVersion((v) => v + 1);
      },
      (e: Error) => {
        setNote(e.message);
        setBusy(null);
      },
    );
  };
  const items = (queue.data?.items ?? []).filter((i) => i.status === 'open' && !done.has(i.id));
  return (
    <section className="panel" data-testid="review">
      <h2>Possible duplicates</h2>
      {queue.error && <p className="error" role="alert">{queue.error}</p>}
      {note && <p className="muted" role="status">{note}</p>}
      {!queue.data && !queue.error && <p className="empty">Loading…</p>}
      {queue.data && items.length === 0 && <p className="empty">Nothing to review.</p>}
      <ul className="review-list">
        {items.map((item) => (
          <li key={item.id} className="review-item" data-testid="review-item">
            <p className="muted">
              #{item.id} {item.kind === 'erased' ? (item.personId === null ? 'erased person re-imported' : "brought back an erased person's e-mail or phone, under another name") : item.kind === 'signup' ? 'sign-up asks for a withdrawn consent' : item.kind === 'withdrawn' ? 'an import asks for a withdrawn consent' : item.kind === 'shared' ? 'shares an e-mail or phone under another name' : item.kind}
              {item.score != null ? `, score ${item.score.toFixed(2)}` : ''}: {item.reason}
              {item.importId != null ? `; import #${item.importId}` : ''}
              {item.line != null ? `, line ${item.line}` : ''}, {day(item.createdAt)}
            </p>
            {item.kind === 'erased' || item.personId === null || item.otherId === null ? (
              <p className="actions">
                <button disabled={busy === item.id} onClick={() => decide(item, 'dismiss')}>
                  Dismiss
                </button>
              </p>
            ) : (
              <>
                <div className="review-pair">
                  <PersonCard id={item.personId} label="new" />
                  <PersonCard id={item.otherId} label="known before" />
                </div>
                <p className="actions">
                  <button disabled={busy === item.id} onClick={() => decide(item, 'merge')}>
                    Merge
                  </button>{' '}
                  <button disabled={busy === item.id} onClick={() => decide(item, 'keep')}>
                    Keep both
                  </button>
                </p>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One side of a pair: what tells two people apart, from their profile. */
function PersonCard({ id, label }: { id: number; label: string }) {
  const p = useApi<PersonRecord>(`/api/contacts/people/${id}`, {}, 0);
  if (p.error) return <div className="review-person"><p className="error">{p.error}</p></div>;
  if (!p.data) return <div className="review-person"><p className="empty">Loading…</p></div>;
  const r = p.data;
  return (
    <div className="review-person" data-testid="review-person">
      <h3>
        {fullName(r)} <small>#{r.id}, {label}</small>
      </h3>
      <dl className="facts">
        {r.contactPoints.length === 0 && <Fact term="contact" value="–" />}
        {r.contactPoints.map((c) => (
          <Fact key={`${c.kind}${c.value}`} term={c.kind} value={c.value} />
        ))}
        {r.addresses.length === 0 ? <Fact term="address" value="–" /> : r.addresses.map((a, i) => <Fact key={i} term="address" value={[a.street, a.postcode, a.city].filter(Boolean).join(', ')} />)}
        <Fact term="born" value={r.birthYear == null ? '–' : String(r.birthYear)} />
        <Fact term="area" value={r.area ?? '–'} />
      </dl>
    </div>
  );
}
