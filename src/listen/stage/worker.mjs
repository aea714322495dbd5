// A worker thread of the listening stage pool: registers the TypeScript loader, then runs the
// stage that the main thread would run, on the chunks it is sent.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
