import { useEffect, useRef, useState } from 'react';
import { boxAround } from '../geo-box';
import { maplibregl, plainStyle } from '../map-base';
import type { StationPoint } from './map-data';

// As the field map: the stations are GeoJSON circles.
const STYLE = plainStyle('#f1f3f5');

function features(points: readonly StationPoint[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { code: p.code, color: p.color, label: p.label } })),
  };
}

/** Polling stations as coloured dots; a click says what the dot stands for. */
export function StationMap({ points, testId }: { points: readonly StationPoint[]; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');

  useEffect(() => {
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({ container: box.current!, style: STYLE, center: [2.35, 46.6], zoom: 5, dragRotate: false, attributionControl: { compact: true, customAttribution: 'Stations: your import' } });
    } catch (e) {
      setState(`The map needs WebGL, which this browser does not offer (${(e as Error).message}). The table has the same units.`);
      return;
    }
    m.on('load', () => {
      m.addSource('stations', { type: 'geojson', data: features([]) });
      m.addLayer({ id: 'stations', type: 'circle', source: 'stations', paint: { 'circle-color': ['get', 'color'], 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
      m.on('click', 'stations', (e) => {
        const f = e.features?.[0];
        if (f) new maplibregl.Popup({ closeButton: false }).setLngLat(e.lngLat).setText(String(f.properties?.label ?? '')).addTo(m);
      });
      m.on('mouseenter', 'stations', () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', 'stations', () => (m.getCanvas().style.cursor = ''));
      map.current = m;
      setState('ready');
    });
    return () => {
      map.current = null;
      m.remove();
    };
  }, []);

  const bounds = boxAround(points);
  const key = bounds ? bounds.flat().join() : '';
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m) return;
    (m.getSource('stations') as maplibregl.GeoJSONSource).setData(features(points));
  }, [state, points]);
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m || !bounds) return;
    m.fitBounds(bounds, { padding: 20, animate: false, maxZoom: 15 });
  }, [state, key]);

  const drawn = state === 'ready' || state === 'loading' ? state : 'failed';
  return (
    <div className="field-map-box" data-testid={testId} data-map-state={drawn} data-stations={points.length}>
      <div ref={box} className="map" />
      {drawn === 'failed' && <p className="empty">{state}</p>}
    </div>
  );
}

/** A legend line: a swatch and a label per colour. */
export function MapLegend({ items }: { items: readonly { color: string; label: string }[] }) {
  return (
    <p className="map-legend">
      {items.map((i) => (
        <span key={i.label}>
          <i style={{ background: i.color }} />
          {i.label}{' '}
        </span>
      ))}
    </p>
  );
}
