// An estimate's worker thread when no bundle can be had: registers the TypeScript loader, then runs it.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
