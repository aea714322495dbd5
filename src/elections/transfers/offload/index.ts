import { Worker } from 'node:worker_threads';
import { workerUrl } from '../../../core/bundle.mjs';
import { BusyError, CancelledError, InputError, UsageError } from '../../../core/errors';
import type { EstimateOptions } from '../estimate';
import { estimateTransfers } from '../estimate';
import type { TransferInput, TransferResult } from '../types';

/** Estimates running on their own threads at once; more are refused (503) rather than queued behind minutes of work. */
export const MAX_OFFLOADED = 2;

let running = 0;
let entry: Promise<URL> | null = null;

/** The error a worker reported, as the class the routes map to a status (400 for the caller's mistakes). */
function rebuilt(e: { name: string; message: string }): Error {
  if (e.name === 'InputError') return new InputError(e.message);
  if (e.name === 'UsageError') return new UsageError(e.message);
  return Object.assign(new Error(e.message), { name: e.name });
}

/**
 * `estimateTransfers` off the main thread: lp and goodman run synchronously and can take minutes
 * on a large table, which on the server's event loop would hold every other request (and SIGTERM)
 * meanwhile. md-bayes already runs its chains on worker threads, and is run as it is. Progress
 * callbacks do not cross to the thread.
 */
export async function estimateOffMainThread(input: TransferInput, options: EstimateOptions = {}): Promise<TransferResult> {
  if ((options.method ?? 'lp') === 'md-bayes') return estimateTransfers(input, options);
  const cancelled = (): CancelledError => new CancelledError(`the ${options.method ?? 'lp'} estimate was cancelled`);
  if (options.signal?.aborted) throw cancelled();
  if (running >= MAX_OFFLOADED) throw new BusyError(`${running} estimates are running; try again when one has finished`, 10);
  running++;
  let worker: Worker | null = null;
  try {
    entry ??= workerUrl(new URL('./worker-main.ts', import.meta.url), new URL('./worker.mjs', import.meta.url));
    const { onProgress: _progress, signal, ...plain } = options;
    const started = new Worker(await entry, { workerData: { input, options: plain } });
    worker = started;
    return await new Promise<TransferResult>((resolve, reject) => {
      started.once('message', (m: { result?: TransferResult; error?: { name: string; message: string } }) => (m.error ? reject(rebuilt(m.error)) : resolve(m.result!)));
      started.once('error', reject);
      started.once('exit', (code) => reject(new Error(`the estimate's thread stopped (exit code ${code})`)));
      // The thread runs lp or goodman in one go: a cancel ends it.
      signal?.addEventListener('abort', () => reject(cancelled()), { once: true });
    });
  } finally {
    running--;
    void worker?.terminate();
  }
}
