// Sends what the outbox holds. Any number of drainers may run at once (a Node timer, several
// Worker isolates, a cron run overlapping a waitUntil): each entry is claimed by exactly one of
// them before it is sent, and every send carries the entry's id as its idempotency key, so that
// the one case where an entry is sent again (the drainer died after sending, before recording it)
// is recognised by the receiver.
import type { Client } from '@libsql/client';
import {
  claimOutboxEntry,
  listClaimableOutboxIds,
  markOutboxEntryFailed,
  markOutboxEntrySent,
  type OutboxEntry,
} from '../../db/queries/outbox.ts';

/** Sends one entry; throws on failure. A PermanentDeliveryError means retrying cannot help. */
export type OutboxHandler = (entry: OutboxEntry) => Promise<void>;

export class PermanentDeliveryError extends Error {}

/** A failure after which the entry is tried again at the moment the handler names. */
export class RetryLaterError extends Error {
  readonly retryAt: Date;

  constructor(message: string, retryAt: Date) {
    super(message);
    this.retryAt = retryAt;
  }
}

/**
 * The receiver turned the call away for its rate limit (429), or the sender held it back to stay
 * within that limit: nothing was tried, so it does not count against maxAttempts, however long a
 * busy provider keeps asking to wait.
 */
export class RateLimitedError extends RetryLaterError {}

export interface DrainOptions {
  /** Senders by entry kind. Entries of other kinds are left for a drainer that knows them. */
  handlers: Readonly<Record<string, OutboxHandler>>;
  clock?: () => Date;
  /** How many entries one drain takes at most: bounded so a cron run ends in time. */
  limit?: number;
  /** How long a claim holds before another drainer may take the entry over. */
  leaseMs?: number;
  /** Attempts before an entry is given up on (marked dead, listed for an operator). */
  maxAttempts?: number;
  /**
   * Entries sent at once: while one batch waits for its turn at the mail provider, the next is
   * read and rendered. Mailers keep their own pace (see api/mail/send-pace.ts).
   */
  concurrency?: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

const DEFAULT_LIMIT = 50;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * Sends every due entry this drainer can claim, oldest first, `concurrency` at a time (one by
 * default). Entries are claimed one by one, so concurrent sends never share an entry.
 */
export async function drainOutbox(db: Client, options: DrainOptions): Promise<DrainResult> {
  const clock = options.clock ?? (() => new Date());
  const kinds = Object.keys(options.handlers);
  const ids = await listClaimableOutboxIds(db, kinds, clock().toISOString(), options.limit ?? DEFAULT_LIMIT);
  const result: DrainResult = { sent: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
      const outcome = await sendOne(db, id, options, clock);
      if (outcome !== 'skipped') result[outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return result;
}

/**
 * Node: keeps up to `concurrency` sends going until nothing is due and nothing is in flight.
 * Unlike rounds of drainOutbox, entries that fall due meanwhile (the chunks a running fan-out
 * writes) are taken up while others are still being sent.
 */
export async function drainContinuously(
  db: Client,
  options: DrainOptions & { pollMs?: number },
): Promise<DrainResult> {
  const clock = options.clock ?? (() => new Date());
  const kinds = Object.keys(options.handlers);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const inFlight = new Map<string, Promise<void>>();
  const result: DrainResult = { sent: 0, failed: 0 };
  for (;;) {
    if (inFlight.size < concurrency) {
      const listed = await listClaimableOutboxIds(
        db,
        kinds,
        clock().toISOString(),
        concurrency + inFlight.size,
      );
      for (const id of listed
        .filter((candidate) => !inFlight.has(candidate))
        .slice(0, concurrency - inFlight.size)) {
        const sending = sendOne(db, id, options, clock).then((outcome) => {
          if (outcome !== 'skipped') result[outcome] += 1;
          inFlight.delete(id);
        });
        inFlight.set(id, sending);
      }
    }
    if (inFlight.size === 0) return result;
    await Promise.race([...inFlight.values(), sleepMs(options.pollMs ?? 200)]);
  }
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sendOne(
  db: Client,
  id: string,
  options: DrainOptions,
  clock: () => Date,
): Promise<'sent' | 'failed' | 'skipped'> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const now = clock();
  const token = crypto.randomUUID();
  const entry = await claimOutboxEntry(db, {
    id,
    token,
    now: now.toISOString(),
    leaseExpiresAt: new Date(now.getTime() + leaseMs).toISOString(),
  });
  if (!entry) return 'skipped'; // another drainer claimed it first
  const handler = options.handlers[entry.kind];
  try {
    if (!handler) throw new PermanentDeliveryError(`no sender for outbox entries of kind ${entry.kind}`);
    await handler(entry);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const rateLimited = error instanceof RateLimitedError;
    const giveUp = error instanceof PermanentDeliveryError || (entry.attempts >= maxAttempts && !rateLimited);
    console.error(`Outbox entry ${entry.id} (${entry.kind}) failed on attempt ${entry.attempts}: ${message}`);
    await markOutboxEntryFailed(db, {
      id,
      token,
      error: message.slice(0, 1000),
      retryAt: giveUp ? null : nextAttemptAt(error, entry.attempts, clock()).toISOString(),
      uncountAttempt: rateLimited,
    });
    return 'failed';
  }
  return (await markOutboxEntrySent(db, { id, token, now: clock().toISOString() })) ? 'sent' : 'skipped';
}

function nextAttemptAt(error: unknown, attempts: number, now: Date): Date {
  if (error instanceof RetryLaterError) return error.retryAt;
  return new Date(now.getTime() + retryDelayMs(attempts));
}

/** 30 s, 1 min, 2 min, … up to an hour: a receiver that is down for a while is not hammered. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}
