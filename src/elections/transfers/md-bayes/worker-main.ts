import { parentPort } from 'node:worker_threads';
import { runChain } from './chain';
import type { ChainSetup } from './setup';

// A pooled worker runs the chains it is sent, one request after the other. Each chain depends only on
// (setup, chain index), so which thread runs it does not change its draws.
parentPort!.on('message', ({ setup, chains }: { setup: ChainSetup; chains: number[] }) => {
  for (const chain of chains) {
    const draws = runChain(setup, chain, (sweeps) => parentPort!.postMessage({ chain, sweeps }));
    parentPort!.postMessage({ chain, draws }, [draws.shares.buffer as ArrayBuffer, draws.unitMean.buffer as ArrayBuffer, draws.alphaMean.buffer as ArrayBuffer]);
  }
});
