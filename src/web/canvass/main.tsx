import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Workbox } from 'workbox-window';
import { App } from './app';
import { CanvassDb } from './db';
import './canvass.css';

/** The service worker keeps the app shell (never an API answer) so that the app opens with no network. */
function registerWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/canvass/sw.js', { scope: '/canvass/' });
  wb.register().catch((e: unknown) => console.warn('canvass: no service worker', e));
}

registerWorker();
const db = new CanvassDb();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App db={db} />
  </StrictMode>,
);
