import { useState } from 'react';
import type { Me } from '../api';
import { useApi } from '../use-api';
import { atLeast } from '../api';
import { download, sendJson } from './request';
import { CHANNELS, PURPOSES } from './types';

type Kind = 'tag' | 'support' | 'area' | 'volunteer' | 'consent';
interface Row {
  kind: Kind;
  value: string;
}

const KINDS: Record<Kind, string> = { tag: 'has tag', support: 'support at least', area: 'in areas (comma-separated)', volunteer: 'is a volunteer', consent: 'consented to (purpose/channel)' };

/** One builder row as a segment condition; null while it is incomplete. */
function conditionOf(r: Row): object | null {
  const v = r.value.trim();
  if (r.kind === 'volunteer') return { volunteer: v !== 'no' };
  if (!v) return null;
  if (r.kind === 'tag') return { tag: v };
  if (r.kind === 'support') return Number.isFinite(Number(v)) ? { support: { gte: Number(v) } } : null;
  if (r.kind === 'area') return { area: v.split(',').map((s) => s.trim()).filter(Boolean) };
  const [purpose, channel] = v.split('/');
  return purpose && channel ? { consent: { purpose, channel } } : null;
}

/** Segments: a builder for a few condition kinds, its live count (for a use, only those who may be reached), the saved ones. */
export function Segments({ me }: { me: Me }) {
  const [rows, setRows] = useState<Row[]>([{ kind: 'tag', value: '' }]);
  const [join, setJoin] = useState<'all' | 'any'>('all');
  const [purpose, setPurpose] = useState('');
  const [channel, setChannel] = useState('');
  const [name, setName] = useState('');
  const [saved, setSaved] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const definition = JSON.stringify({ [join]: rows.map(conditionOf).filter(Boolean) });
  const count = useApi<{ count: number }>('/api/contacts/segments/count', { definition, purpose: purpose && channel ? purpose : undefined, channel: purpose && channel ? channel : undefined }, 0);
  const list = useApi<{ segments: { id: number; name: string; condition: object; createdBy: string }[] }>('/api/contacts/segments', {}, saved);
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="grid">
      <section className="panel wide" data-testid="segment-builder">
        <h2>Segment</h2>
        <p>
          People matching{' '}
          <select aria-label="join" value={join} onChange={(e) => setJoin(e.target.value as 'all' | 'any')}>
            <option value="all">all</option>
            <option value="any">any</option>
          </select>{' '}
          of:
        </p>
        {rows.map((r, i) => (
          <div className="condition" key={i}>
            <select aria-label={`condition ${i + 1}`} value={r.kind} onChange={(e) => set(i, { kind: e.target.value as Kind, value: '' })}>
              {Object.entries(KINDS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            {r.kind === 'volunteer' ? (
              <select aria-label={`value ${i + 1}`} value={r.value || 'yes'} onChange={(e) => set(i, { value: e.target.value })}>
                <option>yes</option>
                <option>no</option>
              </select>
            ) : (
              <input aria-label={`value ${i + 1}`} value={r.value} placeholder={r.kind === 'consent' ? 'newsletter/email' : ''} onChange={(e) => set(i, { value: e.target.value })} />
            )}
            <button className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`remove condition ${i + 1}`}>
              remove
            </button>
          </div>
        ))}
        <button className="link" onClick={() => setRows([...rows, { kind: 'tag', value: '' }])}>
          + condition
        </button>
        <p>
          Reachable for{' '}
          <select aria-label="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            <option value="">(any purpose)</option>
            {PURPOSES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>{' '}
          by{' '}
          <select aria-label="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">(any channel)</option>
            {CHANNELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </p>
        <p className="headline" data-testid="segment-count">
          {count.error ? <span className="error">{count.error}</span> : count.data ? `${count.data.count.toLocaleString('en-GB')} people${purpose && channel ? ` who may be reached for ${purpose} by ${channel}` : ''}` : '…'}
        </p>
        <p>
          <input aria-label="segment name" placeholder="name" value={name} onChange={(e) => setName(e.target.value)} />{' '}
          <button
            disabled={!name.trim()}
            onClick={() =>
              void sendJson(me, '/api/contacts/segments', { name: name.trim(), definition: JSON.parse(definition) as object }).then(
                () => (setSaved((n) => n + 1), setNote(`Saved ${name.trim()}.`)),
                (e: Error) => setNote(e.message),
              )
            }
          >
            Save
          </button>{' '}
          {atLeast(me, 'admin') && purpose && channel && (
            <button onClick={() => void download(me, '/api/contacts/exports', { definition: JSON.parse(definition) as object, purpose, channel }).then(() => setNote('Exported.'), (e: Error) => setNote(e.message))}>
              Export CSV
            </button>
          )}{' '}
          {note && <span className="muted">{note}</span>}
        </p>
      </section>
      <section className="panel">
        <h2>Saved segments</h2>
        {list.error && <p className="error">{list.error}</p>}
        <ul className="alerts">
          {list.data?.segments.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong> <code className="muted">{JSON.stringify(s.condition)}</code>
            </li>
          ))}
        </ul>
        {list.data?.segments.length === 0 && <p className="empty">None yet.</p>}
      </section>
    </div>
  );
}
