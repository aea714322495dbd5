import type { BadItem } from './ingest';
import type { StageResult } from './stage/stage';

/**
 * Adds what a chunk of the stage read to a run's counts: items read, skipped and bad, and its bad
 * items to those shown, while fewer than `maxShown` are.
 */
export function tallyChunk(counts: { read: number; skipped: number; bad: number }, shown: BadItem[], maxShown: number, file: string, r: StageResult): void {
  counts.read += r.read;
  counts.skipped += r.skipped;
  counts.bad += r.rejects.length;
  for (const x of r.rejects) {
    if (shown.length >= maxShown) return;
    shown.push({ file, line: x.line, error: x.error });
  }
}
