import { Worker } from 'node:worker_threads';
import { workerUrl } from '../../../core/bundle.mjs';
import { CancelledError } from '../../../core/errors';
import type { ChainDraws } from './chain';
import type { ChainSetup } from './setup';

interface Task {
  readonly setup: ChainSetup;
  readonly chains: number[];
  /** A 1 here stops the task's chains (the worker looks every 25 sweeps). */
  readonly stop: Int32Array;
  /** Sent to the worker: until then, a cancel takes it out of the queue at once. */
  sent: boolean;
  readonly into: ChainDraws[];
  left: number;
  readonly onSweeps: ((chain: number, done: number) => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Member {
  readonly worker: Worker;
  /**
   * Tasks of the worker, in the order it runs them: the first is under way (sent), the others wait
   * here rather than in the worker's message queue, so that a cancelled one can be taken out.
   */
  readonly tasks: Task[];
}

/** Sends the member's first task to its worker if it is not sent yet; lets the process exit once none is left. */
function dispatch(member: Member): void {
  const task = member.tasks[0];
  if (task === undefined) return void member.worker.unref();
  if (task.sent) return;
  task.sent = true;
  member.worker.ref();
  member.worker.postMessage({ setup: task.setup, chains: task.chains, stop: task.stop });
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
      // The worker left the task's other chains too, and is ready for the next task.
      member.tasks.shift();
      dispatch(member);
      return task.reject(cancelled());
    }
    if (m.draws === undefined) return task.onSweeps?.(m.chain, m.sweeps!);
    task.into[m.chain] = m.draws;
    if (--task.left > 0) return;
    member.tasks.shift();
    dispatch(member);
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
  // A task still waiting behind another is taken out of the queue and rejected at once.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      const at = member.tasks.indexOf(task);
      if (at < 0) return;
      if (task.sent) return void Atomics.store(stop, 0, 1);
      member.tasks.splice(at, 1);
      reject(cancelled());
    };
    const task: Task = {
      setup,
      chains,
      stop,
      sent: false,
      into,
      left: chains.length,
      onSweeps,
      resolve: () => (signal?.removeEventListener('abort', onAbort), resolve()),
      reject: (e) => (signal?.removeEventListener('abort', onAbort), reject(e)),
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    member.tasks.push(task);
    dispatch(member);
  });
}

export function cancelled(): CancelledError {
  return new CancelledError('the md-bayes estimate was cancelled');
}
