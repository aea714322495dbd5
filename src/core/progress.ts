import cliProgress from 'cli-progress';

export interface Progress {
  /** `done`/`total` in the unit of the bar (bytes here); `detail` is shown beside it. */
  update(done: number, total: number | null, detail: string): void;
  stop(): void;
}

const QUIET: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on standard error when it is a terminal; silent otherwise (CI, pipes, --json). */
export function createProgress(enabled: boolean, label: string): Progress {
  if (!enabled || !process.stderr.isTTY) return QUIET;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} | {detail}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, detail) {
      const t = total ?? Math.max(done, 1);
      if (!started) {
        bar.start(t, 0, { detail });
        started = true;
      }
      bar.setTotal(t);
      bar.update(Math.min(done, t), { detail });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
