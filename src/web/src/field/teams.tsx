import { useMemo, useState } from 'react';
import { post } from '../api';
import { useApi } from '../use-api';
import type { Assignment, Canvasser, Team, TeamsAnswer, TurfSummary } from './types';

/** TVD above this is a team that does not look like its district (highlighted). */
const TVD_WARN = 0.1;

/** The Teams tab: canvassers, the teams computed per district (and handed their turfs), active assignments. */
export function Teams({ campaign }: { campaign: number }) {
  const [version, setVersion] = useState(0);
  const canvassers = useApi<{ canvassers: Canvasser[] }>('/api/field/canvassers', {}, 0);
  const assignments = useApi<{ assignments: Assignment[] }>(`/api/field/campaigns/${campaign}/assignments`, {}, version);
  const turfs = useApi<{ turfs: TurfSummary[] }>(`/api/field/campaigns/${campaign}/turfs`, {}, 0);
  const turfNumbers = useMemo(() => new Map((turfs.data?.turfs ?? []).map((t) => [t.id, `${t.areaId} turf ${t.number}`])), [turfs.data]);
  const [error, setError] = useState<string | null>(null);
  const end = (a: Assignment) =>
    void post(`/api/field/assignments/${a.id}/end`, {}).then(
      () => setVersion((v) => v + 1),
      (e: Error) => setError(e.message),
    );
  const list = canvassers.data?.canvassers ?? [];
  return (
    <div className="field-teams">
      {(error ?? canvassers.error ?? assignments.error) && <p className="error" role="alert">{error ?? canvassers.error ?? assignments.error}</p>}
      <section className="panel" data-testid="canvassers">
        <h2>
          Canvassers <small>{list.length}</small>
        </h2>
        <CanvasserTable list={list} />
      </section>
      <TeamForm campaign={campaign} canvassers={list} turfNumbers={turfNumbers} onApplied={() => setVersion((v) => v + 1)} />
      <section className="panel" data-testid="assignments">
        <h2>Active assignments</h2>
        {assignments.data?.assignments.length === 0 && <p className="empty">No turf handed out.</p>}
        <table className="compact">
          <tbody>
            {(assignments.data?.assignments ?? []).map((a) => (
              <tr key={a.id}>
                <td>{a.turfNumber === null ? `turf #${a.turfId} (gone)` : `turf ${a.turfNumber}`}</td>
                <td>{a.areaId}</td>
                <td>
                  {a.user}
                  {a.partner ? ` with ${a.partner}` : ''}
                </td>
                <td>{a.slot ?? ''}</td>
                <td>
                  <button onClick={() => end(a)}>End</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function CanvasserTable({ list }: { list: readonly Canvasser[] }) {
  return (
    <div className="scroll">
      <table className="compact">
        <thead>
          <tr>
            <th>user</th>
            <th>district</th>
            <th>attributes</th>
            <th>available</th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => (
            <tr key={c.user}>
              <td>{c.user}</td>
              <td>{c.district ?? '–'}</td>
              <td>{Object.entries(c.attributes).map(([k, v]) => `${k}: ${v}`).join(', ')}</td>
              <td>{c.availability.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface FormProps {
  campaign: number;
  canvassers: readonly Canvasser[];
  turfNumbers: ReadonlyMap<number, string>;
  onApplied: () => void;
}

function TeamForm({ campaign, canvassers, turfNumbers, onApplied }: FormProps) {
  const keys = [...new Set(canvassers.flatMap((c) => Object.keys(c.attributes)))].sort();
  const slots = [...new Set(canvassers.flatMap((c) => c.availability))].sort();
  // The attributes to mirror; null until the organiser changes one: every attribute ticked.
  const [attributes, setAttributes] = useState<ReadonlySet<string> | null>(null);
  const [slot, setSlot] = useState('');
  const [pairs, setPairs] = useState(false);
  const [apply, setApply] = useState(false);
  const [answer, setAnswer] = useState<TeamsAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = attributes ? keys.filter((k) => attributes.has(k)) : keys;
  const submit = () => {
    setError(null);
    post<TeamsAnswer>(`/api/field/campaigns/${campaign}/teams`, { attributes: chosen, slot: slot || undefined, pairs, apply }).then(
      (r) => (setAnswer(r), apply && onApplied()),
      (e: Error) => setError(e.message),
    );
  };
  return (
    <section className="panel" data-testid="team-form">
      <h2>Teams</h2>
      <form className="field-cut" onSubmit={(e) => (e.preventDefault(), submit())}>
        <span>mirror</span>
        {keys.map((k) => (
          <label key={k}>
            <input type="checkbox" data-attribute={k} checked={attributes ? attributes.has(k) : true} onChange={() => setAttributes(toggled(attributes ?? new Set(keys), k))} /> {k}
          </label>
        ))}
        <label>
          slot{' '}
          <select aria-label="slot" value={slot} onChange={(e) => setSlot(e.target.value)}>
            <option value="">any</option>
            {slots.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={pairs} onChange={(e) => setPairs(e.target.checked)} /> in pairs</label>
        <label><input type="checkbox" checked={apply} onChange={(e) => setApply(e.target.checked)} /> hand out the turfs</label>
        <button type="submit" disabled={chosen.length === 0} title={keys.length === 0 ? 'no canvasser has attributes to mirror yet' : chosen.length === 0 ? 'tick an attribute to mirror' : undefined}>
          Compute teams
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {answer && <TeamsResult answer={answer} turfNumbers={turfNumbers} />}
    </section>
  );
}

function TeamsResult({ answer, turfNumbers }: { answer: TeamsAnswer; turfNumbers: ReadonlyMap<number, string> }) {
  return (
    <>
      {answer.applied && (
        <p role="status">
          Handed out {answer.applied.assignments.length} assignments{answer.applied.ended ? `; ${answer.applied.ended} earlier ones ended` : ''}.
        </p>
      )}
      {answer.notes.map((n) => <p key={n} className="muted">{n}</p>)}
      {answer.teams.map((t) => <District key={t.district} team={t} source={answer.populationSource[t.district]} turfNumbers={turfNumbers} />)}
      {answer.unassigned.length > 0 && <p className="muted">In no team: {answer.unassigned.join(', ')}</p>}
      {answer.unavailable.length > 0 && <p className="muted">Not available in the slot: {answer.unavailable.join(', ')}</p>}
    </>
  );
}

function District({ team, source, turfNumbers }: { team: Team; source: string | undefined; turfNumbers: ReadonlyMap<number, string> }) {
  return (
    <div className="field-district" data-testid="team-district">
      <h3>
        {team.district}{' '}
        <small>
          {team.members.length} of {team.wanted} wanted{source ? `; population ${source === 'given' ? 'given' : 'counted from contacts'}` : ''}
        </small>
      </h3>
      <p>
        {team.members.join(', ') || 'nobody available'}
        {team.pairs && team.pairs.length > 0 && <small> · pairs: {team.pairs.map((p) => p.join(' + ')).join('; ')}</small>}
      </p>
      <p>
        {Object.entries(team.tvdByAttribute).map(([k, v]) => (
          <span key={k} className={v > TVD_WARN ? 'tvd warn' : 'tvd'} title="total variation distance between the team and the district's population">
            {k}: TVD {v.toFixed(2)}
          </span>
        ))}
        <small>closest possible at this size: {team.bestPossible.toFixed(2)}</small>
      </p>
      {team.turfs.length > 0 && <p className="muted">{team.turfs.map((t) => `${turfNumbers.get(t.turfId) ?? `turf #${t.turfId}`} → ${t.users.join(' + ')}`).join(' · ')}</p>}
    </div>
  );
}

function toggled(s: ReadonlySet<string>, k: string): ReadonlySet<string> {
  const next = new Set(s);
  if (next.has(k)) next.delete(k);
  else next.add(k);
  return next;
}
