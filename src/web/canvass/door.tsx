import { useEffect, useRef, useState } from 'react';
import type { CanvassDb } from './db';
import { newEventId, recordEvent } from './db';
import { personName, RESULT_LABELS, useLive } from './live';
import type { Answer, ConsentChoice, Question, ResultCode, Script } from './types';
import { RESULTS } from './types';
import { Badge } from './walk';

/** The longest text answer the server keeps (src/field/sync/validate.ts): a longer one would lose the whole knock. */
const MAX_TEXT_ANSWER = 2000;

type Answers = Record<string, Answer>;

function Toggle({ on, label, onClick }: { on: boolean; label: string; onClick: () => void }) {
  return (
    <button type="button" className="choice" aria-pressed={on} onClick={onClick}>
      {label}
    </button>
  );
}

/** One question with big toggles (single, multiple), a row of numbers (scale) or a text box. */
function Ask({ q, value, set }: { q: Question; value: Answer | undefined; set: (v: Answer | undefined) => void }) {
  if (q.kind === 'text') return <textarea aria-label={q.text} maxLength={MAX_TEXT_ANSWER} value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.target.value || undefined)} rows={2} />;
  if (q.kind === 'scale') {
    const steps = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
    return (
      <div className="choices scale">
        {steps.map((n) => (
          <Toggle key={n} on={value === n} label={String(n)} onClick={() => set(value === n ? undefined : n)} />
        ))}
      </div>
    );
  }
  const picked = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const flip = (id: string): void => {
    if (q.kind === 'single') return set(picked[0] === id ? undefined : id);
    const next = picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id];
    set(next.length ? next : undefined);
  };
  return (
    <div className="choices">
      {q.options.map((o) => (
        <Toggle key={o.id} on={picked.includes(o.id)} label={o.label} onClick={() => flip(o.id)} />
      ))}
    </div>
  );
}

/**
 * The consents the script asks for, with the notice; each is "not asked" until the person says yes
 * or no. At a refusal only a "no" can be recorded (someone who will not answer may still say "stop
 * e-mailing me"): a refusal grants nothing.
 */
function Consents({ script, value, set, withdrawOnly = false }: { script: Script; value: ConsentChoice[]; set: (v: ConsentChoice[]) => void; withdrawOnly?: boolean }) {
  if (script.consents.length === 0) return null;
  const choose = (purpose: string, channel: string, granted: boolean | null): void => {
    const rest = value.filter((c) => !(c.purpose === purpose && c.channel === channel));
    set(granted === null ? rest : [...rest, { purpose, channel, granted }]);
  };
  return (
    <fieldset className="consents" data-testid="consents">
      <legend>{withdrawOnly ? 'Asked to stop' : 'Consents'}</legend>
      {script.notice && !withdrawOnly && <p className="notice">{script.notice.text}</p>}
      {script.consents.map((c) => {
        const now = value.find((v) => v.purpose === c.purpose && v.channel === c.channel)?.granted ?? null;
        return (
          <div key={`${c.purpose}/${c.channel}`} className="consent" data-consent={`${c.purpose}/${c.channel}`}>
            <p>{c.text}</p>
            <div className="choices" role="group" aria-label={c.text}>
              {!withdrawOnly && <Toggle on={now === true} label="Yes" onClick={() => choose(c.purpose, c.channel, now === true ? null : true)} />}
              <Toggle on={now === false} label={withdrawOnly ? 'Stop' : 'No'} onClick={() => choose(c.purpose, c.channel, now === false ? null : false)} />
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

interface DoorProps {
  db: CanvassDb;
  turfId: number;
  addressId: number;
  /** After a save: the next door in walking order (null at the end of the walk). */
  onDone: (next: number | null) => void;
}

/** A door: who answered, the result, and for a contact the script's questions and consents; Save records one event. */
export function Door({ db, turfId, addressId, onDone }: DoorProps) {
  const data = useLive(async () => {
    const door = await db.doors.get([turfId, addressId]);
    if (!door) return null;
    const walk = await db.doors.where('turfId').equals(turfId).sortBy('seq');
    const next = walk.find((d) => d.seq > door.seq)?.addressId ?? null;
    return { door, next, campaign: await db.campaigns.get(door.campaignId), state: await db.states.get([door.campaignId, addressId]) };
  }, [db, turfId, addressId]);
  const [person, setPerson] = useState<number | null>(null);
  const [result, setResult] = useState<ResultCode | null>(null);
  const [confirming, setConfirming] = useState(false);
  const saving = useRef(false);
  const [answers, setAnswers] = useState<Answers>({});
  const [consents, setConsents] = useState<ConsentChoice[]>([]);
  useEffect(() => {
    window.scrollTo(0, 0); // each door opens at its top (braces: newer browsers return a promise, not a cleanup)
  }, []);
  if (data === undefined) return null;
  if (data === null) return <p className="empty">This door is no longer on the phone.</p>;
  const { door, campaign } = data;
  const script = campaign?.script ?? { questions: [], consents: [] };
  const pick = (r: ResultCode): void => {
    setResult(r);
    setConfirming(r === 'do_not_contact');
  };
  const save = async (): Promise<void> => {
    // A second tap while the first is saved would record the knock twice.
    if (!result || saving.current) return;
    saving.current = true;
    const contacted = result === 'contacted';
    const event = { id: newEventId(), campaignId: door.campaignId, turfId, addressId, personId: person, result, at: Date.now() };
    // At a refusal only withdrawals count (the choices offered there); elsewhere no consent is recorded.
    const kept = contacted ? consents : result === 'refused' ? consents.filter((c) => !c.granted) : [];
    const withConsents = person !== null && kept.length > 0;
    const extra = { ...(contacted && Object.keys(answers).length ? { answers } : {}), ...(withConsents ? { consents: kept, ...(script.notice ? { noticeVersion: script.notice.version } : {}) } : {}) };
    try {
      await recordEvent(db, { ...event, ...extra });
    } finally {
      saving.current = false;
    }
    onDone(data.next);
  };
  return (
    <section className="door" data-testid="door">
      <h2>
        {door.number} {door.street} <Badge state={data.state} />
      </h2>
      {door.people.length > 0 && (
        <div className="choices people" role="group" aria-label="who answered">
          {door.people.map((p) => (
            <Toggle key={p.id} on={person === p.id} label={personName(p)} onClick={() => setPerson(person === p.id ? null : p.id)} />
          ))}
        </div>
      )}
      <div className="results" role="group" aria-label="result">
        {RESULTS.map((r) => (
          <button key={r} type="button" className={`result ${r}`} aria-pressed={result === r} onClick={() => pick(r)}>
            {RESULT_LABELS[r]}
          </button>
        ))}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="confirm do not contact">
          <p>{person !== null ? 'This person will never be contacted again, on any channel.' : 'This door will not be knocked again in this campaign.'}</p>
          <button type="button" className="danger" onClick={() => setConfirming(false)}>
            Yes, do not contact
          </button>
          <button type="button" onClick={() => (setResult(null), setConfirming(false))}>
            Cancel
          </button>
        </div>
      )}
      {result === 'contacted' && (
        <div className="script">
          {script.intro && <p className="intro">{script.intro}</p>}
          {script.questions.map((q) => (
            <fieldset key={q.id} className="question" data-question={q.id}>
              <legend>{q.text}</legend>
              <Ask q={q} value={answers[q.id]} set={(v) => setAnswers((a) => (v === undefined ? Object.fromEntries(Object.entries(a).filter(([k]) => k !== q.id)) : { ...a, [q.id]: v }))} />
            </fieldset>
          ))}
          {person !== null ? <Consents script={script} value={consents} set={setConsents} /> : script.consents.length > 0 && <p className="hint">Pick who answered to record consents.</p>}
        </div>
      )}
      {result === 'refused' && person !== null && (
        <div className="script">
          <Consents script={script} value={consents} set={setConsents} withdrawOnly />
        </div>
      )}
      <button type="button" className="primary save" disabled={!result || confirming} onClick={() => void save()}>
        Save{data.next !== null ? ' and next door' : ''}
      </button>
    </section>
  );
}
