import { parentPort, workerData } from 'node:worker_threads';
import type { Plan } from './normalise-row';
import { normaliseRecord } from './normalise-row';
import type { NormaliseJob, NormaliseSetup } from './normalise-pool';

const port = parentPort!;
const { plan, now } = workerData as NormaliseSetup & { plan: Plan };
port.on('message', ({ id, lines, values }: NormaliseJob) => {
  try {
    port.postMessage({ id, results: lines.map((line, i) => normaliseRecord(values[i]!, line, plan, now)) });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
port.postMessage({ ready: true });
