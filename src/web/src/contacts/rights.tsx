import { useState } from 'react';
import type { Me } from '../api';
import { useApi } from '../use-api';
import { sendJson } from './request';
import type { RetentionPreview, RightsRequest } from './types';
import { day } from './types';

const KINDS = ['access', 'rectification', 'erasure', 'objection', 'restriction', 'portability'];

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/** The rights request log: nearest deadline first, overdue in red; a form to log one received. */
export function Requests({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const [kind, setKind] = useState('access');
  const [person, setPerson] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = useApi<{ requests: RightsRequest[] }>('/api/contacts/requests', {}, version);
  const add = () =>
    void sendJson(me, '/api/contacts/requests', { kind, personId: person ? Number(person) : null }).then(
      () => (setVersion((v) => v + 1), setError(null)),
      (e: Error) => setError(e.message),
    );
  const close = (id: number, outcome: string) => void sendJson(me, `/api/contacts/requests/${id}/close`, { outcome }).then(() => setVersion((v) => v + 1), (e: Error) => setError(e.message));
  return (
    <section className="panel full" data-testid="rights-requests">
      <h2>Rights requests</h2>
      <p>
        <select aria-label="request kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>{' '}
        <input aria-label="person id" placeholder="person # (if known)" value={person} onChange={(e) => setPerson(e.target.value.replace(/\D/g, ''))} /> <button onClick={add}>Log request</button>
      </p>
      {(error ?? list.error) && <p className="error" role="alert">{error ?? list.error}</p>}
      <table className="compact">
        <thead>
          <tr>
            <th>#</th>
            <th>kind</th>
            <th>person</th>
            <th>received</th>
            <th>due</th>
            <th>status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data?.requests.map((r) => (
            <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
              <td>{r.id}</td>
              <td>{r.kind}</td>
              <td>{r.personId != null ? <a href={`/contacts?person=${r.personId}`}>#{r.personId}</a> : '–'}</td>
              <td>{day(r.receivedAt)}</td>
              <td>
                {day(r.dueAt)}
                {r.status === 'open' && r.daysLeft != null && <span className="muted"> ({r.overdue ? `${days(-r.daysLeft)} overdue` : `${days(r.daysLeft)} left`})</span>}
              </td>
              <td>{r.status === 'open' ? 'open' : `closed: ${r.outcome ?? ''}`}</td>
              <td>
                {r.status === 'open' && (
                  <button className="link" onClick={() => close(r.id, 'done')}>
                    close as done
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.requests.length === 0 && <p className="empty">No requests logged.</p>}
    </section>
  );
}

/** What the retention policies would erase now (a dry run): per policy, how many people. */
export function Retention() {
  const preview = useApi<RetentionPreview>('/api/contacts/retention/preview', {}, 0);
  return (
    <section className="panel full" data-testid="retention">
      <h2>Retention preview</h2>
      {preview.error && <p className="error" role="alert">{preview.error}</p>}
      {preview.data && preview.data.policies.length === 0 && <p className="empty">No retention policy: nobody is erased automatically. Add one with `hustings contacts retention --policy NAME --keep-days N --from collected`.</p>}
      {preview.data && preview.data.policies.length > 0 && (
        <table className="compact">
          <thead>
            <tr>
              <th>policy</th>
              <th>keeps</th>
              <th>due for erasure now</th>
            </tr>
          </thead>
          <tbody>
            {preview.data.policies.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>
                  {p.spec.keepDays} days from {p.spec.from === 'election' ? `the election of ${p.spec.electionDay ?? '?'}` : 'collection'}
                  {p.spec.purposes ? ` (data collected for ${p.spec.purposes.join(', ')} only)` : ''}
                  {p.spec.sources ? ` (${p.spec.sources.join(', ')})` : ''}
                  {p.spec.unlessConsent ? `, unless consent to ${p.spec.unlessConsent}` : ''}
                </td>
                <td>{p.due}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.data && <p className="muted">{preview.data.total} people in all would be erased by a retention run now.</p>}
    </section>
  );
}
