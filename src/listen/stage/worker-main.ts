import { parentPort, workerData } from 'node:worker_threads';
import { setMemoEntries } from '../../core/memo';
import type { RawItem } from '../read-items';
import type { StanceModel } from '../stance/model';
import { primeModel } from '../stance/model';
import type { StageSetup } from './stage';
import { openStage } from './stage';

const port = parentPort!;
const { setup, memoEntries, model } = workerData as { setup: StageSetup; memoEntries: number; model: StanceModel | null };
setMemoEntries(memoEntries);
if (model && setup.modelPath) primeModel(setup.modelPath, model);
const stage = await openStage(setup);
port.on('message', async ({ id, items }: { id: number; items: RawItem[] }) => {
  try {
    const result = await stage(items);
    // The output's bytes are handed over, not copied.
    port.postMessage({ id, result }, result.json.byteLength > 0 ? [result.json.buffer as ArrayBuffer] : []);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
port.postMessage({ ready: true });
