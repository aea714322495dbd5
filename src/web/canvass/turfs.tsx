import { useState } from 'react';
import type { CanvassDb, TurfRow } from './db';
import { dayClock, useLive, useOnline } from './live';
import { checkout } from './sync';

function Turf({ db, turf, campaign, onOpen }: { db: CanvassDb; turf: TurfRow; campaign: string; onOpen: () => void }) {
  const online = useOnline();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await checkout(db, fetch.bind(window), turf.id);
      if (!r.ok) setMessage(`Held by ${r.holder} until ${dayClock(r.expiresAt)}.`);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const expired = turf.lockExpiresAt !== null && turf.lockExpiresAt < Date.now();
  return (
    <li className="turf" data-testid="turf" data-turf={turf.id}>
      <div>
        <strong>Turf {turf.number}</strong> <small>{campaign}</small>
        <br />
        <small>
          {turf.doorCount} doors
          {turf.partner && <> · with {turf.partner}</>}
          {turf.lockExpiresAt !== null && <> · {expired ? 'lock expired' : `locked${turf.lockHolder ? ` to ${turf.lockHolder}` : ''} until ${dayClock(turf.lockExpiresAt)}`}</>}
          {turf.endsAt !== null && <> · assignment ends {dayClock(turf.endsAt)}</>}
          {turf.ended === 1 && ' · assignment ended: sync to send your records'}
        </small>
      </div>
      <div className="turf-actions">
        {turf.downloaded === 1 && (
          <button type="button" className="primary" onClick={onOpen}>
            Open
          </button>
        )}
        {turf.ended === 0 && (turf.downloaded === 0 || expired) && (
          <button type="button" disabled={!online || busy} onClick={() => void download()}>
            {turf.downloaded ? 'Renew lock' : 'Download'}
          </button>
        )}
      </div>
      {message && (
        <p className="error" role="alert" data-testid="turf-message">
          {message}
        </p>
      )}
    </li>
  );
}

/** The canvasser's turfs: downloading one locks it to them (checkout) and brings its doors onto the phone. */
export function Turfs({ db, onOpen }: { db: CanvassDb; onOpen: (turfId: number) => void }) {
  const data = useLive(async () => ({ turfs: await db.turfs.orderBy('id').toArray(), campaigns: await db.campaigns.toArray() }), [db]);
  if (!data) return null;
  if (data.turfs.length === 0) return <p className="empty">No turf is assigned to you yet. Sync when your organiser says so.</p>;
  const names = new Map(data.campaigns.map((c) => [c.id, c.name]));
  return (
    <ul className="turfs" aria-label="my turfs">
      {data.turfs.map((t) => (
        <Turf key={t.id} db={db} turf={t} campaign={names.get(t.campaignId) ?? ''} onOpen={() => onOpen(t.id)} />
      ))}
    </ul>
  );
}
