import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// MapLibre draws in a worker, shipped as its own file next to the page's scripts.
maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };

/**
 * A map style of one background colour. No tile server and no glyphs (the CSP allows only this
 * origin): what the maps draw comes as GeoJSON, and labels as HTML markers.
 */
export function plainStyle(background: string): maplibregl.StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: 'ground', type: 'background', paint: { 'background-color': background } }] };
}
