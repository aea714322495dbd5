import { parentPort, workerData } from 'node:worker_threads';
import { estimateTransfers } from '../estimate';
import type { EstimateOptions } from '../estimate';
import type { TransferInput } from '../types';

// One estimate on its own thread (lp or goodman, which run synchronously): the server's event loop stays free meanwhile.
const { input, options } = workerData as { input: TransferInput; options: EstimateOptions };
estimateTransfers(input, options).then(
  (result) => parentPort!.postMessage({ result }),
  (error: Error) => parentPort!.postMessage({ error: { name: error.name, message: error.message } }),
);
