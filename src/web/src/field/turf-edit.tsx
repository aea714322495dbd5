import { useState } from 'react';
import { post } from '../api';
import type { Edit } from './use-edits';
import type { CutAnswer, TurfDetail, TurfSummary } from './types';
import { pct } from './types';

/** Cuts the area's turfs (or every area's) of about `target` doors; says how many came within ±25 %. */
export function CutForm({ campaign, area, busy, edit }: { campaign: number; area: string; busy: boolean; edit: Edit }) {
  const [target, setTarget] = useState('60');
  const [sides, setSides] = useState<'zig-zag' | 'round-trip'>('zig-zag');
  const [all, setAll] = useState(false);
  const [force, setForce] = useState(false);
  const cut = () =>
    void edit(all ? 'Cut turfs in every area' : 'Cut turfs', async () => {
      const body = { ...(all ? { all: true } : { area }), target: Number(target), sides, force };
      const r = await post<CutAnswer>(`/api/field/campaigns/${campaign}/turfs/cut`, body);
      const replaced = r.areas.reduce((n, a) => n + a.replaced, 0);
      return `${r.turfs} turfs of ${r.doors} doors (target ${r.target}): ${pct(r.withinTolerance, 0)} within ±${Math.round(r.tolerance * 100)} %${replaced ? `, ${replaced} turfs replaced` : ''}`;
    });
  return (
    <form className="field-cut" aria-label="cut turfs" onSubmit={(e) => (e.preventDefault(), cut())}>
      <label>
        target{' '}
        <input type="number" name="target" min={5} max={500} value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
      <label>
        sides{' '}
        <select aria-label="sides" value={sides} onChange={(e) => setSides(e.target.value as typeof sides)}>
          <option value="zig-zag">zig-zag</option>
          <option value="round-trip">round trip</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> every area
      </label>
      <label>
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> replace existing turfs
      </label>
      <button type="submit" disabled={busy}>
        Cut turfs
      </button>
    </form>
  );
}

interface BarProps {
  turfs: readonly TurfSummary[];
  details: readonly TurfDetail[];
  picked: ReadonlySet<number>;
  current: TurfDetail | undefined;
  doors: ReadonlySet<number>;
  busy: boolean;
  edit: Edit;
  onClear: () => void;
}

/** The edits: move the selected doors to a turf, merge the two ticked turfs, split the open one. */
export function EditBar({ turfs, details, picked, current, doors, busy, edit, onClear }: BarProps) {
  const [to, setTo] = useState('');
  const [parts, setParts] = useState('2');
  const target = turfs.find((t) => String(t.id) === to) ?? turfs[0]!;
  const [a, b] = [...picked].map((id) => turfs.find((t) => t.id === id)!).filter(Boolean);
  const move = () =>
    void edit(`Moved ${doors.size} addresses to turf ${target.number}`, async () => {
      // A move takes doors out of one turf (whose version it checks): doors picked in several turfs go one turf at a time, the target's version following each move.
      const sources = details.filter((t) => t.id !== target.id && t.addresses.some((d) => doors.has(d.addressId)));
      if (sources.length === 0) return 'those addresses are in that turf already';
      let toVersion = target.version;
      for (const from of sources) {
        const ids = from.addresses.filter((d) => doors.has(d.addressId)).map((d) => d.addressId);
        const r = await post<{ turfs: { id: number; version: number }[] }>(`/api/field/turfs/${from.id}/move`, { addressIds: ids, to: target.id, version: from.version, toVersion });
        toVersion = r.turfs.find((t) => t.id === target.id)?.version ?? toVersion;
      }
    });
  const merge = () => void edit(`Merged turf ${b!.number} into turf ${a!.number}`, () => post(`/api/field/turfs/${a!.id}/merge`, { with: b!.id, version: a!.version, withVersion: b!.version }).then(() => undefined));
  const split = () => void edit(`Split turf ${current!.number} in ${parts}`, () => post(`/api/field/turfs/${current!.id}/split`, { parts: Number(parts), version: current!.version }).then(() => undefined));
  return (
    <div className="field-edit" data-testid="turf-edit">
      <span>
        {doors.size} selected{' '}
        <select aria-label="move to turf" value={target.id} onChange={(e) => setTo(e.target.value)}>
          {turfs.map((t) => (
            <option key={t.id} value={t.id}>
              turf {t.number}
            </option>
          ))}
        </select>{' '}
        <button disabled={busy || doors.size === 0} onClick={move}>
          Move to turf {target.number}
        </button>{' '}
        <button className="link" disabled={doors.size === 0} onClick={onClear}>
          clear
        </button>
      </span>
      <span>
        <button disabled={busy || picked.size !== 2} onClick={merge} title="tick two turfs in the list">
          Merge {a && b && picked.size === 2 ? `turfs ${a.number} and ${b.number}` : 'two ticked turfs'}
        </button>
      </span>
      <span>
        <select aria-label="parts" value={parts} onChange={(e) => setParts(e.target.value)}>
          {['2', '3', '4'].map((n) => (
            <option key={n} value={n}>
              {n} parts
            </option>
          ))}
        </select>{' '}
        <button disabled={busy || !current} onClick={split} title="open a turf in the list">
          Split {current ? `turf ${current.number}` : 'the open turf'}
        </button>
      </span>
    </div>
  );
}
