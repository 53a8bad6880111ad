// Keeps one mailer's calls within the provider's request rate. Resend allows a few requests per
// second per team (2 by default) and answers 429 beyond it; a fan-out of 10,000 emails is 100
// calls, so sending as fast as possible would spend most calls on 429s and their Retry-After
// waits. Spacing calls evenly reaches the rate's floor instead. After a 429 the pace is held back
// until the time Resend named, so the calls that follow are not refused as well.

/** Longest wait a call sits out in place; longer, it is handed back to the outbox to retry. */
export const LONGEST_INLINE_WAIT_MS = 2_000;

export interface SendPace {
  /**
   * Resolves when a call may go out, or returns the time to come back at when that is further
   * than LONGEST_INLINE_WAIT_MS away.
   */
  nextTurn(): Promise<Date | null>;
  /** The provider asked to wait until `until` (a 429's Retry-After). */
  holdUntil(until: Date): void;
}

export function sendPace(options: {
  /** Calls per second; unlimited when undefined. */
  requestsPerSecond: number | undefined;
  clock: () => Date;
  sleep?: (ms: number) => Promise<void>;
}): SendPace {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const spacingMs = options.requestsPerSecond ? 1000 / options.requestsPerSecond : 0;
  let nextAt = 0;
  return {
    async nextTurn() {
      const now = options.clock().getTime();
      const wait = nextAt - now;
      if (wait > LONGEST_INLINE_WAIT_MS) return new Date(nextAt);
      if (wait > 0) await sleep(wait);
      // Spaced from when this call was due, so time spent rendering the next batch is not added.
      nextAt = Math.max(now, nextAt) + spacingMs;
      return null;
    },
    holdUntil(until) {
      nextAt = Math.max(nextAt, until.getTime());
    },
  };
}
