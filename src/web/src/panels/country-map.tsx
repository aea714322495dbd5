import { useEffect, useRef, useState } from 'react';
import { maplibregl, plainStyle } from '../map-base';
import { divergingColor } from '../colors';
import type { Breakdown, Report } from '../types';
import { activityColor, shadeCountries } from './shade';

type Metric = 'stance' | 'activity';

const STYLE = plainStyle('#e7f0f7');

/** A choropleth of activity or stance by country, on boundaries shipped with hustings (GeoJSON, no tile server). */
export function CountryMap({ report, onPick }: { report: Report; onPick: (country: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<{ map: maplibregl.Map; boundaries: GeoJSON.FeatureCollection } | null>(null);
  const [metric, setMetric] = useState<Metric>('stance');
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');
  const [shaded, setShaded] = useState(0);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({ container: box.current!, style: STYLE, center: [8, 50], zoom: 2.6, attributionControl: { compact: true, customAttribution: 'Boundaries: Natural Earth (public domain)' }, dragRotate: false });
    } catch (e) {
      setState(`The map needs WebGL, which this browser does not offer (${(e as Error).message}). The table below has the same figures.`);
      return;
    }
    let removed = false;
    m.on('load', async () => {
      const res = await fetch('/boundaries/countries.geojson').catch(() => null);
      if (removed) return;
      if (!res?.ok) {
        setState(`The country boundaries did not load (${res ? res.status : 'no answer'}). The table below has the same figures.`);
        return;
      }
      const boundaries = (await res.json()) as GeoJSON.FeatureCollection;
      if (removed) return;
      m.addSource('countries', { type: 'geojson', data: boundaries });
      m.addLayer({ id: 'fill', type: 'fill', source: 'countries', paint: { 'fill-color': ['coalesce', ['get', 'color'], '#dde3e8'], 'fill-opacity': 0.9 } });
      m.addLayer({ id: 'border', type: 'line', source: 'countries', paint: { 'line-color': '#868e96', 'line-width': 0.5 } });
      m.on('click', 'fill', (e) => {
        const code = e.features?.[0]?.properties?.code as string | undefined;
        if (code) pickRef.current(code);
      });
      m.on('mouseenter', 'fill', () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', 'fill', () => (m.getCanvas().style.cursor = ''));
      map.current = { map: m, boundaries };
      setState('ready');
    });
    return () => {
      removed = true;
      map.current = null;
      m.remove();
    };
  }, []);

  useEffect(() => {
    if (state !== 'ready' || !map.current) return;
    const { map: m, boundaries } = map.current;
    const { data, count } = shadeCountries(boundaries, report.byCountry, metric);
    (m.getSource('countries') as maplibregl.GeoJSONSource).setData(data);
    setShaded(count);
  }, [state, report, metric]);

  return (
    <section className="panel wide" data-testid="country-map" data-map-state={state === 'ready' ? 'ready' : state === 'loading' ? 'loading' : 'failed'} data-shaded={shaded}>
      <h2>
        By country{' '}
        <span className="toggle">
          <button aria-pressed={metric === 'stance'} onClick={() => setMetric('stance')}>stance</button>
          <button aria-pressed={metric === 'activity'} onClick={() => setMetric('activity')}>activity</button>
        </span>
      </h2>
      <div ref={box} className="map" />
      {state !== 'ready' && state !== 'loading' && <p className="empty">{state}</p>}
      <Legend metric={metric} sides={report.sides} />
      <CountryTable rows={report.byCountry} sides={report.sides} onPick={onPick} />
    </section>
  );
}

function Legend({ metric, sides }: { metric: Metric; sides: [string, string] }) {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <p className="map-legend">
      <i style={{ background: '#dde3e8' }} />
      no posts{' · '}
      {metric === 'stance' ? `share of ${sides[1]} (vs ${sides[0]}): ` : 'activity, relative to the busiest country: '}
      {stops.map((s) => (
        <span key={s}>
          <i style={{ background: metric === 'stance' ? divergingColor(s) : activityColor(s) }} />
          {Math.round(s * 100)}%{' '}
        </span>
      ))}
    </p>
  );
}

function CountryTable({ rows, sides, onPick }: { rows: Breakdown[]; sides: [string, string]; onPick: (c: string) => void }) {
  return (
    <table className="compact">
      <thead>
        <tr>
          <th>country</th>
          <th>posts</th>
          <th>of activity</th>
          <th>{sides[1]} share</th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, 10).map((r) => (
          <tr key={r.key}>
            <td>{r.key === 'other' || r.key === 'unknown' ? r.key : <button className="link" onClick={() => onPick(r.key)}>{r.key}</button>}</td>
            <td>{r.posts.toLocaleString()}</td>
            <td>{r.key === 'unknown' ? '–' : `${(r.shareOfActivity * 100).toFixed(1)}%`}</td>
            <td>{r.shareB === null ? '–' : `${(r.shareB * 100).toFixed(1)}%`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
