// Progress of a long read (100,000 seats are 1,000 pages): a line at most every few seconds with
// pages, seats, elapsed time and an estimate of what is left, so a big run never looks hung.
// The clock is passed in, so the text is testable without waiting.

/** Lists of more pages than this report progress; shorter ones are over before anyone waits. */
export const PROGRESS_MIN_PAGES = 6;
export const PROGRESS_INTERVAL_MS = 5_000;

export interface ProgressOptions {
  /** Where the lines go (core.info in the action, stderr in the CLI). */
  report: (line: string) => void;
  now?: () => number;
  intervalMs?: number;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** A tick for each page read; it reports when the interval has passed since the last line. */
export function pageProgress(
  what: string,
  totalPages: number,
  opts: ProgressOptions,
): (pagesDone: number, seatsDone: number) => void {
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? PROGRESS_INTERVAL_MS;
  const start = now();
  let last = start;
  return (pagesDone, seatsDone) => {
    if (totalPages < PROGRESS_MIN_PAGES) return;
    const t = now();
    if (t - last < interval && pagesDone < totalPages) return;
    last = t;
    const elapsed = t - start;
    const left = pagesDone > 0 ? (elapsed / pagesDone) * (totalPages - pagesDone) : 0;
    const eta = pagesDone < totalPages ? `, about ${seconds(left)} left` : '';
    opts.report(
      `${what}: page ${pagesDone} of ${totalPages}, ${seatsDone.toLocaleString('en-US')} seats, ${seconds(elapsed)}${eta}`,
    );
  };
}
