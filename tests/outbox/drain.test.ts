// The outbox's promise: every entry is sent, and sent once, whoever drains it and whatever fails.
import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import {
  drainContinuously,
  drainOutbox,
  type OutboxHandler,
  PermanentDeliveryError,
  RateLimitedError,
  retryDelayMs,
} from '../../api/outbox/drain.ts';
import {
  claimOutboxEntry,
  enqueueOutboxEntry,
  enqueueUnlessPending,
  listOutboxEntries,
  markOutboxEntrySent,
  type OutboxEntry,
} from '../../db/queries/outbox.ts';
import { createTestDatabase } from '../support/database.ts';

const T0 = new Date('2026-11-23T12:00:00.000Z');

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A handler that records what it was given, and fails while told to. */
function recordingHandler() {
  const sent: OutboxEntry[] = [];
  let failWith: Error | undefined;
  const handler: OutboxHandler = async (entry) => {
    if (failWith) throw failWith;
    sent.push(entry);
  };
  return {
    handler,
    sent,
    failWith: (error: Error | undefined) => {
      failWith = error;
    },
  };
}

async function enqueue(db: Client, overrides: Partial<Parameters<typeof enqueueOutboxEntry>[1]> = {}) {
  return enqueueOutboxEntry(db, {
    kind: 'test.message',
    payload: { hello: 'world' },
    availableAt: T0.toISOString(),
    now: T0.toISOString(),
    ...overrides,
  });
}

async function onlyEntry(db: Client): Promise<OutboxEntry> {
  const entries = await listOutboxEntries(db, { limit: 10 });
  expect(entries).toHaveLength(1);
  return entries[0] as OutboxEntry;
}

describe('enqueueing', () => {
  it('adds nothing for a dedupe key already queued', async () => {
    const { db } = await createTestDatabase();
    expect(await enqueue(db, { dedupeKey: 'email:upd_1:sub_1' })).toBe(true);
    expect(await enqueue(db, { dedupeKey: 'email:upd_1:sub_1' })).toBe(false);
    expect((await onlyEntry(db)).payload).toEqual({ hello: 'world' });
  });

  it('coalesces requests of a kind while one is pending, and queues anew once it is being sent', async () => {
    const { db } = await createTestDatabase();
    const request = () =>
      enqueueUnlessPending(db, {
        kind: 'site.publish',
        availableAt: T0.toISOString(),
        now: T0.toISOString(),
      });
    expect(await Promise.all([request(), request(), request()])).toEqual([true, false, false]);
    const entry = await onlyEntry(db);
    await claimOutboxEntry(db, {
      id: entry.id,
      token: 'drainer-1',
      now: T0.toISOString(),
      leaseExpiresAt: new Date(T0.getTime() + 60_000).toISOString(),
    });
    expect(await request()).toBe(true);
  });
});

describe('drainOutbox', () => {
  it('sends a due entry once, and not before it is due', async () => {
    const { db } = await createTestDatabase();
    const clock = manualClock();
    const { handler, sent } = recordingHandler();
    await enqueue(db, { availableAt: new Date(T0.getTime() + 10_000).toISOString() });

    expect(await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now })).toEqual({
      sent: 0,
      failed: 0,
    });
    clock.advance(10_000);
    expect(await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now })).toEqual({
      sent: 1,
      failed: 0,
    });
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });

    expect(sent.map((entry) => entry.payload)).toEqual([{ hello: 'world' }]);
    const entry = await onlyEntry(db);
    expect(entry).toMatchObject({ state: 'sent', attempts: 1, sent_at: clock.now().toISOString() });
  });

  it('leaves entries of kinds it has no sender for', async () => {
    const { db } = await createTestDatabase();
    await enqueue(db, { kind: 'email' });
    const { handler, sent } = recordingHandler();
    await drainOutbox(db, { handlers: { 'test.message': handler } });
    expect(sent).toHaveLength(0);
    expect((await onlyEntry(db)).state).toBe('pending');
  });

  it('sends each entry exactly once when several drainers race', async () => {
    const { db } = await createTestDatabase();
    for (let i = 0; i < 12; i += 1) await enqueue(db, { payload: { i } });
    const sends = new Map<string, number>();
    const slowHandler: OutboxHandler = async (entry) => {
      sends.set(entry.id, (sends.get(entry.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const drainers = Array.from({ length: 4 }, () =>
      drainOutbox(db, { handlers: { 'test.message': slowHandler } }),
    );
    const results = await Promise.all(drainers);

    expect(results.reduce((total, result) => total + result.sent, 0)).toBe(12);
    expect(sends.size).toBe(12);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
    const states = (await listOutboxEntries(db, { limit: 20 })).map((entry) => entry.state);
    expect(states).toEqual(Array(12).fill('sent'));
  });

  it('retries a failed send later with back-off, then sends it', async () => {
    const { db } = await createTestDatabase();
    const clock = manualClock();
    const { handler, sent, failWith } = recordingHandler();
    await enqueue(db);
    failWith(new Error('connection reset'));

    const first = await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });
    expect(first).toEqual({ sent: 0, failed: 1 });
    expect(await onlyEntry(db)).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'connection reset',
      available_at: new Date(T0.getTime() + retryDelayMs(1)).toISOString(),
    });

    failWith(undefined);
    clock.advance(retryDelayMs(1) - 1);
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });
    expect(sent).toHaveLength(0);
    clock.advance(1);
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });
    expect(sent).toHaveLength(1);
    expect(await onlyEntry(db)).toMatchObject({ state: 'sent', attempts: 2, last_error: null });
  });

  it('gives up at once on a permanent failure, and after the last attempt on others', async () => {
    const { db } = await createTestDatabase();
    const clock = manualClock();
    const { handler, failWith } = recordingHandler();
    await enqueue(db, { dedupeKey: 'permanent' });
    failWith(new PermanentDeliveryError('deploy hook answered 404'));
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });
    expect(await listOutboxEntries(db, { limit: 1 })).toMatchObject([
      { state: 'dead', attempts: 1, last_error: 'deploy hook answered 404' },
    ]);

    await enqueue(db, { dedupeKey: 'transient' });
    failWith(new Error('503'));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now, maxAttempts: 3 });
      clock.advance(retryDelayMs(attempt + 1));
    }
    const transient = (await listOutboxEntries(db, { limit: 10 })).find((e) => e.dedupe_key === 'transient');
    expect(transient).toMatchObject({ state: 'dead', attempts: 3 });
  });

  it('never gives up on an entry for rate limits: a 429 is not an attempt', async () => {
    const { db } = await createTestDatabase();
    const clock = manualClock();
    const { handler, failWith, sent } = recordingHandler();
    await enqueue(db);
    for (let round = 0; round < 5; round += 1) {
      failWith(new RateLimitedError('Resend answered 429', new Date(clock.now().getTime() + 1000)));
      await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now, maxAttempts: 3 });
      expect(await onlyEntry(db)).toMatchObject({ state: 'pending', attempts: 0 });
      clock.advance(1000);
    }
    failWith(undefined);
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now, maxAttempts: 3 });
    expect(sent).toHaveLength(1);
    expect(await onlyEntry(db)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('drains continuously: entries enqueued while others are sending are sent in the same drain', async () => {
    const { db } = await createTestDatabase();
    const sent: string[] = [];
    const handlers: Record<string, OutboxHandler> = {
      // A fan-out: adds work for the same drain while it is still running.
      'test.fan-out': async () => {
        for (let index = 0; index < 6; index += 1) {
          await enqueue(db, {
            kind: 'test.message',
            dedupeKey: `chunk-${index}`,
            availableAt: new Date().toISOString(),
          });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      'test.message': async (entry) => {
        sent.push(entry.dedupe_key);
      },
    };
    await enqueue(db, { kind: 'test.fan-out', dedupeKey: 'event', availableAt: new Date().toISOString() });
    const result = await drainContinuously(db, { handlers, concurrency: 3, pollMs: 10 });
    expect(result).toEqual({ sent: 7, failed: 0 });
    expect(sent.sort()).toEqual(['chunk-0', 'chunk-1', 'chunk-2', 'chunk-3', 'chunk-4', 'chunk-5']);
  });

  it('takes over an entry whose drainer died mid-send, with the same id as idempotency key', async () => {
    const { db } = await createTestDatabase();
    const clock = manualClock();
    await enqueue(db);
    const { id } = await onlyEntry(db);
    // A drainer claims it and is never heard of again.
    const leaseExpiresAt = new Date(T0.getTime() + 60_000).toISOString();
    await claimOutboxEntry(db, { id, token: 'dead-drainer', now: T0.toISOString(), leaseExpiresAt });

    const { handler, sent } = recordingHandler();
    clock.advance(59_999);
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });
    expect(sent).toHaveLength(0);
    clock.advance(1);
    await drainOutbox(db, { handlers: { 'test.message': handler }, clock: clock.now });
    expect(sent.map((entry) => entry.id)).toEqual([id]);
    expect(await onlyEntry(db)).toMatchObject({ state: 'sent', attempts: 2 });

    // The first drainer waking up late cannot overwrite what the second one recorded.
    expect(await markOutboxEntrySent(db, { id, token: 'dead-drainer', now: clock.now().toISOString() })).toBe(
      false,
    );
  });
});
