// A worker thread of an import's normalise pool: registers the TypeScript loader, then normalises
// the records the main thread sends (normalise-worker-main.ts).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./normalise-worker-main.ts', import.meta.url).href);
