import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useApi } from '../use-api';
import { CutForm, EditBar } from './turf-edit';
import { DoorList, TurfList } from './turf-list';
import { TurfMap } from './turf-map';
import type { AreaAddress, AreaSummary } from './types';
import { num } from './types';
import { useEdits } from './use-edits';
import { useTurfs } from './use-turfs';

interface Props {
  campaign: number;
  area: string | undefined;
  turf: string | undefined;
  onPlace: (p: { area?: string | undefined; turf?: string | undefined }) => void;
}

/** The Turfs tab: an area's turfs on the map and in a list; cut, move doors, merge, split. */
export function Turfs({ campaign, area, turf, onPlace }: Props) {
  const areas = useApi<{ areas: AreaSummary[] }>('/api/field/areas', {}, 0);
  const areaId = area ?? areas.data?.areas[0]?.id;
  const data = useTurfs(campaign, areaId);
  // Before the area is cut, its doors are drawn grey.
  const loose = useApi<{ addresses: AreaAddress[] }>(areaId && data.turfs?.length === 0 ? `/api/field/areas/${encodeURIComponent(areaId)}/addresses` : null, {}, 0);
  const [doors, setDoors] = useState<ReadonlySet<number>>(new Set());
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const clear = () => (setDoors(new Set()), setPicked(new Set()));
  const edits = useEdits(data.turfs, data.reload, clear);
  // Another area or campaign starts with nothing selected and nothing to report.
  useEffect(() => {
    clear();
    edits.reset();
  }, [campaign, areaId]);
  const current = data.details.find((t) => String(t.id) === turf);
  const toggle = (id: number) => setDoors((s) => flip(s, id));
  return (
    <div className="field-turfs">
      <AreaBar areas={areas.data?.areas ?? []} areaId={areaId} onArea={(a) => onPlace({ area: a, turf: undefined })}>
        {areaId && <CutForm campaign={campaign} area={areaId} busy={edits.busy} edit={edits.edit} />}
      </AreaBar>
      {areas.error && <p className="error" role="alert">{areas.error}</p>}
      {areas.data?.areas.length === 0 && <p className="empty">No addresses yet: import them with `hustings field addresses import FILE`.</p>}
      {(edits.error ?? data.error) && <p className="error" role="alert">{edits.error ?? data.error}</p>}
      {edits.note && <ChangeNote note={edits.note} />}
      <div className="field-grid">
        <section className="panel">
          <TurfMap area={areaId} details={data.details} loose={data.turfs?.length === 0 ? (loose.data?.addresses ?? NONE) : NONE} current={current} selected={doors} onToggle={toggle} onBox={(ids) => setDoors((s) => new Set([...s, ...ids]))} />
        </section>
        <section className="panel" data-testid="turf-list">
          <h2>Turfs {data.turfs && <small>{data.turfs.length} in this area</small>}</h2>
          {!data.turfs && !data.error && areaId && <p className="empty">Loading…</p>}
          {data.turfs?.length === 0 && <p className="empty">No turfs in this area yet: cut them above.</p>}
          {data.turfs && data.turfs.length > 0 && (
            <>
              <EditBar turfs={data.turfs} details={data.details} picked={picked} current={current} doors={doors} busy={edits.busy} edit={edits.edit} onClear={() => setDoors(new Set())} />
              <TurfList turfs={data.turfs} picked={picked} current={current?.id} onPick={(id) => setPicked((s) => flip(s, id))} onOpen={(id) => onPlace({ area: areaId, turf: id === current?.id ? undefined : String(id) })} />
            </>
          )}
        </section>
      </div>
      {current && <DoorList turf={current} selected={doors} onToggle={toggle} />}
    </div>
  );
}

function AreaBar({ areas, areaId, onArea, children }: { areas: readonly AreaSummary[]; areaId: string | undefined; onArea: (id: string) => void; children: ReactNode }) {
  return (
    <div className="filter-bar field-area">
      <label>
        area{' '}
        <select aria-label="area" value={areaId ?? ''} onChange={(e) => onArea(e.target.value)}>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({num(a.doors)} doors)
            </option>
          ))}
        </select>
      </label>
      {children}
    </div>
  );
}

function ChangeNote({ note }: { note: readonly string[] }) {
  return (
    <div className="field-note" role="status" data-testid="turf-change">
      <strong>{note[0]}</strong>
      <ul>
        {note.slice(1).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

const NONE: AreaAddress[] = [];

function flip(s: ReadonlySet<number>, id: number): ReadonlySet<number> {
  const next = new Set(s);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
