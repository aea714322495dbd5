import { Worker } from 'node:worker_threads';
import { workerUrl } from '../../../core/bundle.mjs';
import { CancelledError } from '../../../core/errors';
import type { ChainDraws } from './chain';
import type { ChainSetup } from './setup';

interface Task {
  readonly chains: number[];
  readonly into: ChainDraws[];
  left: number;
  readonly onSweeps: ((chain: number, done: number) => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Member {
  readonly worker: Worker;
  /** Tasks sent to the worker, in the order it runs them (it runs one at a time). */
  readonly tasks: Task[];
}

/**
 * Worker threads that run md-bayes chains, started on first use and kept for the next run: starting
 * one (the sampler's modules; with the TypeScript loader when no bundle can be had) costs up to half
 * a second, as much as all the chains of a small table. An idle worker does not keep the process
 * alive; a busy one does.
 */
const members: Member[] = [];
let next = 0;
let entry: Promise<URL> | null = null;

function start(url: URL): Member {
  const member: Member = { worker: new Worker(url), tasks: [] };
  const fail = (error: Error): void => {
    const at = members.indexOf(member);
    if (at >= 0) members.splice(at, 1);
    for (const t of member.tasks.splice(0)) t.reject(error);
  };
  member.worker.on('message', (m: { chain: number; draws?: ChainDraws; sweeps?: number; cancelled?: true }) => {
    const task = member.tasks[0]!;
    if (m.cancelled) {
      // The worker left the task's other chains too, and goes on to the next task.
      member.tasks.shift();
      if (member.tasks.length === 0) member.worker.unref();
      return task.reject(cancelled());
    }
    if (m.draws === undefined) return task.onSweeps?.(m.chain, m.sweeps!);
    task.into[m.chain] = m.draws;
    if (--task.left > 0) return;
    member.tasks.shift();
    if (member.tasks.length === 0) member.worker.unref();
    task.resolve();
  });
  member.worker.on('error', fail);
  member.worker.on('exit', (code) => fail(new Error(`an md-bayes worker stopped (exit code ${code})`)));
  return member;
}

/**
 * Runs `chains` of `setup` on one of up to `size` pooled workers; their draws go to `into` at their
 * index, and `onSweeps` hears each chain's sweeps done as it goes.
 */
export async function runPooled(size: number, setup: ChainSetup, chains: number[], into: ChainDraws[], onSweeps?: (chain: number, done: number) => void, signal?: AbortSignal): Promise<void> {
  entry ??= workerUrl(new URL('./worker-main.ts', import.meta.url), new URL('./worker.mjs', import.meta.url));
  const url = await entry;
  if (signal?.aborted) throw cancelled();
  if (members.length < size) members.push(start(url));
  const member = members[next++ % members.length]!;
  // The worker runs its chains without a pause for messages: a cancel reaches it through shared memory, looked at every 25 sweeps.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  signal?.addEventListener('abort', () => Atomics.store(stop, 0, 1), { once: true });
  return new Promise((resolve, reject) => {
    member.tasks.push({ chains, into, left: chains.length, onSweeps, resolve, reject });
    member.worker.ref();
    member.worker.postMessage({ setup, chains, stop });
  });
}

export function cancelled(): CancelledError {
  return new CancelledError('the md-bayes estimate was cancelled');
}
