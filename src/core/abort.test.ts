import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { settledOrAborted, unlessAborted } from './abort';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('unlessAborted', () => {
  it('gives the work its result, or the abandon error as soon as the signal aborts', async () => {
    const ctl = new AbortController();
    expect(await unlessAborted(Promise.resolve(7), ctl.signal, () => new Error('gone'))).toBe(7);
    const pending = unlessAborted(new Promise(() => undefined), ctl.signal, () => new Error('gone'));
    ctl.abort();
    await expect(pending).rejects.toThrow('gone');
    await expect(unlessAborted(Promise.resolve(1), ctl.signal, () => new Error('already'))).rejects.toThrow('already');
    // Or settles with a value of the caller's on abort.
    const other = new AbortController();
    const waiting = settledOrAborted(new Promise<number>(() => undefined), other.signal, () => 'stopped' as const);
    other.abort();
    expect(await waiting).toBe('stopped');
    expect(await settledOrAborted(Promise.resolve(3), undefined, () => 'stopped')).toBe(3);
  });

  it('keeps no result reachable once the work has settled, where a race against a never-settling promise keeps them all', async () => {
    const ctl = new AbortController();
    const never = new Promise<never>(() => undefined);
    const kept = async (call: (batch: object) => Promise<unknown>): Promise<number> => {
      const refs: WeakRef<object>[] = [];
      for (let i = 0; i < 20; i++) {
        const batch = { posts: new Array(10_000).fill(i) };
        refs.push(new WeakRef(batch));
        await call(batch);
      }
      await new Promise((r) => setTimeout(r, 10));
      gc();
      return refs.filter((r) => r.deref() !== undefined).length;
    };
    // The last batch may still be held by the loop's own frame.
    expect(await kept((b) => unlessAborted(Promise.resolve(b), ctl.signal, () => new Error('gone')))).toBeLessThanOrEqual(1);
    expect(await kept((b) => Promise.race([Promise.resolve(b), never]))).toBeGreaterThanOrEqual(19);
  });
});
