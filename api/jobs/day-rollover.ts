// The front page shows the last 90 days in the page's time zone: when a new day begins there, the
// built page is a day behind even though no data changed. This rebuilds it once per new local day.

export interface DayRolloverOptions {
  /** The page's time zone, read on every check (an admin may change it). */
  timeZone: () => Promise<string>;
  onNewDay: () => void;
  /** How often to look at the clock; a rebuild comes at most this long after midnight. */
  intervalMs?: number;
  clock?: () => Date;
}

/** Starts checking; returns a function that stops it. */
export function startDayRolloverRebuilds(options: DayRolloverOptions): () => void {
  const clock = options.clock ?? (() => new Date());
  let lastDay: string | undefined;
  const check = async () => {
    const day = localDate(clock(), await options.timeZone());
    if (lastDay !== undefined && day !== lastDay) options.onNewDay();
    lastDay = day;
  };
  void check().catch(() => undefined);
  const timer = setInterval(() => void check().catch(() => undefined), options.intervalMs ?? 5 * 60_000);
  // A pending check must never keep a stopping process alive.
  timer.unref();
  return () => clearInterval(timer);
}

/** YYYY-MM-DD of `at` in `timeZone` (UTC when the zone is unknown). */
export function localDate(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}
