import { useEffect, useRef, useState } from 'react';
import { maplibregl, plainStyle } from '../map-base';
import { boxSelect } from './map-box';
import { boundsOf, doorFeatures, routeFeature, turfColor } from './map-data';
import type { AreaAddress, TurfDetail } from './types';

// The doors and the walk are GeoJSON, and the turf numbers HTML markers (a symbol layer would need a font server).
const STYLE = plainStyle('#f1f3f5');

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

interface Props {
  area: string | undefined;
  details: readonly TurfDetail[];
  /** The area's doors when no turf holds them yet (drawn grey). */
  loose: readonly AreaAddress[];
  current: TurfDetail | undefined;
  selected: ReadonlySet<number>;
  onToggle: (addressId: number) => void;
  onBox: (addressIds: number[]) => void;
}

/** The area's doors coloured by turf, the walk of the open turf as a line, and each turf's number at its centre. */
export function TurfMap({ area, details, loose, current, selected, onToggle, onBox }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const markers = useRef<maplibregl.Marker[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');
  const handlers = useRef({ onToggle, onBox });
  handlers.current = { onToggle, onBox };

  useEffect(() => {
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({ container: box.current!, style: STYLE, center: [2.35, 48.85], zoom: 14, boxZoom: false, dragRotate: false, attributionControl: { compact: true, customAttribution: 'Addresses: your import' } });
    } catch (e) {
      setState(`The map needs WebGL, which this browser does not offer (${(e as Error).message}). The lists beside it have the same doors.`);
      return;
    }
    let unbox = (): void => {};
    m.on('load', () => {
      m.addSource('doors', { type: 'geojson', data: EMPTY });
      m.addSource('route', { type: 'geojson', data: EMPTY });
      m.addLayer({ id: 'route', type: 'line', source: 'route', paint: { 'line-color': '#212529', 'line-width': 2.5, 'line-opacity': 0.8 } });
      m.addLayer({
        id: 'doors',
        type: 'circle',
        source: 'doors',
        paint: { 'circle-color': ['get', 'color'], 'circle-radius': ['case', ['get', 'selected'], 7, 5], 'circle-stroke-color': ['case', ['get', 'selected'], '#000', '#fff'], 'circle-stroke-width': ['case', ['get', 'selected'], 2.5, 1] },
      });
      m.on('click', 'doors', (e) => {
        const id = Number(e.features?.[0]?.properties?.addressId);
        if (Number.isFinite(id)) handlers.current.onToggle(id);
      });
      m.on('mouseenter', 'doors', () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', 'doors', () => (m.getCanvas().style.cursor = ''));
      unbox = boxSelect(m, 'doors', (ids) => handlers.current.onBox(ids));
      map.current = m;
      setState('ready');
    });
    return () => {
      unbox();
      map.current = null;
      m.remove();
    };
  }, []);

  useDoors(state, map, { details, loose, current, selected });
  useLabels(state, map, markers, details);
  useFit(state, map, area, boundsOf(details, loose));

  return (
    <div className="field-map-box" data-testid="turf-map" data-map-state={state === 'ready' || state === 'loading' ? state : 'failed'} data-doors={details.reduce((n, t) => n + t.addresses.length, loose.length)}>
      <div ref={box} className="map field-map" />
      {state !== 'ready' && state !== 'loading' && <p className="empty">{state}</p>}
      <p className="map-legend">Click a door to select it; shift-drag a box to select many. The line is the walk of the open turf.</p>
    </div>
  );
}

type MapRef = React.RefObject<maplibregl.Map | null>;

interface Drawn {
  details: readonly TurfDetail[];
  loose: readonly AreaAddress[];
  current: TurfDetail | undefined;
  selected: ReadonlySet<number>;
}

function useDoors(state: string, map: MapRef, { details, loose, current, selected }: Drawn): void {
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m) return;
    (m.getSource('doors') as maplibregl.GeoJSONSource).setData(doorFeatures(details, selected, loose));
    (m.getSource('route') as maplibregl.GeoJSONSource).setData(routeFeature(current));
  }, [state, map, details, loose, current, selected]);
}

function useLabels(state: string, map: MapRef, markers: React.RefObject<maplibregl.Marker[]>, details: readonly TurfDetail[]): void {
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m) return;
    for (const old of markers.current) old.remove();
    markers.current = details
      .filter((t) => t.lat !== null && t.lon !== null)
      .map((t) => {
        const el = document.createElement('span');
        el.className = 'turf-label';
        el.textContent = String(t.number);
        el.style.borderColor = turfColor(t.number);
        return new maplibregl.Marker({ element: el }).setLngLat([t.lon!, t.lat!]).addTo(m);
      });
  }, [state, map, markers, details]);
}

/** Fits the map to the area's doors when the area changes (not after each edit, so the view stays put). */
function useFit(state: string, map: MapRef, area: string | undefined, bounds: [[number, number], [number, number]] | null): void {
  const fitted = useRef<string | undefined>(undefined);
  const key = bounds ? bounds.flat().join() : null;
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m || !bounds || fitted.current === area) return;
    fitted.current = area;
    m.fitBounds(bounds, { padding: 30, animate: false, maxZoom: 18 });
  }, [state, map, area, key]);
}
