import { parentPort } from 'node:worker_threads';
import { runChain } from './chain';
import type { ChainSetup } from './setup';

// A pooled worker runs the chains it is sent, one request after the other. Each chain depends only on
// (setup, chain index), so which thread runs it does not change its draws.
// A cancel is a 1 in `stop`, shared with the caller: the chain under way stops at its next report,
// and the request's other chains are left.
class Stopped extends Error {}

parentPort!.on('message', ({ setup, chains, stop }: { setup: ChainSetup; chains: number[]; stop?: Int32Array }) => {
  const stopped = (): boolean => stop !== undefined && Atomics.load(stop, 0) === 1;
  for (const chain of chains) {
    if (stopped()) return parentPort!.postMessage({ chain, cancelled: true });
    let draws;
    try {
      draws = runChain(setup, chain, (sweeps) => {
        if (stopped()) throw new Stopped();
        parentPort!.postMessage({ chain, sweeps });
      });
    } catch (error) {
      if (error instanceof Stopped) return parentPort!.postMessage({ chain, cancelled: true });
      throw error;
    }
    parentPort!.postMessage({ chain, draws }, [draws.shares.buffer as ArrayBuffer, draws.unitMean.buffer as ArrayBuffer, draws.alphaMean.buffer as ArrayBuffer]);
  }
});
