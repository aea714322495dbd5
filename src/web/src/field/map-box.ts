import type * as maplibregl from 'maplibre-gl';

/**
 * Shift-drag draws a box on the map and hands the door ids inside it to `onBox` (MapLibre's own
 * shift-drag zoom is turned off for this map). Returns the function that removes the listeners.
 */
export function boxSelect(m: maplibregl.Map, layer: string, onBox: (ids: number[]) => void): () => void {
  const canvas = m.getCanvasContainer();
  let start: [number, number] | null = null;
  let box: HTMLDivElement | null = null;
  const at = (e: MouseEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left - canvas.clientLeft, e.clientY - r.top - canvas.clientTop];
  };
  const move = (e: MouseEvent): void => {
    if (!start) return;
    const p = at(e);
    if (!box) {
      box = document.createElement('div');
      box.className = 'field-box';
      canvas.appendChild(box);
    }
    box.style.left = `${Math.min(start[0], p[0])}px`;
    box.style.top = `${Math.min(start[1], p[1])}px`;
    box.style.width = `${Math.abs(start[0] - p[0])}px`;
    box.style.height = `${Math.abs(start[1] - p[1])}px`;
  };
  const up = (e: MouseEvent): void => {
    document.removeEventListener('mousemove', move);
    document.removeEventListener('mouseup', up);
    box?.remove();
    box = null;
    m.dragPan.enable();
    if (!start) return;
    const features = m.queryRenderedFeatures([start, at(e)], { layers: [layer] });
    start = null;
    onBox([...new Set(features.map((f) => Number(f.properties?.addressId)))].filter(Number.isFinite));
  };
  const down = (e: MouseEvent): void => {
    if (!(e.shiftKey && e.button === 0)) return;
    m.dragPan.disable();
    start = at(e);
    document.addEventListener('mousemove', move);
    document.addEventListener('mouseup', up);
  };
  canvas.addEventListener('mousedown', down, true);
  return () => canvas.removeEventListener('mousedown', down, true);
}
