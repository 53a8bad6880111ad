// Keeps one mailer's calls within the provider's request rate. Resend allows a few requests per
// second per team (2 by default) and answers 429 beyond it; a fan-out of 10,000 emails is 100
// calls, so sending as fast as possible would spend calls on 429s and their Retry-After waits.
//
// At N calls a second, a call goes out only once a second (and a small margin) has passed since
// the answer to the call N before it came back. The provider counted that call somewhere between
// its sending and its answer, so however unevenly calls travel, no second it counts can hold more
// than N. After a 429 every call waits until the time the provider named.

/** Longest wait a call sits out in place; longer, it is handed back to the outbox to retry. */
export const LONGEST_INLINE_WAIT_MS = 2_000;

/** Added to each window, for clocks that differ by a little. */
export const PACE_MARGIN_MS = 20;

export type Turn = { go: true; done: () => void } | { go: false; comeBackAt: Date };

export interface SendPace {
  /**
   * Waits for the call's turn; `done` must be called when its answer has come back. Or, when the
   * turn is further than LONGEST_INLINE_WAIT_MS away, the time to come back at. Concurrent callers
   * take successive turns.
   */
  nextTurn(): Promise<Turn>;
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
  const rate = options.requestsPerSecond;
  // `perWindow` calls in `windowMs`: 5/s is 5 in 1,000 ms, 0.5/s is 1 in 2,000 ms.
  const perWindow = rate ? Math.ceil(rate) : Number.POSITIVE_INFINITY;
  const windowMs = rate ? (1000 * perWindow) / rate + PACE_MARGIN_MS : 0;
  // When the answers to the last `perWindow` calls came back; Infinity while one is on its way.
  const slots: Array<{ answeredAt: number }> = [];
  let answered: () => void = () => undefined;
  let anAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });
  let heldUntil = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const takeSlot = (): (() => void) => {
    const slot = { answeredAt: Number.POSITIVE_INFINITY };
    slots.push(slot);
    if (slots.length > perWindow) slots.shift();
    return () => {
      slot.answeredAt = options.clock().getTime();
      answered();
      anAnswer = new Promise<void>((resolve) => {
        answered = resolve;
      });
    };
  };

  const turn = async (): Promise<Turn> => {
    for (;;) {
      const now = options.clock().getTime();
      const oldest = slots.length >= perWindow ? (slots[slots.length - perWindow]?.answeredAt ?? 0) : 0;
      // The call N before is still on its way: its answer sets this call's time.
      if (oldest === Number.POSITIVE_INFINITY) {
        await anAnswer;
        continue;
      }
      const at = Math.max(now, heldUntil, oldest > 0 ? oldest + windowMs : 0);
      if (at - now > LONGEST_INLINE_WAIT_MS) return { go: false, comeBackAt: new Date(at) };
      if (at > now) await sleep(at - now);
      return { go: true, done: takeSlot() };
    }
  };
  return {
    nextTurn() {
      const next = queue.then(turn);
      queue = next.catch(() => undefined);
      return next;
    },
    holdUntil(until) {
      heldUntil = Math.max(heldUntil, until.getTime());
    },
  };
}
