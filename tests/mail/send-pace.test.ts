import { describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../api/mail/mailer.ts';
import { resendMailer } from '../../api/mail/resend-mailer.ts';
import { LONGEST_INLINE_WAIT_MS, PACE_MARGIN_MS, sendPace } from '../../api/mail/send-pace.ts';
import { RateLimitedError } from '../../api/outbox/drain.ts';
import { startFakeResend } from '../support/fake-resend.ts';

/** A clock that only moves when the pace sleeps. */
function virtualTime() {
  let now = Date.parse('2026-11-30T12:00:00.000Z');
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    at: () => now,
  };
}

describe('send pace', () => {
  it('lets N calls through, then waits a second from the first answer', async () => {
    const time = virtualTime();
    const pace = sendPace({ requestsPerSecond: 2, ...time });
    const start = time.at();
    const first = await pace.nextTurn();
    const second = await pace.nextTurn();
    expect(time.at()).toBe(start);
    if (!first.go || !second.go) throw new Error('expected turns');
    await time.sleep(50); // the first answer comes back 50 ms later
    first.done();
    second.done();
    const third = await pace.nextTurn();
    expect(third.go).toBe(true);
    expect(time.at() - start).toBe(50 + 1000 + PACE_MARGIN_MS);
  });

  it('after a 429 makes every call wait, and hands back a wait too long to sit out', async () => {
    const time = virtualTime();
    const pace = sendPace({ requestsPerSecond: undefined, ...time });
    pace.holdUntil(new Date(time.at() + 1000));
    const start = time.at();
    expect((await pace.nextTurn()).go).toBe(true);
    expect(time.at() - start).toBe(1000);
    pace.holdUntil(new Date(time.at() + LONGEST_INLINE_WAIT_MS + 1));
    const turn = await pace.nextTurn();
    expect(turn).toEqual({ go: false, comeBackAt: new Date(time.at() + LONGEST_INLINE_WAIT_MS + 1) });
  });
});

describe('Resend mailer at a rate limit', () => {
  const email = (index: number): OutgoingEmail => ({
    to: `reader${index}@example.com`,
    subject: 'Hello',
    html: '<p>Hi</p>',
    text: 'Hi',
  });

  it('sends 11 batches at once to a 5/s limit without one 429', async () => {
    const fake = await startFakeResend({ requestsPerSecond: 5 });
    const mailer = resendMailer({
      apiKey: 're_test',
      baseUrl: fake.url,
      from: 's@example.com',
      requestsPerSecond: 5,
    });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 11 }, (_, index) => mailer.sendBatch([email(index)], `k${index}`)),
    );
    expect(fake.rateLimited).toBe(0);
    expect(fake.delivered).toHaveLength(11);
    // Two full windows passed: 11 calls at 5 a second cannot be quicker.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('holds every later call after a 429 until its Retry-After, without counting it as an attempt', async () => {
    const fake = await startFakeResend();
    const mailer = resendMailer({ apiKey: 're_test', baseUrl: fake.url, from: 's@example.com' });
    fake.failNext({ status: 429, retryAfter: '5' });
    await expect(mailer.sendBatch([email(1)], 'a')).rejects.toBeInstanceOf(RateLimitedError);
    // Not sent at all: the wait Resend asked for is not over.
    await expect(mailer.sendBatch([email(2)], 'b')).rejects.toBeInstanceOf(RateLimitedError);
    expect(fake.requests).toBe(1);
  });
});
