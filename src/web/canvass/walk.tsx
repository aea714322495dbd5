import { useState } from 'react';
import type { CanvassDb, DoorRow, StateRow } from './db';
import { personName, RESULT_LABELS, useLive } from './live';
import { shown } from './state';

export interface WalkDoor {
  door: DoorRow;
  state: StateRow | undefined;
}

/** A turf's doors in walking order, each with its state on this phone (server state + unsent records). */
export function useWalk(db: CanvassDb, turfId: number): WalkDoor[] | undefined {
  return useLive(async () => {
    const doors = await db.doors.where('turfId').equals(turfId).sortBy('seq');
    const states = new Map((await db.states.where('turfId').equals(turfId).toArray()).map((s) => [s.addressId, s]));
    return doors.map((door) => ({ door, state: states.get(door.addressId) }));
  }, [db, turfId]);
}

export function Badge({ state }: { state: StateRow | undefined }) {
  const s = shown(state);
  return (
    <span className={`badge ${s ?? 'todo'}`} data-testid="state">
      {s ? RESULT_LABELS[s] : 'to do'}
    </span>
  );
}

function List({ walk, onDoor }: { walk: WalkDoor[]; onDoor: (addressId: number) => void }) {
  return (
    <ol className="walk" aria-label="walk list">
      {walk.map(({ door, state }) => (
        <li key={door.addressId}>
          <button type="button" className="door-row" data-testid="door-row" data-address={door.addressId} onClick={() => onDoor(door.addressId)}>
            <span className="seq">{door.seq}</span>
            <span className="where">
              <strong>
                {door.number} {door.street}
              </strong>
              {door.doors > 1 && <small> · {door.doors} households</small>}
              <small className="people" data-testid="people">
                {door.people.map(personName).join(', ')}
              </small>
            </span>
            <Badge state={state} />
          </button>
        </li>
      ))}
    </ol>
  );
}

const COLOURS: Record<string, string> = { todo: '#868e96', contacted: '#2f9e44', not_home: '#f08c00', refused: '#c92a2a', moved: '#6741d9', come_back: '#1971c2', do_not_contact: '#000' };

/**
 * The turf drawn with no tile server (so it works offline): doors as numbered dots in walking order
 * joined by the route, on a local equirectangular projection (fine at the scale of a street).
 */
export function TurfMap({ walk, onDoor }: { walk: WalkDoor[]; onDoor: (addressId: number) => void }) {
  if (walk.length === 0) return null;
  const lat0 = walk.reduce((s, w) => s + w.door.lat, 0) / walk.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const pts = walk.map((w) => ({ w, x: w.door.lon * k, y: -w.door.lat }));
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY, 1e-5);
  const at = (p: { x: number; y: number }): [number, number] => [5 + ((p.x - minX) / span) * 90, 5 + ((p.y - minY) / span) * 90];
  const route = pts.map((p) => at(p).join(',')).join(' ');
  return (
    <svg className="turf-map" viewBox="0 0 100 100" role="img" aria-label="map of the turf in walking order" data-testid="turf-map">
      <polyline points={route} fill="none" stroke="#adb5bd" strokeWidth="0.6" />
      {pts.map((p) => {
        const [x, y] = at(p);
        const s = shown(p.w.state) ?? 'todo';
        return (
          <g key={p.w.door.addressId} onClick={() => onDoor(p.w.door.addressId)} className="map-door">
            <circle cx={x} cy={y} r="2.2" fill={COLOURS[s]} />
            <text x={x} y={y + 0.9} fontSize="2.2" textAnchor="middle" fill="#fff">
              {p.w.door.seq}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A turf: the walk list or its map, and how far the walk has got. */
export function Walk({ db, turfId, onDoor }: { db: CanvassDb; turfId: number; onDoor: (addressId: number) => void }) {
  const walk = useWalk(db, turfId);
  const [map, setMap] = useState(false);
  if (!walk) return null;
  if (walk.length === 0) return <p className="empty">This turf is not on the phone (download it from My turfs).</p>;
  const done = walk.filter((w) => w.state).length;
  return (
    <section>
      <div className="walk-head">
        <span data-testid="walk-progress">
          {done} / {walk.length} doors
        </span>
        <div className="toggle" role="group" aria-label="view">
          <button type="button" aria-pressed={!map} onClick={() => setMap(false)}>
            List
          </button>
          <button type="button" aria-pressed={map} onClick={() => setMap(true)}>
            Map
          </button>
        </div>
      </div>
      {map ? <TurfMap walk={walk} onDoor={onDoor} /> : <List walk={walk} onDoor={onDoor} />}
    </section>
  );
}
