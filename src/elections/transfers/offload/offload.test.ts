import { describe, expect, it } from 'vitest';
import { estimateTransfers } from '../estimate';
import { randomMatrix, syntheticInput } from '../synthetic.test-helper';
import { estimateOffMainThread, MAX_OFFLOADED } from './index';

describe('estimateOffMainThread', () => {
  const { input } = syntheticInput(5, 3000, randomMatrix(5, 8, 6), 0.3);

  it('gives what estimateTransfers gives, while the event loop stays free', async () => {
    let ticks = 0;
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 10);
    const off = await estimateOffMainThread(input, { method: 'lp', perUnit: true });
    clearInterval(timer);
    const here = await estimateTransfers(input, { method: 'lp', perUnit: true });
    expect(off.matrix).toEqual(here.matrix);
    expect(off.unitMatrices).toEqual(here.unitMatrices);
    expect(ticks).toBeGreaterThan(5);
    expect(longest).toBeLessThan(250);
  }, 60_000);

  it("reports the caller's mistakes as they are, and refuses more than its share at once", async () => {
    const direct = await estimateTransfers({ ...input, y: input.y.slice(1) }, { method: 'goodman' }).then(() => null, (e: Error) => e.message);
    expect(direct).not.toBeNull();
    await expect(estimateOffMainThread({ ...input, y: input.y.slice(1) }, { method: 'goodman' })).rejects.toThrow(direct!);
    const runs = Array.from({ length: MAX_OFFLOADED + 1 }, () => estimateOffMainThread(input, { method: 'lp', perUnit: true }).then(() => 'ok', (e: Error) => e.name));
    expect((await Promise.all(runs)).sort()).toEqual(['BusyError', ...Array<string>(MAX_OFFLOADED).fill('ok')]);
  }, 60_000);

  it('stops at a cancel: the estimate rejects with a CancelledError and its thread is ended', async () => {
    const stop = new AbortController();
    const started = performance.now();
    const run = estimateOffMainThread(input, { method: 'lp', perUnit: true, signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    await expect(run).rejects.toMatchObject({ name: 'CancelledError', message: 'the lp estimate was cancelled' });
    const cancelledAfter = performance.now() - started;
    const whole = performance.now();
    await estimateOffMainThread(input, { method: 'lp', perUnit: true });
    expect(cancelledAfter).toBeLessThan(performance.now() - whole);
    await expect(estimateOffMainThread(input, { method: 'goodman', signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'CancelledError' });
  }, 60_000);
});
