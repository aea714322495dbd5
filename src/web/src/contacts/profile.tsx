import { useState } from 'react';
import type { Me } from '../api';
import { useApi } from '../use-api';
import { atLeast } from '../api';
import { Rectify } from './rectify';
import { download, sendJson } from './request';
import type { PersonRecord } from './types';
import { day, fullName } from './types';

/** One person: who, how to reach them, the consent history with the source and notice of each entry, sources, activity. */
export function Profile({ me, id, onBack }: { me: Me; id: string; onBack: () => void }) {
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [erased, setErased] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  // Once erased, the profile is not asked for again: it would answer "no person", read as a failure.
  const p = useApi<PersonRecord>(erased ? null : `/api/contacts/people/${encodeURIComponent(id)}`, {}, version);
  const act = (f: () => Promise<unknown>, done: string) =>
    void f().then(
      () => {
        setNote(done);
        setVersion((v) => v + 1);
      },
      (e: Error) => setNote(e.message),
    );
  if (erased)
    return (
      <section className="panel" data-testid="profile-erased">
        <p role="status">Person #{id} erased: their rows, export lines and access files are gone; a tombstone flags a re-import.</p>
        <button className="link" onClick={onBack}>
          ← back to the search
        </button>
      </section>
    );
  if (p.error) return <p className="error" role="alert">{p.error}</p>;
  if (!p.data) return <p className="empty">Loading…</p>;
  const r = p.data;
  return (
    <div className="grid" data-testid="profile">
      <section className="panel">
        <h2>
          {fullName(r)} <small>#{r.id}</small>
        </h2>
        <button className="link" onClick={onBack}>
          ← back to the search
        </button>
        <dl className="facts">
          <dt>area</dt>
          <dd>{r.area ?? '–'}</dd>
          <dt>support</dt>
          <dd>{r.support ?? '–'}</dd>
          <dt>born</dt>
          <dd>{r.birthYear ?? '–'}</dd>
          <dt>volunteer</dt>
          <dd>{r.volunteer ? 'yes' : 'no'}</dd>
          <dt>tags</dt>
          <dd>{r.tags.map((t) => t.name).join(', ') || '–'}</dd>
          {r.contactPoints.map((c) => (
            <Fact key={`${c.kind}${c.value}`} term={c.kind} value={c.value} />
          ))}
          {r.addresses.map((a, i) => (
            <Fact key={i} term="address" value={[a.street, a.postcode, a.city].filter(Boolean).join(', ')} />
          ))}
          {r.fields.map((f) => (
            <Fact key={f.name} term={f.name} value={f.value} />
          ))}
        </dl>
        {r.suppressions.length > 0 && <p className="warn">Do not contact: {r.suppressions.map((s) => `${s.channel === '*' ? 'any channel' : s.channel} (${s.reason})`).join(', ')}</p>}
        {atLeast(me, 'admin') && (
          <p className="actions">
            <button onClick={() => act(() => download(me, `/api/contacts/people/${r.id}/access`, {}), 'Access file downloaded.')}>Access file</button>{' '}
            <button onClick={() => (setCorrecting(true), setNote(null))} disabled={correcting}>
              Correct
            </button>{' '}
            <button onClick={() => confirm('Record an objection? Every consent is withdrawn and the person is not contacted on any channel.') && act(() => sendJson(me, `/api/contacts/people/${r.id}/object`, {}), 'Objection recorded: no contact on any channel.')}>Objection</button>{' '}
            <button className="danger" onClick={() => confirm('Erase this person? This cannot be undone.') && void sendJson(me, `/api/contacts/people/${r.id}/erase`, {}).then(() => setErased(true), (e: Error) => setNote(e.message))}>
              Erase
            </button>
          </p>
        )}
        {correcting && (
          <Rectify
            me={me}
            person={r}
            onCancel={() => setCorrecting(false)}
            onDone={(fields) => {
              setCorrecting(false);
              setNote(fields.length ? `Corrected: ${fields.join(', ')}. Audited, with the names of the fields only.` : 'Nothing changed: the values given are those held.');
              setVersion((v) => v + 1);
            }}
          />
        )}
        {note && <p className="muted" role="status">{note}</p>}
      </section>
      <section className="panel wide" data-testid="consent-history">
        <h2>Consent history</h2>
        <div className="scroll">
          <table className="compact">
            <thead>
              <tr>
                <th>when</th>
                <th>purpose</th>
                <th>channel</th>
                <th>given?</th>
                <th>source</th>
                <th>basis</th>
                <th>notice</th>
              </tr>
            </thead>
            <tbody>
              {r.consents.map((c) => (
                <tr key={c.id}>
                  <td>{day(c.at)}</td>
                  <td>{c.purpose}</td>
                  <td>{c.channel}</td>
                  <td className={c.granted ? 'pos' : 'neg'}>{c.granted ? 'granted' : 'withdrawn'}</td>
                  <td>{c.source ? `${c.source.kind}: ${c.source.label}` : '–'}</td>
                  <td>{c.source?.basis ?? '–'}</td>
                  <td>{c.noticeVersion ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {r.consents.length === 0 && <p className="empty">No consent recorded.</p>}
      </section>
      <section className="panel">
        <h2>Sources</h2>
        <ul className="alerts">
          {r.sources.map((s) => (
            <li key={s.id}>
              {s.kind}: {s.label}, {day(s.collectedAt)} by {s.collector}, basis {s.basis}
              {s.noticeVersion ? `, notice ${s.noticeVersion}` : ''}
              {s.line != null ? `, line ${s.line}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel wide">
        <h2>Activity</h2>
        {r.activities.length === 0 ? (
          <p className="empty">No activity yet.</p>
        ) : (
          <ul className="alerts">
            {r.activities.map((a) => (
              <li key={a.id}>
                {day(a.at)} {a.kind}
                {a.channel ? ` (${a.channel})` : ''} by {a.actor}
                {a.detail ? `: ${a.detail}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One term and its value in a definition list (a profile's facts). */
export function Fact({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
