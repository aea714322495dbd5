import { turfColor } from './map-data';
import type { TurfDetail, TurfSummary } from './types';

interface ListProps {
  turfs: readonly TurfSummary[];
  picked: ReadonlySet<number>;
  current: number | undefined;
  onPick: (id: number) => void;
  onOpen: (id: number) => void;
}

/** The area's turfs: tick two to merge them; open one to see its walk and its doors. */
export function TurfList({ turfs, picked, current, onPick, onOpen }: ListProps) {
  return (
    <div className="scroll">
      <table className="compact">
        <thead>
          <tr>
            <th>pick</th>
            <th>turf</th>
            <th>addresses</th>
            <th>knocked</th>
            <th>version</th>
          </tr>
        </thead>
        <tbody>
          {turfs.map((t) => (
            <tr key={t.id} className={t.id === current ? 'current' : undefined} data-turf={t.number}>
              <td>
                <input type="checkbox" aria-label={`pick turf ${t.number}`} checked={picked.has(t.id)} onChange={() => onPick(t.id)} />
              </td>
              <td>
                <i className="swatch" style={{ background: turfColor(t.number) }} />
                <button className="link" aria-pressed={t.id === current} onClick={() => onOpen(t.id)}>
                  turf {t.number}
                </button>
              </td>
              <td>
                {t.addresses}
                {t.doors !== t.addresses && <small> ({t.doors} doors)</small>}
              </td>
              <td>
                {t.knocked}/{t.addresses}
              </td>
              <td>{t.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The open turf's doors in walking order; ticking one selects it on the map too. */
export function DoorList({ turf, selected, onToggle }: { turf: TurfDetail; selected: ReadonlySet<number>; onToggle: (id: number) => void }) {
  const walk = [...turf.addresses].sort((a, b) => a.seq - b.seq);
  return (
    <section className="panel field-doors" data-testid="door-list">
      <h2>
        Turf {turf.number} <small>{walk.length} addresses in walking order, version {turf.version}</small>
      </h2>
      <ol className="door-list">
        {walk.map((d, i) => (
          <li key={d.addressId} value={i + 1}>
            <label>
              <input type="checkbox" checked={selected.has(d.addressId)} onChange={() => onToggle(d.addressId)} /> {[d.number, d.street].filter(Boolean).join(' ') || `address #${d.addressId}`}
              {d.doors > 1 && <small> ({d.doors} doors)</small>}
              {d.state && <small className={d.state.dnc ? 'warn' : undefined}> · {d.state.dnc ? 'do not contact' : d.state.result.replace('_', ' ')}</small>}
            </label>
          </li>
        ))}
      </ol>
    </section>
  );
}
