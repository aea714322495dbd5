/**
 * `work`'s outcome, or `onAbort()`'s (its value, or what it throws) as soon as `signal` aborts,
 * whichever comes first. The abort listener goes when `work` settles: racing every call against
 * one promise that never settles (Promise.race) would keep each call's result reachable from it
 * for as long as that promise lives — a worker kept every batch of posts it read, until the heap
 * ran out (a 300,000-post drain did).
 */
export function settledOrAborted<T, A>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => A): Promise<T | A> {
  if (signal?.aborted) return Promise.resolve().then(onAbort);
  return new Promise<T | A>((resolve, reject) => {
    const abort = (): void => {
      try {
        resolve(onAbort());
      } catch (error) {
        reject(error as Error);
      }
    };
    signal?.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal?.removeEventListener('abort', abort));
  });
}

/** `work`, or its rejection with `abandoned()`'s error as soon as `signal` aborts. */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal, abandoned: () => Error): Promise<T> {
  return settledOrAborted(work, signal, () => {
    throw abandoned();
  });
}
