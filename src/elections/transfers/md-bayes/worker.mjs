// A worker thread of md-bayes: registers the TypeScript loader, then runs the chains it is given.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
