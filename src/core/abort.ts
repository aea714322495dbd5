/**
 * `work`, or its rejection with `abandoned()`'s error as soon as `signal` aborts, whichever comes
 * first. The abort listener goes when `work` settles: racing every call against one promise that
 * never settles (Promise.race) would keep each call's result reachable from it for the worker's
 * life — every batch of posts read, until the heap ran out (a 300,000-post drain did).
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal, abandoned: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(abandoned());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abandoned());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
